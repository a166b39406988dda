/**
 * Init script the benchmark installs in every page (page.addInitScript) before the app's own code runs. It only
 * observes: long tasks and long animation frames, gaps between animation frames, input delay of the clicks the
 * benchmark sends, calls to workers (comlink messages, with the counters in their results), the file queue's row
 * states, <whisper-recorder> events and the microphone's first sound. Results are read through `window.__bench`.
 *
 * Built by bench/vite.config.ts into probes.js, a classic script with no imports.
 */
import type { BenchProbeApi, CaptureStats, InputSample, LongFrame, MemorySample, MicState, ProbeSnapshot, QueueEvent, QueueRow, RecorderEvent, WorkerCall } from './probe-api.ts';

const GAP_MS = 50;
const records: Omit<ProbeSnapshot, 'now' | 'capture'> = {
  longTasks: [],
  longFrames: [],
  frameGaps: [],
  frames: 0,
  inputs: [],
  workerCalls: [],
  workers: [],
  queue: [],
  recorder: [],
  probeMaxMs: 0,
};
const mic: MicState = { streamAt: null, onsetAt: null };
const capture: CaptureStats = { batches: 0, frames: 0, dropped: 0, missing: 0 };
let uiReadyAt: number | null = null;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// --- Main-thread blocking --------------------------------------------------------------------------------------
function observe(type: string, onEntry: (entry: PerformanceEntry) => void): void {
  if (!PerformanceObserver.supportedEntryTypes.includes(type)) return;
  new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
}

observe('longtask', (e) => records.longTasks.push({ start: e.startTime, duration: e.duration }));
observe('long-animation-frame', (e) => {
  const entry = e as PerformanceEntry & { blockingDuration?: number; scripts?: readonly PerformanceEntry[] };
  const frame: LongFrame = {
    start: entry.startTime,
    duration: entry.duration,
    blockingDuration: entry.blockingDuration ?? 0,
    scripts: (entry.scripts ?? []).map((script) => {
      const s = script.toJSON() as Record<string, unknown>;
      const where = [s.sourceURL, s.sourceFunctionName].filter((x) => typeof x === 'string' && x !== '').join(' ');
      return { source: where || String(s.invokerType ?? 'unknown'), invoker: String(s.invoker ?? ''), duration: num(s.duration) ?? 0 };
    }),
  };
  records.longFrames.push(frame);
});

// --- Input delay of the benchmark's clicks --------------------------------------------------------------------
addEventListener(
  'pointerdown',
  (event) => {
    const sample: InputSample = { t: performance.now(), delay: performance.now() - event.timeStamp, nextFrame: null };
    records.inputs.push(sample);
    requestAnimationFrame(() => (sample.nextFrame = performance.now() - event.timeStamp));
  },
  { capture: true },
);

// --- Workers: comlink calls and their results ---------------------------------------------------------------
interface PendingCall {
  call: WorkerCall;
}

const NativeWorker = window.Worker;
class ProbedWorker extends NativeWorker {
  private readonly label: string;
  private readonly pending = new Map<string, PendingCall>();

  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    this.label = options?.name || String(url);
    records.workers.push({ name: this.label, url: String(url), t: performance.now() });
    super.addEventListener('message', (event: MessageEvent<unknown>) => this.onReply(event.data));
  }

  override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    this.onRequest(message);
    if (Array.isArray(transfer)) super.postMessage(message, transfer);
    else super.postMessage(message, transfer);
  }

  private onRequest(message: unknown): void {
    if (!isRecord(message) || message.type !== 'APPLY' || typeof message.id !== 'string' || !Array.isArray(message.path)) return;
    const call: WorkerCall = { worker: this.label, method: message.path.join('.'), start: performance.now(), end: null, failed: false };
    const args: unknown[] = Array.isArray(message.argumentList) ? message.argumentList : [];
    const audio = args.find((a) => isRecord(a) && a.value instanceof Float32Array);
    // 16000 is SAMPLE_RATE (src/shared/sample-rate.ts), written out: an import would make this classic script share
    // a chunk with reference.ts, and a classic script cannot import it.
    if (call.method === 'transcribe' && isRecord(audio) && audio.value instanceof Float32Array) call.audioSeconds = audio.value.length / 16000;
    records.workerCalls.push(call);
    this.pending.set(message.id, { call });
  }

  private onReply(data: unknown): void {
    if (!isRecord(data) || typeof data.id !== 'string') return;
    const pending = this.pending.get(data.id);
    if (!pending) return;
    this.pending.delete(data.id);
    const { call } = pending;
    call.end = performance.now();
    // Workers answer { ok, value } or { ok: false, error } (src/shared/worker-protocol.ts).
    const reply = data.value;
    call.failed = (data.type === 'HANDLER' && data.name === 'throw') || (isRecord(reply) && reply.ok === false);
    const value = isRecord(reply) ? reply.value : undefined;
    if (call.failed || !isRecord(value)) return;
    if (call.method === 'transcribe') {
      call.decoderSteps = num(value.decoderSteps) ?? undefined;
      call.encoderPasses = num(value.encoderPasses) ?? undefined;
      call.segments = Array.isArray(value.segments) ? value.segments.length : undefined;
      call.fallbacks = num(value.fallbacks) ?? undefined;
      call.highestTemperature = num(value.highestTemperature) ?? undefined;
      const timings = isRecord(value.timings) ? value.timings : {};
      call.featuresMs = num(timings.featuresMs) ?? undefined;
      call.encoderMs = num(timings.encoderMs) ?? undefined;
      call.decoderMs = num(timings.decoderMs) ?? undefined;
    } else if (call.method === 'load') {
      call.threads = num(value.threads) ?? undefined;
      call.loadMs = num(value.loadMs) ?? undefined;
      call.warmupMs = num(value.warmupMs) ?? undefined;
    }
  }
}
window.Worker = ProbedWorker;

