// The entry transformers.js uses, so the app ships one ONNX Runtime; Silero only asks it for the WASM backend.
import * as ort from 'onnxruntime-web/webgpu';
import { SileroVad, VadModelError } from '../src/vad/silero-vad.ts';

/** Where the model and ONNX Runtime's wasm are served; resolved on the page (src/engine/runtime-assets.ts). */
export interface SileroAssets {
  /** The Silero v5 .onnx, served by the app. */
  modelUrl: string;
  /** ONNX Runtime's .wasm, served by the app. */
  ortWasmUrl: string;
}

/** Loads Silero VAD in the calling worker, on one WASM thread. Throws VadModelError, saying where and why. */
export async function loadSileroVad({ modelUrl, ortWasmUrl }: SileroAssets): Promise<SileroVad> {
  ort.env.wasm.wasmPaths = { wasm: ortWasmUrl };
  // One thread: a frame costs about a millisecond, and spare threads belong to Whisper.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const response = await fetch(modelUrl).catch((error: unknown) => {
    throw new VadModelError(`Could not fetch the VAD model from ${modelUrl} (${error instanceof Error ? error.message : String(error)}).`);
  });
  if (!response.ok) throw new VadModelError(`Could not fetch the VAD model from ${modelUrl}: HTTP ${response.status}.`);
  return SileroVad.create(ort, await response.arrayBuffer());
}
