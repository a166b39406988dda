/**
 * The Whisper worker's API: one typed interface that the worker implements and the client calls through comlink.
 * Everything crossing the boundary is structured-cloneable; audio goes as transferred Float32Arrays.
 */
import type { DecodingStats, GuardOptions } from '../shared/guard-options.ts';
import type { Dtype } from '../models/dtype.ts';
import type { ModelSource } from '../models/model-source.ts';
import type { Backend, Task } from '../shared/choices.ts';
import type { Segment } from './transcript.ts';

export type { Backend, Dtype, ModelSource, Task };

export interface LoadRequest {
  source: ModelSource;
  device: Backend;
  encoderDtype: Dtype;
  decoderDtype: Dtype;
  threads: number;
  /** The app's own copy of ONNX Runtime's wasm binary (never a CDN). */
  ortWasmUrl: string;
}

export type LoadEvent =
  | { type: 'download'; file: string; loaded: number; total: number }
  | { type: 'file-done'; file: string }
  | { type: 'warmup' };

export interface LoadedModel {
  model: string;
  device: Backend;
  encoderDtype: Dtype;
  decoderDtype: Dtype;
  threads: number;
  multilingual: boolean;
  /** Language codes the tokenizer knows, in token order. */
  languages: string[];
  /** The decoder outputs its cross-attention (a `_timestamped` export), so segments carry timed words. */
  wordTimings: boolean;
  loadMs: number;
  warmupMs: number;
}

export interface TranscribeOptions {
  /** A Whisper language code, or null to detect it from the audio. */
  language: string | null;
  /**
   * When detecting: the language of the audio before this, which stays unless another wins clearly
   * (src/shared/language-switch.ts).
   */
  previousLanguage?: string | null;
  /** `translate` leaves audio already in English transcribed. */
  task: Task;
  timestamps: boolean;
  /** Text said before this audio, given to the model as context (`<|startofprev|>`). */
  prompt?: string;
  /** Words the user expects (names, terms): first in the prompt on every window, before the text said before. */
  vocabulary?: string;
  guards: GuardOptions;
  /** Stops after this many new tokens (the warm-up needs one); Whisper's own limit is 224. */
  maxNewTokens?: number;
  /** Seeds the sampling of fallback temperatures, so the same audio gives the same text. */
  seed?: number;
}

export interface LanguageGuess {
  language: string;
  probability: number;
}

/** One window of at most 30 s, transcribed. Times are relative to the window's start. */
export interface WindowResult {
  segments: Segment[];
  text: string;
  language: string;
  /** Top candidates when the language was detected, best first. */
  detected?: LanguageGuess[];
  /** How the kept text was decoded (also on each segment). */
  stats: DecodingStats;
  /** The model called the window silence, so it has no segments. */
  silence: boolean;
  /** Temperatures tried after the first. */
  fallbacks: number;
  /** How far the fallback went: above `guards.promptResetOnTemperature`, the next window should get no prompt. */
  highestTemperature: number;
  decoderSteps: number;
  encoderPasses: number;
  /** Where the pass's time went, in milliseconds: log-mel features, the encoder, and decoding (every temperature). */
  timings: PassTimings;
}

export interface PassTimings {
  featuresMs: number;
  encoderMs: number;
  decoderMs: number;
}

export interface PartialText {
  text: string;
}

/** Error codes the worker reports; the client maps them to user-facing messages and fallbacks. */
export type EngineErrorCode =
  | 'model-download'
  | 'model-invalid'
  | 'webgpu-unavailable'
  | 'session-create'
  | 'device-lost'
  | 'not-loaded'
  | 'cancelled'
  | 'unsupported-request'
  | 'inference'
  | 'worker-crashed'
  /** The worker did not start, or stopped answering, and was ended. */
  | 'worker-unresponsive'
  /** The worker was ended on purpose (a cancel it did not heed in time). */
  | 'worker-terminated';

export interface WhisperWorkerApi {
  load(request: LoadRequest, onEvent: (event: LoadEvent) => void): Promise<LoadedModel>;
  /** 16 kHz mono samples, at most 30 s. `callId` is the caller's, for `cancel`. */
  transcribe(callId: number, audio: Float32Array, options: TranscribeOptions, onPartial?: (partial: PartialText) => void): Promise<WindowResult>;
  /**
   * Stops transcription `callId` after its current decoding step if it is the one running (it then rejects with
   * 'cancelled'); the worker stays usable. Only that call: the page's file jobs and live recorder share one worker.
   * While ONNX Runtime runs, the worker's event loop does not turn, so this message waits for the transcription to
   * end; `shareCancelFlag` is the way that works mid-run.
   */
  cancel(callId: number): void;
  /**
   * Shared memory (cross-origin isolated pages): the client writes the id of a call to cancel into `flag[0]`, and the
   * worker reads it between decoding steps.
   */
  shareCancelFlag(flag: Int32Array): void;
}
