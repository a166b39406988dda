import { LiveAudioError, type LiveAudioStartOptions } from '../audio/live-audio.ts';
import { MicrophoneError, type MicrophoneErrorCode } from '../audio/microphone.ts';
import { EngineError } from './engine-error.ts';
import type { SegmenterOptions } from '../vad/speech-segmenter.ts';
import type { PolicyOptions } from './streaming-policy.ts';
import { LiveTranscriber, applyFinal, type FinalDetail, type LiveTranscriberOptions, type PartialDetail } from './live-transcriber.ts';

export type LiveSessionState = 'loading' | 'ready' | 'listening' | 'speaking' | 'processing' | 'stopped' | 'error';

export type LiveErrorCode = MicrophoneErrorCode | 'device-lost' | 'model-load' | 'worker-crashed' | 'transcription';

/** What a live session tells its view, in order. */
export type LiveEvent =
  | { type: 'state'; state: LiveSessionState }
  | { type: 'partial'; detail: PartialDetail }
  | { type: 'final'; detail: FinalDetail }
  /** Peak |sample| (0–1) of the latest 32 ms of input. */
  | { type: 'level'; peak: number }
  /** A fatal error ends the session (state 'error', source released); otherwise the session goes on. */
  | { type: 'error'; code: LiveErrorCode; message: string; fatal: boolean };

/** Where the audio comes from. */
export type LiveSource = {
  kind: 'microphone';
  /** A deviceId; the browser's default microphone when absent. */
  deviceId?: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
};

export interface LiveSessionOptions {
  source: LiveSource;
  /** A language code, or null to detect it on the first utterance with speech. */
  language: string | null;
  /** Partial text while speaking, on spare capacity. */
  partials: boolean;
  /** Streaming settings: how often partials run and how much of the model's time they may take, … */
  policy?: Partial<PolicyOptions>;
  /** Speech detection settings: the longest utterance before it is cut, … */
  segmenter?: Partial<SegmenterOptions>;
  onEvent(event: LiveEvent): void;
}

/** The parts of the engine and of the audio path a live session uses (tests pass fakes). */
export interface LiveSessionDeps {
  ensureLoaded(): Promise<unknown>;
  transcribe: LiveTranscriberOptions['transcribe'];
  promptResetOnTemperature: number;
  audio: {
    start(options: LiveAudioStartOptions): Promise<void>;
    stop(): Promise<void>;
  };
  /** The session is over and will not touch `audio` again. */
  release(): void;
}

/**
 * One live transcription, from start to stop: loads the model, opens the audio source, runs speech detection and
 * the streaming policy, and reports states, partials, finals and errors as typed events. `stop()` works at any
 * moment, start-up included: the source is always released, and speech in progress becomes a final first.
 */
export class LiveSession {
  private state: LiveSessionState = 'stopped';
  private transcriber: LiveTranscriber | null = null;
  private starting: Promise<void> | null = null;
  private stopRequested = false;
  private openingSource = false;
  private released = false;
  private finalList: FinalDetail[] = [];

  constructor(
    private readonly deps: LiveSessionDeps,
    private readonly options: LiveSessionOptions,
  ) {}

  /** The finals so far, in order. */
  get finals(): readonly FinalDetail[] {
    return this.finalList;
  }

  get current(): LiveSessionState {
    return this.state;
  }

  /** Resolves once the source is open (or the start failed, which an 'error' event reports). */
  start(): Promise<void> {
    this.starting ??= this.run();
    return this.starting;
  }

  /** Releases the source; resolves when every final is out and the state is 'stopped' (or 'error'). */
  async stop(): Promise<void> {
    this.stopRequested = true;
    // While the model loads, nothing is open yet: stop at once rather than after a download. While the source
    // opens (a permission prompt, say), wait for it, so that what it opens is closed again.
    if (this.openingSource) await this.starting?.catch(() => undefined);
    const transcriber = this.transcriber;
    this.transcriber = null;
    await this.deps.audio.stop();
    this.emit({ type: 'level', peak: 0 });
    if (transcriber) {
      if (this.state !== 'error') this.setState('processing');
      await transcriber.finish();
    }
    if (this.state !== 'error') this.setState('stopped');
    this.release();
  }

  private async run(): Promise<void> {
    this.setState('loading');
    try {
      await this.deps.ensureLoaded();
    } catch (error) {
      if (this.stopRequested) return;
      this.fail('model-load', message(error));
      this.release();
      return;
    }
    if (this.stopRequested) return;
    this.setState('ready');
    const transcriber = new LiveTranscriber({
      partials: this.options.partials,
      language: this.options.language,
      ...(this.options.policy ? { policy: this.options.policy } : {}),
      ...(this.options.segmenter ? { segmenter: this.options.segmenter } : {}),
      transcribe: this.deps.transcribe,
      promptResetOnTemperature: this.deps.promptResetOnTemperature,
      onPartial: (detail) => this.emit({ type: 'partial', detail }),
      onFinal: (detail) => {
        this.finalList = applyFinal(this.finalList, detail);
        this.emit({ type: 'final', detail });
      },
      onState: (s) => {
        if (this.transcriber === transcriber && !this.stopRequested) this.setState(s);
      },
      // One utterance's pass failed: it still gets a final with what was heard, and the next pass retries the model.
      onError: (e) => this.report(e instanceof EngineError && e.code === 'worker-crashed' ? 'worker-crashed' : 'transcription', message(e)),
    });
    this.transcriber = transcriber;
    const { source } = this.options;
    this.openingSource = true;
    try {
      await this.deps.audio.start({
        ...(source.deviceId ? { deviceId: source.deviceId } : {}),
        echoCancellation: source.echoCancellation,
        noiseSuppression: source.noiseSuppression,
        autoGainControl: source.autoGainControl,
        onBatch: (batch) => transcriber.push(batch),
        onLevel: (peak) => this.emit({ type: 'level', peak }),
        onEnded: (reason) => {
          this.fail('device-lost', reason === 'device-lost' ? 'The microphone was disconnected. Plug it back in and start again.' : 'The microphone stopped.');
          void this.stop();
        },
        onError: (e) => this.report('transcription', e.message),
      });
    } catch (error) {
      this.openingSource = false;
      this.transcriber = null;
      if (error instanceof MicrophoneError) this.fail(error.code, error.message);
      else if (error instanceof LiveAudioError) this.fail('unsupported', error.message);
      else this.fail('unsupported', message(error));
      this.release();
      return;
    }
    this.openingSource = false;
    if (!this.stopRequested) this.setState('listening');
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.deps.release();
  }

  private setState(state: LiveSessionState): void {
    if (state === this.state) return;
    this.state = state;
    this.emit({ type: 'state', state });
  }

  /** A fatal error: the session is over. */
  private fail(code: LiveErrorCode, text: string): void {
    this.emit({ type: 'error', code, message: text, fatal: true });
    this.setState('error');
  }

  /** A problem the session survives. */
  private report(code: LiveErrorCode, text: string): void {
    this.emit({ type: 'error', code, message: text, fatal: false });
  }

  private emit(event: LiveEvent): void {
    this.options.onEvent(event);
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
