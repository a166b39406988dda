import '../index';
import { defineElement } from '../define';
import { WhisperApp } from './whisper-app.component';

export { WhisperApp };

defineElement('whisper-app', WhisperApp);

declare global {
  interface HTMLElementTagNameMap {
    'whisper-app': WhisperApp;
  }
}
