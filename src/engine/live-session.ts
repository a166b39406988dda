import { AudioSourceError, type AudioSourceErrorCode, type CaptureEndReason } from '../audio/audio-capture.ts';
import { LiveAudioError, type LiveAudioStartOptions } from '../audio/live-audio.ts';
import { EngineError } from './engine-error.ts';
import type { SegmenterOptions } from '../vad/speech-segmenter.ts';
import type { PolicyOptions } from './streaming-policy.ts';
import { LiveTranscriber, applyFinal, type FinalDetail, type LiveTranscriberOptions, type PartialDetail } from './live-transcriber.ts';
import type { LiveCapture, LiveSource } from './live-source.ts';

export type { LiveSource, LiveSourceKind } from './live-source.ts';

export type LiveSessionState = 'loading' | 'ready' | 'listening' | 'speaking' | 'processing' | 'stopped' | 'error';

export type LiveErrorCode = AudioSourceErrorCode | 'device-lost' | 'model-load' | 'worker-crashed' | 'transcription';

/** What a live session tells its view, in order. */
export type LiveEvent =
  | { type: 'state'; state: LiveSessionState }
  | { type: 'partial'; detail: PartialDetail }
  | { type: 'final'; detail: FinalDetail }
  /** No partial or revised final comes for this utterance any more: its last final (if any) is settled. */
  | { type: 'utterance-end'; utteranceId: number }
  /** The source ended by itself (the stream's track ended, the tab stopped sharing): the session stops as if asked. */
  | { type: 'ended'; message: string }
  /** Something the user should know while the session goes on (a muted microphone); '' when it no longer holds. */
  | { type: 'notice'; message: string }
  /** Peak |sample| (0–1) of the latest 32 ms of input. */
  | { type: 'level'; peak: number }
  /** A fatal error ends the session (state 'error', source released); otherwise the session goes on. */
  | { type: 'error'; code: LiveErrorCode; message: string; fatal: boolean };

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
  /** The capture for the session's source (live-source.ts's captureFor). */
  capture(source: LiveSource): LiveCapture;
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
 * moment, start-up included: the source is always released, and speech in progress becomes a final first. Audio
 * pushed (`pushPcm`, `pushChunk`) is kept from the moment the session exists, so pushing may start at once.
 */
export class LiveSession {
  private state: LiveSessionState = 'stopped';
  private transcriber: LiveTranscriber | null = null;
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private stopRequested = false;
  private openingSource = false;
  private released = false;
  private finalList: FinalDetail[] = [];
  private readonly capture: LiveCapture;
  /** The capture went to the audio path, which stops it; before that, the session does. */
  private handedOver = false;
  /** Pushed audio is all heard: stop() ends the input, and waits for the model to hear it rather than dropping it. */
  private readonly drains: boolean;

  constructor(
    private readonly deps: LiveSessionDeps,
    private readonly options: LiveSessionOptions,
  ) {
    this.capture = deps.capture(options.source);
    this.drains = this.capture.pushPcm !== undefined || this.capture.pushChunk !== undefined;
  }

  /** The kind of source this session listens to. */
  get source(): LiveSource['kind'] {
    return this.options.source.kind;
  }

  /**
   * Appends PCM (mono, or planar channels) at `sampleRate` Hz to a `{ kind: 'pcm' }` session: resampled to 16 kHz and
   * copied at once, so the caller may reuse its arrays. Ignored after stop().
   */
  pushPcm(samples: Float32Array | readonly Float32Array[], sampleRate: number): void {
    if (!this.capture.pushPcm) throw new LiveSessionError(`pushPcm: this session listens to a ${this.source} source; start one with { kind: 'pcm' }.`);
    this.capture.pushPcm(samples, sampleRate);
  }

  /** Appends the next MediaRecorder chunk to a `{ kind: 'media-recorder' }` session. Ignored after stop(). */
  pushChunk(chunk: Blob | ArrayBuffer | ArrayBufferView): void {
    if (!this.capture.pushChunk) throw new LiveSessionError(`pushChunk: this session listens to a ${this.source} source; start one with { kind: 'media-recorder' }.`);
    this.capture.pushChunk(chunk);
  }

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

