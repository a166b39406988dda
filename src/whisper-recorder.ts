/**
 * The embeddable entry: `import 'whisper-recorder'` (npm) or `<script type="module" src=".../whisper-recorder.js">`
 * registers `<whisper-recorder>`. Workers, ONNX Runtime's wasm, the VAD model and the audio worklet load from
 * next to this script.
 */
export * from './components/whisper-recorder/whisper-recorder';
export type { FinalDetail, PartialDetail } from './engine/live-transcriber';
export { TranscriptionEngine } from './engine/transcription-engine';
export type { LoadAnswer } from './components/load-confirm/load-confirm.events';
