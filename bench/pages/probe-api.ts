/**
 * What the probe init script (probes.ts) records in a page, and the API it exposes as `window.__bench`. Types only:
 * shared by the page code and the Node side that reads it through Playwright.
 */

/** One call the page made to a worker over comlink, timed on the page's clock (performance.now(), ms). */
export interface WorkerCall {
  /** The worker's `name` option ('whisper', 'decode', …) or its script URL. */
  worker: string;
  method: string;
  start: number;
  end: number | null;
  failed: boolean;
  /** transcribe: seconds of audio sent. */
  audioSeconds?: number;
  /** transcribe: from the WindowResult. */
  decoderSteps?: number;
  encoderPasses?: number;
  segments?: number;
  /** Temperatures tried after the first (openai/whisper's fallback) and the highest one, and where the pass's time went. */
  fallbacks?: number;
  highestTemperature?: number;
  featuresMs?: number;
  encoderMs?: number;
  decoderMs?: number;
  /** load: from the LoadedModel. */
  threads?: number;
  loadMs?: number;
  warmupMs?: number;
}

export interface QueueEvent {
  /** Position of the row in the queue (a file added twice has two rows of the same name). */
  row: number;
  name: string;
  state: string;
  t: number;
}

export interface QueueRow {
  name: string;
  state: string;
  /** The row's <progress> value, while it has one. */
  progress: number | null;
  error: string | null;
}

/** A Long Animation Frame (Chromium ≥ 123): what ran in a frame that took over 50 ms. */
export interface LongFrame {
  start: number;
  duration: number;
  blockingDuration: number;
  scripts: { source: string; invoker: string; duration: number }[];
}

export interface InputSample {
  /** Page time the pointerdown was handled. */
  t: number;
  /** Handler start minus the event's timestamp: how long the input waited for the main thread. */
  delay: number;
  /** Next animation frame after the handler, minus the event's timestamp (null if none came). */
  nextFrame: number | null;
}

export interface RecorderEvent {
  type: 'partial' | 'final' | 'error' | 'state';
  t: number;
  /** The text, the error's message, or the state. */
  text: string;
  utteranceId: number | null;
  /** Times in the recording, when the event carries them. */
  start: number | null;
  end: number | null;
  /** A final's revision: 0 for an utterance's first final, then 1, 2… for the ones that replace it. */
  revision: number | null;
}

/** Live capture batches as the page receives them from the VAD worker (LiveAudio's port). */
export interface CaptureStats {
  batches: number;
  /** 512-sample frames received. */
  frames: number;
  /** The worklet's own count of frames it dropped (its buffer pool ran dry). */
  dropped: number;
  /** Frames missing between consecutive batches' indices, beyond the dropped count. */
  missing: number;
}

export interface ProbeSnapshot {
  now: number;
  longTasks: { start: number; duration: number }[];
  longFrames: LongFrame[];
  /** Gaps between animation frames over 50 ms. */
  frameGaps: { start: number; gap: number }[];
  frames: number;
  inputs: InputSample[];
  workerCalls: WorkerCall[];
  workers: { name: string; url: string; t: number }[];
  queue: QueueEvent[];
  recorder: RecorderEvent[];
  capture: CaptureStats;
  /** The longest the probe's own per-frame work took (it must stay far below the 50 ms it looks for). */
  probeMaxMs: number;
}

export interface MemorySample {
  t: number;
  /** performance.measureUserAgentSpecificMemory(): total bytes, and by realm. */
  bytes: number;
  page: number;
  workers: { url: string; bytes: number }[];
  other: number;
}

export interface ScriptLoad {
  url: string;
  start: number;
  end: number;
}

export interface MicState {
  /** When getUserMedia resolved. */
  streamAt: number | null;
  /** First time the captured signal went over -40 dBFS. */
  onsetAt: number | null;
}

export interface BenchProbeApi {
  now(): number;
  /** Everything recorded from page time `since` on. */
  snapshot(since: number): ProbeSnapshot;
  queue(): QueueRow[];
  /** First time the file input of <wr-drop-zone> existed: the page is usable. */
  uiReadyAt(): number | null;
  measureMemory(): Promise<MemorySample | null>;
  /** JavaScript files the page fetched before it constructed its first worker (all of them if it has none yet). */
  scriptsBeforeFirstWorker(): ScriptLoad[];
  recorderDefined(): boolean;
  /** Finds <whisper-recorder> (through open shadow roots), listens to its events and calls its start(). */
  startRecorder(): Promise<string>;
  stopRecorder(): Promise<string>;
  mic(): MicState;
}

declare global {
  interface Window {
    __bench: BenchProbeApi;
  }
}
