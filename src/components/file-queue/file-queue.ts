import { defineElement } from '../define';
import { WrFileQueue } from './file-queue.component';

export { WrFileQueue };
export type { QueueItem, QueueState } from './queue-item';

defineElement('wr-file-queue', WrFileQueue);

declare global {
  interface HTMLElementTagNameMap {
    'wr-file-queue': WrFileQueue;
  }
}