// --- Live capture: batches arriving from the VAD worker on a MessagePort (LiveAudio sets port.onmessage) -------
let nextFrameIndex: number | null = null;
function onCaptureBatch(data: unknown): void {
  if (!isRecord(data) || data.type !== 'batch' || !(data.probabilities instanceof Float32Array)) return;
  const first = num(data.firstFrameIndex);
  const dropped = num(data.dropped) ?? 0;
  if (first === null) return;
  if (nextFrameIndex !== null && first > nextFrameIndex) capture.missing += first - nextFrameIndex - Math.max(0, dropped - capture.dropped);
  nextFrameIndex = first + data.probabilities.length;
  capture.batches++;
  capture.frames += data.probabilities.length;
  capture.dropped = Math.max(capture.dropped, dropped);
  if (data.final === true) nextFrameIndex = null;
}

const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
if (onmessage?.set && onmessage.get) {
  const { get, set } = onmessage;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    enumerable: onmessage.enumerable ?? true,
    get(this: MessagePort) {
      return get.call(this) as unknown;
    },
    set(this: MessagePort, handler: unknown) {
      if (typeof handler !== 'function') return set.call(this, handler);
      const listener = (handler as (this: MessagePort, event: MessageEvent) => unknown).bind(this);
      const probe = (event: MessageEvent) => {
        onCaptureBatch(event.data);
        return listener(event);
      };
      set.call(this, probe);
    },
  });
}

// --- The DOM of the app (open shadow roots) -------------------------------------------------------------------
function deepQueryAll(root: ParentNode, selector: string, found: Element[] = []): Element[] {
  found.push(...root.querySelectorAll(selector));
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) deepQueryAll(el.shadowRoot, selector, found);
  return found;
}

function queueRoot(): ShadowRoot | null {
  return document.querySelector('whisper-app')?.shadowRoot?.querySelector('wr-file-queue')?.shadowRoot ?? null;
}

function readQueue(): QueueRow[] {
  return [...(queueRoot()?.querySelectorAll('li[data-state]') ?? [])].map((li) => ({
    name: li.querySelector('.name')?.textContent?.trim() ?? '',
    state: li.getAttribute('data-state') ?? '',
    progress: li.querySelector('progress')?.value ?? null,
    error: li.querySelector('.error')?.textContent?.trim() ?? null,
  }));
}

const lastState: string[] = [];
function trackQueue(now: number): void {
  readQueue().forEach((row, i) => {
    if (lastState[i] === row.state) return;
    lastState[i] = row.state;
    const event: QueueEvent = { row: i, name: row.name, state: row.state, t: now };
    records.queue.push(event);
  });
}

function trackUiReady(now: number): void {
  if (uiReadyAt !== null) return;
  const zone = document.querySelector('whisper-app')?.shadowRoot?.querySelector('wr-drop-zone');
  if (zone?.shadowRoot?.querySelector('input[type=file]')) uiReadyAt = now;
}

// --- Microphone: when the first sound arrives (to align the recording's clock with the page's) ----------------
let analyser: AnalyserNode | null = null;
let micContext: AudioContext | null = null;
let samples: Float32Array<ArrayBuffer> | null = null;
const ONSET_LEVEL = 0.01;

if (navigator.mediaDevices?.getUserMedia) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await original(constraints);
    const track = stream.getAudioTracks()[0];
    if (track && mic.streamAt === null) {
      mic.streamAt = performance.now();
      micContext = new AudioContext();
      analyser = micContext.createAnalyser();
      analyser.fftSize = 512;
      samples = new Float32Array(analyser.fftSize);
      micContext.createMediaStreamSource(new MediaStream([track.clone()])).connect(analyser);
      void micContext.resume();
    }
    return stream;
  };
}

function trackOnset(now: number): void {
  if (!analyser || !samples || mic.onsetAt !== null) return;
  analyser.getFloatTimeDomainData(samples);
  if (samples.some((x) => Math.abs(x) > ONSET_LEVEL)) {
    mic.onsetAt = now;
    void micContext?.close();
    analyser = null;
  }
}

