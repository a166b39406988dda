// The app serves its own copy of ONNX Runtime's wasm (the build used by transformers.js's WebGPU bundle), so no
// byte of the runtime comes from a CDN and the app works offline. Shared: Whisper (engine) and Silero VAD (audio)
// load the same binary.
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
// The speech detector's model, built as an asset next to the app (never committed, never fetched from a CDN).
import sileroModel from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';

export const ortWasmUrl = (): string => new URL(ortWasm, import.meta.url).href;

/** Silero VAD v5, for the live path's VAD worker and the decode worker. */
export const sileroModelUrl = (): string => new URL(sileroModel, import.meta.url).href;
