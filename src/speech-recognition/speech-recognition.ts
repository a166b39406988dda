import { WhisperSpeechRecognition } from './whisper-speech-recognition';

export { WhisperSpeechRecognition };
export type { WhisperSpeechRecognitionOptions } from './whisper-speech-recognition';
export * from './speech-recognition-events';
export type { RecognitionAlternative, RecognitionResult, RecognitionResultList } from './recognition-results';

// For pages that load the script with a tag: `new WhisperSpeechRecognition()` where they had `new webkitSpeechRecognition()`.
// A second copy of the script keeps the first's.
if (typeof window !== 'undefined') window.WhisperSpeechRecognition ??= WhisperSpeechRecognition;

declare global {
  interface Window {
    WhisperSpeechRecognition: typeof WhisperSpeechRecognition;
  }
}