// --- One loop per animation frame -------------------------------------------------------------------------------
let lastFrame = -1;
function onFrame(now: number): void {
  const t = performance.now();
  if (lastFrame >= 0 && now - lastFrame > GAP_MS) records.frameGaps.push({ start: lastFrame, gap: now - lastFrame });
  lastFrame = now;
  records.frames++;
  trackQueue(t);
  trackUiReady(t);
  trackOnset(t);
  records.probeMaxMs = Math.max(records.probeMaxMs, performance.now() - t);
  requestAnimationFrame(onFrame);
}
requestAnimationFrame(onFrame);

// --- <whisper-recorder> ------------------------------------------------------------------------------------------
type Recorder = HTMLElement & { start?: () => unknown; stop?: () => unknown };
const seenEvents = new WeakSet<Event>();
let recorder: Recorder | null = null;

function onRecorderEvent(event: Event): void {
  if (seenEvents.has(event)) return;
  seenEvents.add(event);
  const detail = event instanceof CustomEvent && isRecord(event.detail) ? event.detail : {};
  const text = typeof detail.text === 'string' ? detail.text : '';
  const sample: RecorderEvent = {
    type: event.type === 'whisper-final' ? 'final' : event.type === 'whisper-error' ? 'error' : event.type === 'whisper-state' ? 'state' : 'partial',
    t: performance.now(),
    text: event.type === 'whisper-error' && typeof detail.message === 'string' ? detail.message : event.type === 'whisper-state' ? String(detail.state) : text,
    utteranceId: num(detail.utteranceId),
    start: num(detail.start),
    end: num(detail.end),
    revision: num(detail.revision),
  };
  records.recorder.push(sample);
}
const RECORDER_EVENTS = ['whisper-partial', 'whisper-final', 'whisper-error', 'whisper-state'];
for (const type of RECORDER_EVENTS) addEventListener(type, onRecorderEvent, { capture: true });

function findRecorder(): Recorder {
  if (recorder) return recorder;
  const el = deepQueryAll(document, 'whisper-recorder')[0] as Recorder | undefined;
  if (!el) throw new Error(`There is no <whisper-recorder> on ${location.pathname}.`);
  for (const type of RECORDER_EVENTS) el.addEventListener(type, onRecorderEvent);
  recorder = el;
  return el;
}

/** The element's public start()/stop(); both resolve once it is listening, or once the last final is out. */
async function callRecorder(method: 'start' | 'stop'): Promise<string> {
  const el = findRecorder();
  const fn = el[method];
  if (typeof fn !== 'function') throw new Error(`<whisper-recorder> has no ${method}() method.`);
  await fn.call(el);
  return `${method}()`;
}

// --- The API the benchmark reads --------------------------------------------------------------------------------
interface UaMemoryResult {
  bytes: number;
  breakdown: { bytes: number; attribution: { url?: string; scope?: string }[]; types: string[] }[];
}
type MemoryMeasuringPerformance = Performance & { measureUserAgentSpecificMemory?: () => Promise<UaMemoryResult> };

const api: BenchProbeApi = {
  now: () => performance.now(),
  snapshot: (since) => {
    const after = <T extends { t: number } | { start: number }>(items: T[]) => items.filter((i) => ('t' in i ? i.t : i.start) >= since);
    return {
      now: performance.now(),
      longTasks: after(records.longTasks),
      longFrames: after(records.longFrames),
      frameGaps: after(records.frameGaps),
      frames: records.frames,
      inputs: after(records.inputs),
      workerCalls: after(records.workerCalls),
      workers: records.workers,
      queue: after(records.queue),
      recorder: after(records.recorder),
      capture: { ...capture },
      probeMaxMs: records.probeMaxMs,
    };
  },
  queue: readQueue,
  uiReadyAt: () => uiReadyAt,
  measureMemory: async () => {
    const perf = performance as MemoryMeasuringPerformance;
    if (!perf.measureUserAgentSpecificMemory || !crossOriginIsolated) return null;
    const result = await perf.measureUserAgentSpecificMemory();
    const sample: MemorySample = { t: performance.now(), bytes: result.bytes, page: 0, workers: [], other: 0 };
    for (const entry of result.breakdown) {
      const where = entry.attribution[0];
      if (where?.scope === 'Window') sample.page += entry.bytes;
      else if (where?.scope === 'DedicatedWorkerGlobalScope') sample.workers.push({ url: where.url ?? '', bytes: entry.bytes });
      else sample.other += entry.bytes;
    }
    return sample;
  },
  scriptsBeforeFirstWorker: () => {
    const firstWorker = records.workers[0]?.t ?? Infinity;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => /\.m?js(\?|$)/.test(new URL(r.name).pathname) && r.startTime < firstWorker)
      .map((r) => ({ url: r.name, start: r.startTime, end: r.responseEnd }));
  },
  recorderDefined: () => customElements.get('whisper-recorder') !== undefined,
  startRecorder: () => callRecorder('start'),
  stopRecorder: () => callRecorder('stop'),
  mic: () => ({ ...mic }),
};
window.__bench = api;
