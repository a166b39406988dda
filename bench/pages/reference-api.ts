/** Types shared by the reference page, its worker and the Node side that drives them. */
import type { Dtype } from '../../src/models/dtype.ts';
import type { Backend, Task } from '../../src/shared/choices.ts';

export interface ReferenceLoadRequest {
  /** Same forms as the app's ?model=: a hub id, a URL, or a same-origin path such as /test-models/name. */
  model: string;
  device: Backend;
  encoderDtype: Dtype;
  decoderDtype: Dtype;
  /** The app's ONNX Runtime wasm, as the app serves it. */
  ortWasmUrl: string;
}

export interface ReferenceLoaded {
  threads: number;
  loadMs: number;
  warmupMs: number;
}

export interface ReferenceChunk {
  text: string;
  start: number;
  end: number | null;
}

export interface ReferenceOutput {
  text: string;
  chunks: ReferenceChunk[];
  audioSeconds: number;
  /** Forward passes of each model part during this call (ONNX session runs). */
  encoderRuns: number;
  decoderRuns: number;
  /** Time the worker spent reading the file into 16 kHz samples, and in the pipeline. */
  decodeMs: number;
  pipelineMs: number;
}

export interface ReferenceResult extends ReferenceOutput {
  /** On the page: from handing the file over to the result, like the app's file-to-done. */
  wallMs: number;
}

export interface TranscribeRequest {
  language: string | null;
  task: Task;
}

export interface ReferenceWorkerApi {
  load(request: ReferenceLoadRequest): Promise<ReferenceLoaded>;
  /** A 16-bit or float WAV at 16 kHz as a File, or samples the page decoded. */
  transcribe(audio: File | Float32Array, request: TranscribeRequest): Promise<ReferenceOutput>;
}

export interface ReferencePageApi {
  load(request: ReferenceLoadRequest): Promise<ReferenceLoaded>;
  /** Transcribes the file chosen in the page's `<input type=file id=audio>`. */
  transcribeInput(request: TranscribeRequest): Promise<ReferenceResult>;
}

declare global {
  interface Window {
    __reference: ReferencePageApi;
  }
}
