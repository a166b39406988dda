import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Waveform } from '../../audio/waveform';
import { SAMPLE_RATE } from '../../shared/sample-rate';
import type { LiveErrorCode, LiveEvent, LiveSession, LiveSessionOptions, LiveSessionState, LiveSourceKind } from '../../engine/live-session';
import type { LoadConsent } from '../../engine/load-consent';
import { applyFinal, type FinalDetail } from '../../engine/live-transcriber';
import type { TranscriptionEngine } from '../../engine/transcription-engine';
import { WhisperConfirmEvent, WhisperErrorEvent, WhisperFinalEvent, WhisperPartialEvent, WhisperProgressEvent } from './recorder-events';

/** The capture worklet reports the input's peak once per 32 ms VAD frame (512 samples). */
const LEVELS_PER_SECOND = SAMPLE_RATE / 512;

interface Host extends ReactiveControllerHost, EventTarget {
  /** The element's reflected state attribute. */
  state: LiveSessionState;
}

/**
 * The recorder element's view of one engine-owned live session at a time: what to render (finals, partial, level,
 * error, status line) and the element's `whisper-*` events.
 */
export class LiveSessionController implements ReactiveController {
  finals: FinalDetail[] = [];
  partial = '';
  /** The utterance the partial belongs to: once it has a final, the partial is shown in its place. */
  partialUtterance = -1;
  level = 0;
  /** The session's input level over time, a point per frame, for the live waveform; null before the first session. */
  waveform: Waveform | null = null;
  error = '';
  /** Model, device and what the engine is doing, e.g. "…/whisper-base · wasm · Ready". */
  statusText = '';
  /** Why the session stopped by itself (the stream ended, the tab stopped sharing); '' otherwise. */
  ended = '';
  /** What holds while the session goes on (a muted microphone); '' otherwise. */
  notice = '';
  /** The question this session's model load waits on, unless a `whisper-confirm` listener took it over. */
  consent: LoadConsent | null = null;
  private announced: LoadConsent | null = null;
  private session: LiveSession | null = null;
  private engine: TranscriptionEngine | null = null;

  constructor(
    private readonly host: Host,
    /** Hears every session event first, in order, from the session's 'loading' state on (the history uses it). */
    private readonly observe: (event: LiveEvent) => void = () => undefined,
  ) {
    host.addController(this);
  }

  /** Between start() and the end of stop(), or until an error ends the session. */
  get active(): boolean {
    return this.session !== null;
  }

  /** The running session's source, or null. */
  get source(): LiveSourceKind | null {
    return this.session?.source ?? null;
  }

  /** See LiveSession.pushPcm; a session must be running. */
  pushPcm(samples: Float32Array | readonly Float32Array[], sampleRate: number): void {
    this.session?.pushPcm(samples, sampleRate);
  }

  /** See LiveSession.pushChunk; a session must be running. */
  pushChunk(chunk: Blob | ArrayBuffer | ArrayBufferView): void {
    this.session?.pushChunk(chunk);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    void this.stop();
  }

  start(engine: TranscriptionEngine, options: Omit<LiveSessionOptions, 'onEvent'>): void {
    if (this.session) return;
    this.error = '';
    this.waveform = new Waveform(LEVELS_PER_SECOND);
    this.ended = '';
    this.notice = '';
    this.engine = engine;
    engine.addEventListener('status', this.onStatus);
    this.onStatus();
    this.session = engine.startLive({
      ...options,
      onEvent: (event) => {
        this.observe(event);
        switch (event.type) {
          case 'state':
            this.host.state = event.state;
            if (event.state === 'error' || event.state === 'stopped') this.end();
            break;
          case 'partial':
            this.partial = event.detail.text;
            this.partialUtterance = event.detail.utteranceId;
            this.host.dispatchEvent(new WhisperPartialEvent({ type: 'partial', ...event.detail }));
            break;
          case 'final':
            this.partial = '';
            this.finals = applyFinal(this.finals, event.detail);
            this.host.dispatchEvent(new WhisperFinalEvent({ type: 'final', ...event.detail }));
            break;
          case 'level':
            this.level = event.peak;
            this.waveform?.push(-event.peak, event.peak);
            break;
          case 'error':
            this.fail(event.code, event.message);
            break;
          case 'notice':
            this.notice = event.message;
            break;
          case 'ended':
            this.ended = event.message;
            break;
        }
        this.host.requestUpdate();
      },
    });
  }

  /** Speech in progress becomes a final before the state says stopped. */
  async stop(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.stop();
    this.partial = '';
    this.end();
    this.host.requestUpdate();
  }

  /** Shows an error and fires `whisper-error`. */
  fail(code: LiveErrorCode, message: string): void {
    this.error = message;
    this.host.dispatchEvent(new WhisperErrorEvent({ code, message }));
    this.host.requestUpdate();
  }

  clear(): void {
    this.finals = [];
    this.partial = '';
    if (!this.session) this.waveform = null;
    this.host.requestUpdate();
  }

  private end(): void {
    this.session = null;
    this.consent = this.announced = null;
    this.engine?.removeEventListener('status', this.onStatus);
  }

  private onStatus = (): void => {
    const s = this.engine?.status;
    if (!s) return;
    const model = s.loaded?.model ?? (s.plan && this.engine?.sourceOf(s.plan.model).label);
    this.statusText = [model, s.loaded?.device ?? s.plan?.device, s.message].filter(Boolean).join(' · ');
    if (s.consent !== this.announced) {
      this.announced = s.consent;
      const shown = !s.consent || this.host.dispatchEvent(new WhisperConfirmEvent(s.consent));
      this.consent = shown ? s.consent : null;
    }
    if (s.phase === 'loading' || s.phase === 'warming-up') this.host.dispatchEvent(new WhisperProgressEvent({ progress: s.progress, message: s.message }));
    this.host.requestUpdate();
  };
}
