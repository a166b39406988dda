import { openInDecodeWorker } from '../audio/decode-client.ts';
import type { Envelope } from '../audio/envelope.ts';
import type { ScoredChunk } from '../../workers/decode.worker.ts';
import { LiveAudio } from '../audio/live-audio.ts';
import { LiveSession, type LiveSessionDeps, type LiveSessionOptions } from './live-session.ts';
import { captureFor } from './live-source.ts';
import { probeCapabilities } from './capabilities.ts';
import { fallbackPlan, planDevice, type Capabilities, type Plan, type UserChoice } from './device-plan.ts';
import { EngineError, isWebGpuFailure } from './engine-error.ts';
import { decodeStartFor, transcribeFile } from './file-job.ts';
import { FileJobQueue, type FileJob, type FileJobDetails, type FileJobEvent, type FileJobInfo, type FileJobOptions } from './file-job-queue.ts';
import type { LoadConsent } from './load-consent.ts';
import { LoadGate, blockedHostMessage, type ModelStore } from './load-gate.ts';
import { browserLoadRecords, type LoadRecords } from './load-records.ts';
import { allowsConnect, documentPolicy } from '../security/content-security-policy.ts';
import { inspectStoredModel, isModelAvailableOffline, offlineModelMessage, removeStoredFiles } from '../models/model-cache.ts';
import { SPEAKER_MODELS, speakerModelFiles, type SpeakerModelInfo } from '../models/speaker-models.ts';
import { resolveModelSource, type ModelSource } from '../models/model-source.ts';
import { routeTask } from './task-routing.ts';
import type { Task } from '../shared/choices.ts';
import type { TimeRange } from '../shared/time-range.ts';
import type { LanguageGuess, LoadEvent, LoadedModel, TranscribeOptions, WindowResult } from './protocol.ts';
import { ortWasmUrl } from '../shared/runtime-assets.ts';
import { DEFAULT_GUARDS, type GuardOptions } from '../shared/guard-options.ts';
import type { Segment, Transcript } from './transcript.ts';
import { WhisperClient } from './whisper-client.ts';
import { PROMPT_CHARS, joinText, lastChars } from './hypothesis-text.ts';
import { keptSegments } from './window-text.ts';
import { SpeakerClient } from './speaker-client.ts';
import type { SpeakerModelRequest } from './speaker-protocol.ts';
import { SpeakerTracker } from './speaker-tracker.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { clock } from '../shared/clock.ts';

export interface EngineSettings extends UserChoice {
  /** 'auto' detects the language from the audio. */
  language: string;
  task: Task;
  /** Where hub ids are fetched from instead of the Hugging Face hub. */
  modelBaseUrl?: string;
  /** openai/whisper's decoding guards; its defaults when absent. */
  guards?: GuardOptions;
  /** Words the user expects in the audio (names, jargon), for the model's prompt; carried into the transcript's meta. */
  vocabulary?: string;
  /** Label who speaks (files): loads the speaker models on first use. Off when absent. */
  speakers?: boolean;
}

/** What the engine works with; the defaults are the browser's. Tests pass fakes. */
export type EngineClient = Pick<WhisperClient, 'load' | 'transcribe'> & Partial<Pick<WhisperClient, 'onWorkerLost'>>;
export type EngineSpeakerClient = Pick<SpeakerClient, 'load' | 'analyse'> & Partial<Pick<SpeakerClient, 'onWorkerLost'>>;

/** Optional parts of one window's transcription. */
export interface WindowHooks {
  onPartial?: (text: string) => void;
  /** Stops this window's transcription (it rejects with 'cancelled'). */
  signal?: AbortSignal;
}

export interface EngineDependencies {
  client: EngineClient;
  speakers: EngineSpeakerClient;
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

type LivePass = Parameters<LiveSessionDeps['transcribe']>[1];

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
  /** The speaker models, apart from Whisper's state. */
  speakers: SpeakerModelsStatus;
}

