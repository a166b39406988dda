import { openInDecodeWorker } from '../audio/decode-client.ts';
import { LiveAudio } from '../audio/live-audio.ts';
import { LiveSession, type LiveSessionOptions } from './live-session.ts';
import { probeCapabilities } from './capabilities.ts';
import { fallbackPlan, planDevice, type Capabilities, type Plan, type UserChoice } from './device-plan.ts';
import { EngineError, isWebGpuFailure } from './engine-error.ts';
import { transcribeFile } from './file-job.ts';
import { offlineModelProblem } from '../models/model-cache.ts';
import { resolveModelSource } from '../models/model-source.ts';
import { SPEAKER_MODELS, speakerModelFiles, type SpeakerModelInfo } from '../models/speaker-models.ts';
import { routeTask } from './task-routing.ts';
import type { Task } from '../shared/choices.ts';
import type { LanguageGuess, LoadedModel, TranscribeOptions, WindowResult } from './protocol.ts';
import { ortWasmUrl } from '../shared/runtime-assets.ts';
import { DEFAULT_GUARDS, type GuardOptions } from '../shared/guard-options.ts';
import type { Segment, Transcript } from './transcript.ts';
import { WhisperClient } from './whisper-client.ts';
import { PROMPT_CHARS, joinText, lastChars } from './hypothesis-text.ts';
import { keptSegments } from './window-text.ts';
import { SpeakerClient } from './speaker-client.ts';
import type { SpeakerModelRequest } from './speaker-protocol.ts';
import { SpeakerTracker } from './speaker-tracker.ts';

export interface EngineSettings extends UserChoice {
  /** 'auto' detects the language from the audio. */
  language: string;
  task: Task;
  /** Where hub ids are fetched from instead of the Hugging Face hub. */
  modelBaseUrl?: string;
  /** openai/whisper's decoding guards; its defaults when absent. */
  guards?: GuardOptions;
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
}

export type EnginePhase = 'idle' | 'loading' | 'warming-up' | 'ready' | 'error';

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

/**
 * The app's single way to transcribe: plans device and dtype from the browser's capabilities, loads the model
 * once (falling back from WebGPU to WASM when WebGPU fails, and telling the user), and runs file jobs and live
 * windows on the worker. Fires `status` events whenever EngineStatus changes.
 */
export class TranscriptionEngine extends EventTarget {
  status: EngineStatus = {
    phase: 'idle',
    plan: null,
    loaded: null,
    progress: null,
    message: 'Not loaded',
    notice: '',
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
    };
  }

  private update(patch: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...patch };
    this.dispatchEvent(new Event('status'));
  }

  /**
   * New settings take effect at the next request; a different model, device or precision means a reload. A
   * translate request with a model that cannot translate is routed to one that can (status.notice says so).
   */
  async configure(settings: EngineSettings): Promise<Plan> {
    const baseChanged = settings.modelBaseUrl !== this.settings.modelBaseUrl;
    // The speaker models come from the same mirror as hub-hosted Whisper models.
    if (baseChanged) this.speakersLoading = null;
    this.settings = settings;
    this.capabilities ??= this.deps.probe();
    const caps = await this.capabilities;
    let plan = planDevice(caps, settings);
    const routed = routeTask(plan.model, settings.task, plan.device);
    if (routed.note) plan = planDevice(caps, { ...settings, model: routed.model });
    const current = this.status.plan;
    const same = current && !baseChanged && (['model', 'device', 'encoderDtype', 'decoderDtype'] as const).every((k) => current[k] === plan[k]);
    if (!same) {
      this.loading = null;
      this.update({ phase: 'idle', plan, loaded: null, progress: null, message: 'Not loaded', notice: routed.note });
    } else if (routed.note !== this.status.notice) {
      this.update({ notice: routed.note });
    }
    return plan;
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
      if (!(error instanceof EngineError) || plan.device !== 'webgpu' || !isWebGpuFailure(error)) throw this.fail(error);
      const fallback = fallbackPlan(plan, await (this.capabilities ?? this.deps.probe()));
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
    const files = new Map<string, { loaded: number; total: number }>();
    const source = resolveModelSource(plan.model, this.deps.pageUrl(), this.settings.modelBaseUrl);
    // Offline with a model that is not fully stored: say so instead of waiting on downloads that cannot happen.
    const offline = await offlineModelProblem(source, { encoder: plan.encoderDtype, decoder: plan.decoderDtype });
    if (offline) throw new EngineError('model-download', offline);
    this.update({ phase: 'loading', plan, loaded: null, progress: 0, message: `Loading ${plan.model}` });
    const loaded = await this.client.load(
      {
        source,
        device: plan.device,
        encoderDtype: plan.encoderDtype,
        decoderDtype: plan.decoderDtype,
        threads: plan.threads,
        ortWasmUrl: ortWasmUrl(),
      },
      (event) => {
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
      },
    );
    this.update({ phase: 'ready', loaded, progress: null, message: 'Ready' });
    return loaded;
  }

  /**
   * Loads the speaker models (downloading them if they are not stored) into the speaker worker, once; a failure is
   * in `status.speakers` and the next call tries again. Whether the user agreed to the download is the caller's
   * to ask first: this downloads.
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
    for (const [model, info] of [[segmentation, SPEAKER_MODELS.segmentation], [embedding, SPEAKER_MODELS.embedding]] as const) {
      const offline = await offlineModelProblem(model.source, speakerModelFiles(info));
      if (offline) throw new EngineError('model-download', offline);
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
  private async speakerTracker(onNote: ((note: string) => void) | undefined): Promise<SpeakerTracker | null> {
    if (!this.settings.speakers) return null;
    try {
      await this.loadSpeakers();
    } catch (error) {
      onNote?.(`Speaker labels are off for this file: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    return new SpeakerTracker((audio) => this.speakerClient.analyse(audio), (problem) => onNote?.(problem));
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
        model: plan?.model ?? '',
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
   * Starts transcribing a live source: the model loads if needed (with the current settings), the source opens,
   * and `options.onEvent` hears states, partials, finals and errors until `stop()`.
   */
  startLive(options: LiveSessionOptions): LiveSession {
    const audio = this.idleAudio ?? new LiveAudio();
    this.idleAudio = null;
    const session = new LiveSession(
      {
        ensureLoaded: () => this.ensureLoaded(),
        transcribe: (samples, o) => this.transcribeLive(samples, o),
        promptResetOnTemperature: this.guards.promptResetOnTemperature,
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
    const speakers = await this.speakerTracker(callbacks.onNote);
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
          // Started before Whisper takes the samples (they are transferred), and run beside it.
          const voices = speakers?.listen(audio);
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
          const kept = keptSegments(result.segments, { speech, noSpeechProb: result.stats.noSpeechProb, guards });
          return speakers && voices ? speakers.label(kept, await voices) : kept;
        },
      });
      return { segments, durationSeconds: total, language, detected };
    } finally {
      decoding.close();
    }
  }
}
