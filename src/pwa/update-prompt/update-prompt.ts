import { defineElement } from '../../components/define';
import { WrUpdatePrompt } from './update-prompt.component';

export { WrUpdatePrompt };

defineElement('wr-update-prompt', WrUpdatePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'wr-update-prompt': WrUpdatePrompt;
  }
}
