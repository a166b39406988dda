import { defineElement } from '../define';
import { WrHistory } from './history.component';

export { WrHistory };
export * from './history.events';

defineElement('wr-history', WrHistory);

declare global {
  interface HTMLElementTagNameMap {
    'wr-history': WrHistory;
  }
}
