import { defineElement } from '../define';
import { WrDropZone } from './drop-zone.component';

export { WrDropZone };

defineElement('wr-drop-zone', WrDropZone);

declare global {
  interface HTMLElementTagNameMap {
    'wr-drop-zone': WrDropZone;
  }
}
