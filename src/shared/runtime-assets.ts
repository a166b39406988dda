// The app serves its own copy of ONNX Runtime's wasm (the build used by transformers.js's WebGPU bundle), so no
// byte of the runtime comes from a CDN and the app works offline. Shared: Whisper (engine) and Silero VAD (audio)
// load the same binary.
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

export const ortWasmUrl = (): string => new URL(ortWasm, import.meta.url).href;
