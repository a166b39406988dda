import { defineElement } from '../define';
import { WhisperRecorder } from './whisper-recorder.component';

export { WhisperRecorder };
export type { RecorderSource } from './whisper-recorder.component';
export * from './recorder-events';

defineElement('whisper-recorder', WhisperRecorder);

declare global {
  interface HTMLElementTagNameMap {
    'whisper-recorder': WhisperRecorder;
  }
}
