import { defineElement } from '../define';
import { WrModelManager } from './model-manager.component';

export { WrModelManager };
export * from './model-manager.events';

defineElement('wr-model-manager', WrModelManager);

declare global {
  interface HTMLElementTagNameMap {
    'wr-model-manager': WrModelManager;
  }
}
