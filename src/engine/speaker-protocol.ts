/**
 * The speaker worker's API (workers/diarize.worker.ts): one typed interface the worker implements and the client
 * calls through the worker bridge. Audio goes as transferred Float32Arrays; everything else is plain data.
 */
import type { ModelSource } from '../models/model-source.ts';
import type { Dtype } from '../models/dtype.ts';
import type { TimeRange } from '../shared/time-range.ts';

export interface SpeakerModelRequest {
  source: ModelSource;
  dtype: Dtype;
}

export interface SpeakerLoadRequest {
  segmentation: SpeakerModelRequest;
  embedding: SpeakerModelRequest;
  /** The app's own copy of ONNX Runtime's wasm binary (never a CDN). */
  ortWasmUrl: string;
}

export type SpeakerLoadEvent = { type: 'download'; file: string; loaded: number; total: number } | { type: 'file-done'; file: string };

export interface SpeakerModelsInfo {
  loadMs: number;
}

/**
 * One voice the segmentation model heard in a stretch of at most 10 s (its "local speaker"): the same voice may
 * come back as another HeardVoice in the next stretch; which voices are the same person is the page's to decide
 * (speaker-clustering.ts), from the embeddings.
 */
export interface HeardVoice {
  /** Where it speaks, seconds from the start of the audio analysed, in order (overlapped speech included). */
  turns: TimeRange[];
  /** Seconds it speaks alone, which is what the embedding was made from. */
  soloSeconds: number;
  /** WeSpeaker's embedding of its solo speech; null when there is too little of it to tell who speaks. */
  embedding: Float32Array | null;
}

export interface DiarizeWorkerApi {
  load(request: SpeakerLoadRequest, onEvent: (event: SpeakerLoadEvent) => void): Promise<SpeakerModelsInfo>;
  /** 16 kHz mono samples (transferred); the voices heard, in order of their first turn. */
  analyse(audio: Float32Array): Promise<HeardVoice[]>;
}
