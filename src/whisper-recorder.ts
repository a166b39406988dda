/**
 * The embeddable entry: `import 'whisper-recorder'` (npm) or `<script type="module" src=".../whisper-recorder.js">`
 * registers `<whisper-recorder>` and the `WhisperSpeechRecognition` global. Workers, ONNX Runtime's wasm, the VAD
 * model and the audio worklet load from next to this script.
 */
export * from './components/whisper-recorder/whisper-recorder';
export * from './speech-recognition/speech-recognition';
export type { FinalDetail, PartialDetail } from './engine/live-transcriber';
export { TranscriptionEngine } from './engine/transcription-engine';
export type { EngineEventMap, EngineSettings, EngineStatus, FileCallbacks, FileTranscript, ResumePoint } from './engine/transcription-engine';
export { FileJobEvent } from './engine/file-job-queue';
export type { FileJob, FileJobDetails, FileJobEventType, FileJobInfo, FileJobOptions, FileJobState } from './engine/file-job-queue';
export type { LiveErrorCode, LiveEvent, LiveSession, LiveSessionOptions, LiveSessionState, LiveSource, LiveSourceKind } from './engine/live-session';
export type { Segment, Transcript, TranscriptMeta, Word } from './engine/transcript';
export type { LoadAnswer } from './components/load-confirm/load-confirm.events';
export type { LoadConsent } from './engine/load-consent';
