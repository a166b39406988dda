import { defineElement } from '../define';
import { WrLoadConfirm } from './load-confirm.component';

export { WrLoadConfirm };
export * from './load-confirm.events';

defineElement('wr-load-confirm', WrLoadConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'wr-load-confirm': WrLoadConfirm;
  }
}
