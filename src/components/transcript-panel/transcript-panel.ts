import { defineElement } from '../define';
import { WrTranscriptPanel } from './transcript-panel.component';

export { WrTranscriptPanel };

defineElement('wr-transcript-panel', WrTranscriptPanel);

declare global {
  interface HTMLElementTagNameMap {
    'wr-transcript-panel': WrTranscriptPanel;
  }
}
