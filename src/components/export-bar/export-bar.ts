import { defineElement } from '../define';
import { WrExportBar } from './export-bar.component';

export { WrExportBar };

defineElement('wr-export-bar', WrExportBar);

declare global {
  interface HTMLElementTagNameMap {
    'wr-export-bar': WrExportBar;
  }
}
