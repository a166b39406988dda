import { openInDecodeWorker } from '../audio/decode-client.ts';
import { LiveAudio } from '../audio/live-audio.ts';
import { LiveSession, type LiveSessionOptions } from './live-session.ts';
import { captureFor } from './live-source.ts';
import { probeCapabilities } from './capabilities.ts';
import { fallbackPlan, planDevice, type Capabilities, type Plan, type UserChoice } from './device-plan.ts';
import { EngineError, isWebGpuFailure } from './engine-error.ts';
import { transcribeFile } from './file-job.ts';
import { FileJobQueue, type FileJob, type FileJobDetails, type FileJobEvent, type FileJobInfo, type FileJobOptions } from './file-job-queue.ts';
import type { LoadConsent } from './load-consent.ts';
import { LoadGate, type ModelStore } from './load-gate.ts';
import { browserLoadRecords, type LoadRecords } from './load-records.ts';
import { allowsConnect, documentPolicy } from '../security/content-security-policy.ts';
import { inspectStoredModel, removeStoredFiles } from '../models/model-cache.ts';
import { resolveModelSource, type ModelSource } from '../models/model-source.ts';
import { routeTask } from './task-routing.ts';
import type { Task } from '../shared/choices.ts';
import type { LanguageGuess, LoadEvent, LoadedModel, TranscribeOptions, WindowResult } from './protocol.ts';
import { ortWasmUrl } from '../shared/runtime-assets.ts';
import { DEFAULT_GUARDS, type GuardOptions } from '../shared/guard-options.ts';
import type { Segment, Transcript } from './transcript.ts';
import { WhisperClient } from './whisper-client.ts';
import { PROMPT_CHARS, joinText, lastChars } from './hypothesis-text.ts';
import { keptSegments } from './window-text.ts';

export interface EngineSettings extends UserChoice {
  /** 'auto' detects the language from the audio. */
  language: string;
  task: Task;
  /** Where hub ids are fetched from instead of the Hugging Face hub. */
  modelBaseUrl?: string;
  /** openai/whisper's decoding guards; its defaults when absent. */
  guards?: GuardOptions;
}

/** What the engine works with; the defaults are the browser's. Tests pass fakes. */
export type EngineClient = Pick<WhisperClient, 'load' | 'transcribe'> & Partial<Pick<WhisperClient, 'onWorkerLost'>>;

/** Optional parts of one window's transcription. */
export interface WindowHooks {
  onPartial?: (text: string) => void;
  /** Stops this window's transcription (it rejects with 'cancelled'). */
  signal?: AbortSignal;
}

export interface EngineDependencies {
  client: EngineClient;
  openFile: typeof openInDecodeWorker;
  probe: () => Promise<Capabilities>;
  pageUrl: () => string;
  models: ModelStore;
  /** Loads that crashed the tab on earlier visits, and the model hosts the user allowed. */
  records: LoadRecords;
  online: () => boolean;
  /** Whether the page may fetch `url`; by default, what the document's own `<meta>` policy says. */
  connectAllowed: (url: string) => boolean;
}

/** `waiting`: a load waits for the user to answer `status.consent`. */
export type EnginePhase = 'idle' | 'waiting' | 'loading' | 'warming-up' | 'ready' | 'error';

export interface EngineStatus {
  phase: EnginePhase;
  plan: Plan | null;
  loaded: LoadedModel | null;
  /** Overall download progress 0..1 while loading. */
  progress: number | null;
  /** What is happening, in words: the file downloading, "Warming up", "Ready", or the error. */
  message: string;
  /** Something the user should know, e.g. that WebGPU failed and WASM took over. */
  notice: string;
  /** What the load waits for the user to allow (phase `waiting`); answer with `answerConsent`, or configure another model. */
  consent: LoadConsent | null;
}

/** Where a file job stands after a window: what carrying on from there later needs. */
export interface ResumePoint {
  /** Seconds into the file where the next window starts. */
  position: number;
  /** The text the next window gets as its prompt ('' for none). */
  context: string;
  /** The file's language once given or detected; null while it is still to be detected. */
  language: string | null;
}

