import { defineElement } from '../define';
import { WrStatus } from './status.component';

export { WrStatus };

defineElement('wr-status', WrStatus);

declare global {
  interface HTMLElementTagNameMap {
    'wr-status': WrStatus;
  }
}