export interface SpeakerModelsStatus {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  /** Download progress 0..1 while loading, when the sizes are known. */
  progress: number | null;
  /** The error, in words, for phase `error`. */
  message: string;
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
  /** Segments as they are settled, in order; a resumed job's start with the first after `resume.position`. */
  onSegments?: (segments: Segment[]) => void;
  /** After each transcribed window, once its segments went to onSegments: what it kept (maybe none) and where the job stands. */
  onWindowDone?: (window: { segments: Segment[]; resume: ResumePoint }) => void;
  onPartial?: (text: string) => void;
  /** The language was detected from the first window with speech. */
  onLanguage?: (candidates: LanguageGuess[]) => void;
  /** Something the user should know about how the file is read, e.g. that speech detection fell back to loudness. */
  onNote?: (note: string) => void;
  /** Each decoded chunk's waveform overview, in order, as the file decodes (a restart sends them again). */
  onWaveform?: (startSeconds: number, envelope: Envelope) => void;
  /** The speech the VAD found in a window, absolute seconds, just before the window is transcribed. */
  onSpeech?: (regions: TimeRange[]) => void;
  signal?: AbortSignal;
  /**
   * Carry on from where an earlier run of this file stopped (a ResumePoint it reported): decoding starts there (see
   * decodeStartFor), the first window gets its context as the prompt, and its language is kept. The segments that
   * run kept are the caller's; this run reports only those after the point.
   */
  resume?: ResumePoint;
}

export interface FileTranscript {
  /** The segments this call transcribed: all of the file's, or those after `resume.position`. */
  segments: Segment[];
  durationSeconds: number;
  language: string | null;
  /** Top language candidates, best first, when the language was detected. */
  detected: LanguageGuess[];
}

/** The engine's events: `status` (read `engine.status`) and one `job-*` event per step of a file job. */
export type EngineEventMap = { status: Event } & { [K in keyof FileJobDetails]: FileJobEvent<K> };

/**
 * Decoding that stops this much short of the duration the file states means the file ends early (a download cut
 * short). Codec delay and padding account for well under this; metadata estimates (an MP3 without a Xing header)
 * can be off by more, so a shortfall this small is never reported.
 */
const EARLY_END_SECONDS = 1;