export interface FileCallbacks {
  onProgress?: (doneSeconds: number, totalSeconds: number) => void;
  onSegments?: (segments: Segment[]) => void;
  /** After each transcribed window, once its segments went to onSegments: what it kept (maybe none) and where the job stands. */
  onWindowDone?: (window: { segments: Segment[]; resume: ResumePoint }) => void;
  /** The file is transcribed again from its start (WebGPU failed mid-file, WASM took over): segments so far are void. */
  onRestart?: () => void;
  onPartial?: (text: string) => void;
  /** The language was detected from the first window with speech. */
  onLanguage?: (candidates: LanguageGuess[]) => void;
  /** Something the user should know about how the file is read, e.g. that speech detection fell back to loudness. */
  onNote?: (note: string) => void;
  signal?: AbortSignal;
}

export interface FileTranscript {
  segments: Segment[];
  durationSeconds: number;
  language: string | null;
  /** Top language candidates, best first, when the language was detected. */
  detected: LanguageGuess[];
}

/** The engine's events: `status` (read `engine.status`) and one `job-*` event per step of a file job. */
export type EngineEventMap = { status: Event } & { [K in keyof FileJobDetails]: FileJobEvent<K> };

/**
 * The app's single way to transcribe: plans device and dtype from the browser's capabilities, loads the model
 * once (falling back from WebGPU to WASM when WebGPU fails, and telling the user), and runs file jobs and live
 * windows on the worker. Fires `status` events whenever EngineStatus changes, and `job-*` events for the jobs of
 * `submitFile`.
 *
 * @example
 * const engine = new TranscriptionEngine();
 * await engine.configure({ model: 'onnx-community/whisper-base', language: 'auto', task: 'transcribe' });
 * engine.addEventListener('job-progress', (e) => console.log(e.detail.id, e.detail.progress));
 * const { id, result } = engine.submitFile(file);
 * const { segments } = await result;
 */
export class TranscriptionEngine extends EventTarget {
  status: EngineStatus = { phase: 'idle', plan: null, loaded: null, progress: null, message: 'Not loaded', notice: '', consent: null };
  private settings: EngineSettings = { language: 'auto', task: 'transcribe' };
  private capabilities: Promise<Capabilities> | null = null;
  private loading: Promise<LoadedModel> | null = null;
  private readonly client: EngineClient;
  private readonly deps: Omit<EngineDependencies, 'client'>;
  /** Speech detection stays loaded between recordings: the last session's audio path waits here for the next. */
  private idleAudio: LiveAudio | null = null;
  private readonly queue = new FileJobQueue(
    (file, callbacks) => this.transcribeFile(file, callbacks),
    (event) => this.dispatchEvent(event),
  );
  /** Stored files, offline, and the user's consent, checked before each load. */
  private readonly gate: LoadGate;