  /** Releases the source; resolves when every final is out and the state is 'stopped' (or 'error'). Once: later calls get the same promise. */
  stop(): Promise<void> {
    this.stopping ??= this.end();
    return this.stopping;
  }

  private async end(): Promise<void> {
    this.stopRequested = true;
    // While the model loads, nothing is open yet: stop at once rather than after a download. While the source
    // opens (a permission prompt, say), wait for it, so that what it opens is closed again. Pushed audio waits for
    // the model, which then hears all of it.
    if (this.openingSource || (this.drains && !this.handedOver)) await this.starting?.catch(() => undefined);
    const transcriber = this.transcriber;
    this.transcriber = null;
    if (this.handedOver) await this.deps.audio.stop();
    else await this.capture.stop();
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
    // The tab picker needs the click that started the session: it comes up before anything slow.
    if (this.options.source.kind === 'tab' && this.capture.open) {
      this.openingSource = true;
      try {
        await this.capture.open();
      } catch (error) {
        this.openingSource = false;
        await this.capture.stop();
        this.failOpen(error);
        return;
      }
      this.openingSource = false;
      if (this.stopRequested) return;
    }
    try {
      await this.deps.ensureLoaded();
    } catch (error) {
      if (this.stopRequested && !this.drains) return;
      await this.capture.stop();
      this.fail('model-load', message(error));
      this.release();
      return;
    }
    if (this.stopRequested && !this.drains) return;
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
      onUtteranceEnd: (utteranceId) => this.emit({ type: 'utterance-end', utteranceId }),
      onState: (s) => {
        if (this.transcriber === transcriber && !this.stopRequested) this.setState(s);
      },
      // One utterance's pass failed: it still gets a final with what was heard, and the next pass retries the model.
      onError: (e) => this.report(e instanceof EngineError && e.code === 'worker-crashed' ? 'worker-crashed' : 'transcription', message(e)),
    });
    this.transcriber = transcriber;
    this.openingSource = true;
    this.handedOver = true;
    try {
      await this.deps.audio.start({
        capture: this.capture,
        onBatch: (batch) => transcriber.push(batch),
        onLevel: (peak) => this.emit({ type: 'level', peak }),
        onEnded: (reason) => this.sourceEnded(reason),
        onMuted: (muted) => this.emit({ type: 'notice', message: muted ? mutedMessage(this.options.source.kind) : '' }),
        onFailed: (e) => {
          this.fail(e.code, e.message);
          void this.stop();
        },
        onError: (e) => this.report('transcription', e.message),
      });
    } catch (error) {
      this.openingSource = false;
      this.transcriber = null;
      this.failOpen(error);
      return;
    }
    this.openingSource = false;
    if (!this.stopRequested) this.setState('listening');
  }

  /** A microphone that goes away is an error; any other source ending is the end of what there was to hear. */
  private sourceEnded(reason: CaptureEndReason): void {
    if (this.options.source.kind === 'microphone') {
      this.fail('device-lost', reason === 'device-lost' ? 'The microphone was disconnected. Plug it back in and start again.' : 'The microphone stopped.');
    } else {
      this.emit({ type: 'ended', message: this.options.source.kind === 'tab' ? 'The tab stopped sharing its sound.' : 'The stream ended.' });
    }
    void this.stop();
  }

  /** The source could not be opened: the session ends with the source's own code. */
  private failOpen(error: unknown): void {
    if (error instanceof AudioSourceError) this.fail(error.code, error.message);
    else if (error instanceof LiveAudioError) this.fail('unsupported', error.message);
    else this.fail('unsupported', message(error));
    this.release();
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

/** A push to a session whose source does not take it: a bug in the caller. */
export class LiveSessionError extends Error {
  override name = 'LiveSessionError';
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a muted source means to the user: the session goes on, hears nothing, and keeps what it has. */
function mutedMessage(kind: LiveSource['kind']): string {
  return kind === 'microphone'
    ? 'The microphone is muted (by a switch on the device, the system, or another app): nothing is heard until it is unmuted. The transcript so far is kept.'
    : 'The source is muted: nothing is heard until its sound comes back. The transcript so far is kept.';
}
