import { defineElement } from '../define';
import { WrTranscriptView } from './transcript-view.component';

export { WrTranscriptView };

defineElement('wr-transcript-view', WrTranscriptView);

declare global {
  interface HTMLElementTagNameMap {
    'wr-transcript-view': WrTranscriptView;
  }
}