  constructor(deps: Partial<EngineDependencies> = {}) {
    super();
    this.client = deps.client ?? new WhisperClient();
    // A worker that crashed, hung or was ended took the model with it: the next request loads it again.
    this.client.onWorkerLost = () => {
      this.loading = null;
      this.update({ phase: 'idle', loaded: null, progress: null, message: 'Not loaded' });
    };
    this.deps = {
      openFile: deps.openFile ?? openInDecodeWorker,
      probe: deps.probe ?? probeCapabilities,
      pageUrl: deps.pageUrl ?? (() => location.href),
      models: deps.models ?? { inspect: inspectStoredModel, remove: removeStoredFiles },
      records: deps.records ?? browserLoadRecords(),
      online: deps.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false),
      connectAllowed:
        deps.connectAllowed ??
        ((url) => {
          const policy = documentPolicy();
          return policy === null || allowsConnect(policy, url, this.deps.pageUrl());
        }),
    };
    this.gate = new LoadGate(this.deps, (consent) =>
      this.update(consent ? { phase: 'waiting', loaded: null, progress: null, message: 'Waiting for your answer', consent } : { consent: null }));
  }

  override addEventListener<K extends keyof EngineEventMap>(type: K, listener: (event: EngineEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof EngineEventMap>(type: K, listener: (event: EngineEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener, options);
  }

  /**
   * Queues a file for transcription with the current settings; jobs run one at a time, in the order submitted.
   * Progress, segments and the outcome come as `job-*` events (and through `options`' callbacks); `result` settles
   * with the transcript.
   */
  submitFile(file: File, options: FileJobOptions = {}): FileJob {
    return this.queue.submit(file, options);
  }

  /** Cancels a queued or running job (its `result` rejects with 'cancelled'); false if it is not waiting or running. */
  cancelFile(id: string): boolean {
    return this.queue.cancel(id);
  }

  /** The jobs waiting or running, in order. */
  get fileJobs(): FileJobInfo[] {
    return this.queue.jobs;
  }

  private update(patch: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...patch };
    this.dispatchEvent(new Event('status'));
  }

  /**
   * New settings take effect at the next request; a different model, device or precision means a reload. A
   * translate request with a model that cannot translate is routed to one that can (status.notice says so). A load
   * waiting for the user's answer (`status.consent`) goes on with the new plan instead, e.g. a smaller model.
   */
  async configure(settings: EngineSettings): Promise<Plan> {
    const baseChanged = settings.modelBaseUrl !== this.settings.modelBaseUrl;
    this.settings = settings;
    this.capabilities ??= this.deps.probe();
    const caps = await this.capabilities;
    const history = { crashed: this.deps.records.crashed() };
    let plan = planDevice(caps, settings, history);
    const routed = routeTask(plan.model, settings.task, plan.device);
    if (routed.note) plan = planDevice(caps, { ...settings, model: routed.model }, history);
    const current = this.status.plan;
    const same = current && !baseChanged && (['model', 'device', 'encoderDtype', 'decoderDtype'] as const).every((k) => current[k] === plan[k]);
    if (!same) {
      const waiting = this.gate.waiting;
      if (!waiting) this.loading = null;
      this.update({ phase: 'idle', plan, loaded: null, progress: null, message: 'Not loaded', notice: routed.note, consent: null });
      if (waiting) this.gate.replan();
    } else if (routed.note !== this.status.notice) {
      this.update({ notice: routed.note });
    }
    return plan;
  }

  /** Answers `status.consent`: the load goes ahead, or fails with a message that says it was not allowed. */
  answerConsent(accept: boolean): void {
    this.gate.reply(accept);
  }

  /** Where `model` is fetched from with the current settings; its `label` is how the model is named to the user. */
  sourceOf(model: string): ModelSource {
    return resolveModelSource(model, this.deps.pageUrl(), this.settings.modelBaseUrl);
  }

  ensureLoaded(): Promise<LoadedModel> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<LoadedModel> {
    const plan = this.status.plan ?? (await this.configure(this.settings));
    try {
      return await this.loadPlan(plan);
    } catch (error) {
      // The plan that failed: status.plan follows a model the user switched to while asked for consent.
      const failed = this.status.plan ?? plan;
      if (!(error instanceof EngineError) || failed.device !== 'webgpu' || !isWebGpuFailure(error)) throw this.fail(error);
      const fallback = fallbackPlan(failed, await (this.capabilities ?? this.deps.probe()));
      this.update({ plan: fallback, notice: `WebGPU could not run the model (${error.message}); using WASM instead.` });
      try {
        return await this.loadPlan(fallback);
      } catch (second) {
        throw this.fail(second);
      }
    }
  }

  private fail(error: unknown): unknown {
    this.update({ phase: 'error', progress: null, message: error instanceof Error ? error.message : String(error) });
    return error;
  }

  private async loadPlan(plan: Plan): Promise<LoadedModel> {
    const source = this.sourceOf(plan.model);
    const dtypes = { encoder: plan.encoderDtype, decoder: plan.decoderDtype };
    if ((await this.gate.pass(plan.model, source, dtypes)) === 'replanned' && this.status.plan) return this.loadPlan(this.status.plan);
    this.update({ phase: 'loading', plan, loaded: null, progress: 0, message: `Loading ${source.label}` });
    // Marked as running until it ends: if the tab dies meanwhile, the next visit plans a smaller model.
    const record = { model: plan.model, device: plan.device };
    this.deps.records.started(record);
    let loaded: LoadedModel;
    try {
      const request = { source, device: plan.device, encoderDtype: plan.encoderDtype, decoderDtype: plan.decoderDtype, threads: plan.threads, ortWasmUrl: ortWasmUrl() };
      loaded = await this.client.load(request, this.loadProgress());
    } catch (error) {
      this.deps.records.ended(record, false);
      throw await this.gate.damagedAfter(error, source, dtypes);
    }
    this.deps.records.ended(record, true);
    this.update({ phase: 'ready', loaded, progress: null, message: 'Ready' });
    return loaded;
  }

  /** Turns the worker's per-file download events into one progress for the status. */
  private loadProgress(): (event: LoadEvent) => void {
    const files = new Map<string, { loaded: number; total: number }>();
    return (event) => {
      if (event.type === 'warmup') {
        this.update({ phase: 'warming-up', progress: null, message: 'Warming up' });
        return;
      }
      const entry = files.get(event.file) ?? { loaded: 0, total: 0 };
      if (event.type === 'download') Object.assign(entry, { loaded: event.loaded, total: event.total });
      else entry.loaded = entry.total;
      files.set(event.file, entry);
      let loadedBytes = 0;
      let totalBytes = 0;
      for (const f of files.values()) {
        loadedBytes += f.loaded;
        totalBytes += f.total;
      }
      this.update({ progress: totalBytes ? loadedBytes / totalBytes : null, message: `Downloading ${event.file}` });
    };
  }

  /** Transcribes one window (at most 30 s) with the current settings. */
  async transcribeWindow(audio: Float32Array, overrides: Partial<TranscribeOptions> = {}, { onPartial, signal }: WindowHooks = {}): Promise<WindowResult> {
    await this.ensureLoaded();
    const options: TranscribeOptions = {
      language: this.settings.language === 'auto' ? null : this.settings.language,
      task: this.settings.task,
      timestamps: true,
      guards: this.guards,
      ...overrides,
    };
    return this.client.transcribe(audio, options, onPartial ? (p) => onPartial(p.text) : undefined, signal);
  }

  /** A transcript of `segments` saying how it was made: the one definition for files and live. */
  transcript(source: string, segments: Segment[], language?: string | null): Transcript {
    const plan = this.status.plan;
    return {
      meta: {
        source,
        model: plan ? this.sourceOf(plan.model).label : '',
        device: plan?.device ?? 'wasm',
        dtype: plan ? `${plan.encoderDtype}/${plan.decoderDtype}` : '',
        ...(language ? { language } : {}),
        task: this.settings.task,
        createdAt: new Date().toISOString(),
      },
      segments,
    };
  }

  get guards(): GuardOptions {
    return this.settings.guards ?? DEFAULT_GUARDS;
  }

  /**
   * Starts transcribing a live source (the microphone, a MediaStream, a tab, pushed PCM or MediaRecorder chunks): the
   * model loads if needed (with the current settings), the source opens, and `options.onEvent` hears states,
   * partials, finals and errors until `stop()`.
   */
  startLive(options: LiveSessionOptions): LiveSession {
    const audio = this.idleAudio ?? new LiveAudio();
    this.idleAudio = null;
    const session = new LiveSession(
      {
        ensureLoaded: () => this.ensureLoaded(),
        transcribe: (samples, o) => this.transcribeLive(samples, o),
        promptResetOnTemperature: this.guards.promptResetOnTemperature,
        capture: captureFor,
        audio,
        release: () => {
          if (this.idleAudio) audio.dispose();
          else this.idleAudio = audio;
        },
      },
      options,
    );
    void session.start();
    return session;
  }

  /** Ends the idle speech-detection worker (it restarts with the next session). */
  disposeLive(): void {
    this.idleAudio?.dispose();
    this.idleAudio = null;
  }

  /** One pass of a live session: finals get every guard; partials, thrown away soon after, one greedy pass. */
  private transcribeLive(audio: Float32Array, o: { prompt: string; language: string | null; kind: 'partial' | 'final'; signal: AbortSignal }): Promise<WindowResult> {
    const guards = this.guards;
    return this.transcribeWindow(
      audio,
      {
        language: o.language,
        ...(o.prompt && this.guards.conditionOnPreviousText ? { prompt: o.prompt } : {}),
        guards: o.kind === 'final' ? guards : { ...guards, temperatures: guards.temperatures.slice(0, 1) },
      },
      { signal: o.signal },
    );
  }

  /**
   * Transcribes a whole file of any length. If WebGPU fails mid-file, the model is reloaded on WASM and the file is
   * transcribed again from the start (status.notice says so).
   */
  async transcribeFile(file: File, callbacks: FileCallbacks = {}): Promise<FileTranscript> {
    await this.ensureLoaded();
    try {
      return await this.runFile(file, callbacks);
    } catch (error) {
      if (!(error instanceof EngineError) || this.status.plan?.device !== 'webgpu' || !isWebGpuFailure(error)) throw error;
      const fallback = fallbackPlan(this.status.plan, await (this.capabilities ?? this.deps.probe()));
      this.update({ plan: fallback, notice: `WebGPU failed while transcribing "${file.name}" (${error.message}); retried on WASM.` });
      this.loading = this.loadPlan(fallback);
      await this.loading;
      callbacks.onRestart?.();
      return this.runFile(file, callbacks);
    }
  }

  private async runFile(file: File, callbacks: FileCallbacks): Promise<FileTranscript> {
    const decoding = await this.deps.openFile(file);
    const total = decoding.info.durationSeconds;
    const guards = this.guards;
    let language: string | null = this.settings.language === 'auto' ? null : this.settings.language;
    let detected: LanguageGuess[] = [];
    // The text kept so far is the next window's prompt, as in openai/whisper, until a window needed a hot fallback.
    let context = '';
    let dropContext = false;
    try {
      const segments = await transcribeFile({
        chunks: decoding.chunks,
        signal: callbacks.signal,
        onProgress: (done) => callbacks.onProgress?.(done, total),
        onSegments: (kept) => {
          context = dropContext ? '' : lastChars(joinText([context, ...kept.map((s) => s.text.trim())]), PROMPT_CHARS);
          dropContext = false;
          callbacks.onSegments?.(kept);
        },
        onNote: callbacks.onNote,
        onWindowDone: (kept, next) => {
          const prompt = guards.conditionOnPreviousText ? context : '';
          callbacks.onWindowDone?.({ segments: kept, resume: { position: next, context: prompt, language } });
        },
        transcribeWindow: async (audio, window) => {
          const prompt = guards.conditionOnPreviousText && context ? context : undefined;
          // The first window with speech decides the language of an auto-detected file.
          const result = await this.transcribeWindow(
            audio,
            { language, ...(prompt ? { prompt } : {}), seed: Math.round(window.start * 1000) },
            { onPartial: callbacks.onPartial, signal: callbacks.signal },
          );
          language ??= result.language;
          if (result.detected) {
            detected = result.detected;
            callbacks.onLanguage?.(detected);
          }
          dropContext = result.highestTemperature > guards.promptResetOnTemperature;
          // The segments' times are the window's; so must the speech detector's regions be.
          const speech = window.speech.map((r) => ({ start: r.start - window.start, end: r.end - window.start }));
          return keptSegments(result.segments, { speech, noSpeechProb: result.stats.noSpeechProb, guards });
        },
      });
      return { segments, durationSeconds: total, language, detected };
    } finally {
      decoding.close();
    }
  }
}
