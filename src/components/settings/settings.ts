import { defineElement } from '../define';
import { WrSettings } from './settings.component';

export { WrSettings };
export type { SettingsModel } from './settings.component';

defineElement('wr-settings', WrSettings);

declare global {
  interface HTMLElementTagNameMap {
    'wr-settings': WrSettings;
  }
}