/** The note for a file whose audio could be read only up to `readSeconds`. */
export const endsEarlyNote = (name: string, readSeconds: number, totalSeconds: number): string => {
  const withHours = totalSeconds >= 3600;
  return `"${name}" ends early: only ${clock(readSeconds, withHours)} of ${clock(totalSeconds, withHours)} could be read; the transcript covers that part.`;
};

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
  status: EngineStatus = {
    phase: 'idle',
    plan: null,
    loaded: null,
    progress: null,
    message: 'Not loaded',
    notice: '',
    consent: null,
    speakers: { phase: 'idle', progress: null, message: '' },
  };
  private settings: EngineSettings = { language: 'auto', task: 'transcribe' };
  private capabilities: Promise<Capabilities> | null = null;
  private loading: Promise<LoadedModel> | null = null;
  private readonly client: EngineClient;
  private readonly speakerClient: EngineSpeakerClient;
  private speakersLoading: Promise<void> | null = null;
  private readonly deps: Omit<EngineDependencies, 'client' | 'speakers'>;
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
    // Constructing the client starts nothing: its worker starts on the first load, with speaker labels on.
    this.speakerClient = deps.speakers ?? new SpeakerClient();
    this.speakerClient.onWorkerLost = () => {
      this.speakersLoading = null;
      this.update({ speakers: { phase: 'idle', progress: null, message: '' } });
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
    // The speaker models come from the same mirror as hub-hosted Whisper models.
    if (baseChanged) this.speakersLoading = null;
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

  /**
   * Loads the speaker models (downloading them if they are not stored) into the speaker worker, once; a failure is
   * in `status.speakers` and the next call tries again. Whether the user agreed to the download is the caller's
   * to ask first (the settings ask, naming the size): this downloads.
   */
  loadSpeakers(): Promise<void> {
    this.speakersLoading ??= this.loadSpeakerModels().catch((error: unknown) => {
      this.speakersLoading = null;
      const message = error instanceof Error ? error.message : String(error);
      this.update({ speakers: { phase: 'error', progress: null, message } });
      throw error;
    });
    return this.speakersLoading;
  }

  private async loadSpeakerModels(): Promise<void> {
    const page = this.deps.pageUrl();
    const request = (model: SpeakerModelInfo): SpeakerModelRequest => ({
      source: resolveModelSource(model.id, page, this.settings.modelBaseUrl),
      dtype: model.dtype,
    });
    const segmentation = request(SPEAKER_MODELS.segmentation);
    const embedding = request(SPEAKER_MODELS.embedding);
    // The checks a Whisper load makes (load-gate.ts) that apply here: the page's policy, and being offline.
    for (const [model, info] of [[segmentation, SPEAKER_MODELS.segmentation], [embedding, SPEAKER_MODELS.embedding]] as const) {
      if (!this.deps.connectAllowed(model.source.host)) throw new EngineError('model-download', blockedHostMessage(model.source));
      if (!this.deps.online() && !(await isModelAvailableOffline(model.source, speakerModelFiles(info)).catch(() => false))) {
        throw new EngineError('model-download', offlineModelMessage(model.source.label));
      }
    }
    this.update({ speakers: { phase: 'loading', progress: 0, message: '' } });
    const files = new Map<string, { loaded: number; total: number }>();
    await this.speakerClient.load({ segmentation, embedding, ortWasmUrl: ortWasmUrl() }, (event) => {
      const entry = files.get(event.file) ?? { loaded: 0, total: 0 };
      if (event.type === 'download') Object.assign(entry, { loaded: event.loaded, total: event.total });
      else entry.loaded = entry.total;
      files.set(event.file, entry);
      const [loaded, total] = [...files.values()].reduce(([l, t], f) => [l + f.loaded, t + f.total], [0, 0]);
      this.update({ speakers: { phase: 'loading', progress: total ? loaded / total : null, message: '' } });
    });
    this.update({ speakers: { phase: 'ready', progress: null, message: '' } });
  }

  /** A tracker labelling this file's windows, or null with labels off or their models unavailable (a note says why). */
  private async speakerTracker(callbacks: FileCallbacks): Promise<SpeakerTracker | null> {
    if (!this.settings.speakers) return null;
    try {
      await this.loadSpeakers();
    } catch (error) {
      callbacks.onNote?.(`Speaker labels are off for this file: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    // Voices are told apart by comparing them with those heard earlier in this run; a run that carries on from a
    // stored point has not heard the earlier ones.
    if (callbacks.resume && callbacks.resume.position > 0) {
      callbacks.onNote?.('Speaker labels start afresh where this file carried on: the same person may have another label before and after.');
    }
    return new SpeakerTracker((audio) => this.speakerClient.analyse(audio), (problem) => callbacks.onNote?.(problem));
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
      ...(this.settings.vocabulary ? { vocabulary: this.settings.vocabulary } : {}),
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
        ...(this.settings.vocabulary ? { vocabulary: this.settings.vocabulary } : {}),
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

  /**
   * One pass of a live session. A GPU lost mid-pass moves the engine to WASM and the same audio is heard again
   * there, so the recording goes on and no utterance is lost.
   */
  private async transcribeLive(audio: Float32Array, o: LivePass): Promise<WindowResult> {
    try {
      return await this.livePass(audio, o);
    } catch (error) {
      if (o.signal.aborted || !(await this.leaveWebGpu(error, (why) => `WebGPU failed while recording (${why}); carried on with WASM.`))) throw error;
      return this.livePass(audio, o);
    }
  }

  /**
   * After WebGPU failed under running work: loads the WASM plan (once: work that failed with it waits for the same
   * load) and says so. False when the error is no WebGPU failure.
   */
  private async leaveWebGpu(error: unknown, notice: (why: string) => string): Promise<boolean> {
    if (!(error instanceof EngineError) || !isWebGpuFailure(error)) return false;
    if (this.status.plan?.device === 'webgpu') {
      const fallback = fallbackPlan(this.status.plan, await (this.capabilities ?? this.deps.probe()));
      this.update({ plan: fallback, notice: notice(error.message) });
      this.loading = this.loadPlan(fallback);
    }
    await this.ensureLoaded();
    return true;
  }

  /** Finals get every guard; partials, thrown away soon after, one greedy pass. */
  private livePass(audio: Float32Array, o: LivePass): Promise<WindowResult> {
    const guards = this.guards;
    return this.transcribeWindow(
      audio,
      {
        language: o.language,
        previousLanguage: o.previousLanguage,
        ...(o.prompt && this.guards.conditionOnPreviousText ? { prompt: o.prompt } : {}),
        guards: o.kind === 'final' ? guards : { ...guards, temperatures: guards.temperatures.slice(0, 1) },
      },
      { signal: o.signal },
    );
  }

  /**
   * Transcribes a whole file of any length, or the rest of it from `callbacks.resume`. If WebGPU fails mid-file, the
   * model is reloaded on WASM and the file is carried on from the last finished window (status.notice says so).
   */
  async transcribeFile(file: File, callbacks: FileCallbacks = {}): Promise<FileTranscript> {
    await this.ensureLoaded();
    // One for the whole file, across a fallback, so a voice keeps its label.
    const speakers = await this.speakerTracker(callbacks);
    // What is done so far, across a fallback: the segments, and where a run would carry on.
    const segments: Segment[] = [];
    let resume = callbacks.resume;
    let detected: LanguageGuess[] = [];
    const tracked: FileCallbacks = {
      ...callbacks,
      onSegments: (kept) => {
        segments.push(...kept);
        callbacks.onSegments?.(kept);
      },
      onWindowDone: (window) => {
        resume = window.resume;
        callbacks.onWindowDone?.(window);
      },
      onLanguage: (candidates) => {
        detected = candidates;
        callbacks.onLanguage?.(candidates);
      },
    };
    const result = async (run: Promise<Pick<FileTranscript, 'durationSeconds' | 'language'>>): Promise<FileTranscript> => ({ ...(await run), segments, detected });
    try {
      return await result(this.runFile(file, tracked, resume, speakers));
    } catch (error) {
      const from = resume ? `from ${clock(resume.position, resume.position >= 3600)}` : 'from the start';
      if (callbacks.signal?.aborted || !(await this.leaveWebGpu(error, (why) => `WebGPU failed while transcribing "${file.name}" (${why}); carried on ${from} on WASM.`))) throw error;
      return await result(this.runFile(file, tracked, resume, speakers));
    }
  }

  private async runFile(file: File, callbacks: FileCallbacks, from: ResumePoint | undefined, speakers: SpeakerTracker | null): Promise<Pick<FileTranscript, 'durationSeconds' | 'language'>> {
    const startSeconds = from?.position ?? 0;
    const decoding = await this.deps.openFile(file, decodeStartFor(startSeconds));
    const total = decoding.info.durationSeconds;
    const guards = this.guards;
    const detecting = this.settings.language === 'auto';
    let language: string | null = from?.language ?? (detecting ? null : this.settings.language);
    // The text kept so far is the next window's prompt, as in openai/whisper, until a window needed a hot fallback.
    let context = from?.context ?? '';
    let dropContext = false;
    // Where the audio that could be read ends; short of `total` for a file cut short.
    let readUntil = decodeStartFor(startSeconds);
    async function* counted(): AsyncGenerator<ScoredChunk> {
      for await (const chunk of decoding.chunks) {
        readUntil += chunk.samples.length / SAMPLE_RATE;
        yield chunk;
      }
    }
    try {
      await transcribeFile({
        chunks: withWaveform(counted(), callbacks.onWaveform),
        startSeconds,
        signal: callbacks.signal,
        onProgress: (done) => callbacks.onProgress?.(done, total),
        onSegments: (kept) => {
          context = lastChars(joinText([context, ...kept.map((s) => s.text.trim())]), PROMPT_CHARS);
          callbacks.onSegments?.(kept);
        },
        onNote: callbacks.onNote,
        onWindowDone: (kept, next) => {
          // Reset once the window is done, kept text or not, so the next window's prompt (and a resume's) is ''.
          if (dropContext) context = '';
          dropContext = false;
          const prompt = guards.conditionOnPreviousText ? context : '';
          callbacks.onWindowDone?.({ segments: kept, resume: { position: next, context: prompt, language } });
        },
        transcribeWindow: async (audio, window) => {
          callbacks.onSpeech?.(window.speech);
          // Started before Whisper takes the samples (they are transferred), and run beside it.
          const voices = speakers?.listen(audio);
          const prompt = guards.conditionOnPreviousText && context ? context : undefined;
          // On auto, every window is detected again; the file's language so far stays unless another wins clearly.
          const result = await this.transcribeWindow(
            audio,
            { language: detecting ? null : language, previousLanguage: language, ...(prompt ? { prompt } : {}), seed: Math.round(window.start * 1000) },
            { onPartial: callbacks.onPartial, signal: callbacks.signal },
          );
          if (!result.silence && result.segments.length > 0) language = result.language;
          else language ??= result.language;
          if (result.detected) callbacks.onLanguage?.(result.detected);
          dropContext = result.highestTemperature > guards.promptResetOnTemperature;
          // The segments' times are the window's; so must the speech detector's regions be.
          const speech = window.speech.map((r) => ({ start: r.start - window.start, end: r.end - window.start }));
          const kept = keptSegments(result.segments, { speech, noSpeechProb: result.stats.noSpeechProb, guards });
          return speakers && voices ? speakers.label(kept, await voices) : kept;
        },
      });
      if (readUntil < total - EARLY_END_SECONDS) callbacks.onNote?.(endsEarlyNote(file.name, readUntil, total));
      return { durationSeconds: total, language };
    } finally {
      decoding.close();
    }
  }
}

/** The chunks as they are, each one's envelope told to `onWaveform` on its way through. */
async function* withWaveform(chunks: AsyncIterable<ScoredChunk>, onWaveform: FileCallbacks['onWaveform']): AsyncGenerator<ScoredChunk> {
  for await (const chunk of chunks) {
    onWaveform?.(chunk.startSeconds, chunk.envelope);
    yield chunk;
  }
}
