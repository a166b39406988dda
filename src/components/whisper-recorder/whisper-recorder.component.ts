import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Microphone, type MicrophoneDevice } from '../../audio/microphone';
import type { Dtype } from '../../models/dtype';
import type { DeviceChoice, Task } from '../../shared/choices';
import { readGuards, type GuardOptions, type GuardSetting } from '../../shared/guard-options';
import type { Transcript } from '../../engine/transcript';
import { TranscriptionEngine, type EngineSettings } from '../../engine/transcription-engine';
import { browserLoadRecords, trustingHosts } from '../../engine/load-records';
import { authorHosts } from '../../models/model-source';
import type { FinalDetail } from '../../engine/live-transcriber';
import type { LiveSource, LiveSourceKind } from '../../engine/live-session';
import { DEFAULT_POLICY_OPTIONS } from '../../engine/streaming-policy';
import { DEFAULT_SEGMENTER_OPTIONS } from '../../vad/speech-segmenter';
import '../export-bar/export-bar';
import '../timeline/timeline';
import { normalizeVocabulary } from '../../shared/vocabulary';
import { LiveHistoryController } from './live-history.controller';
import '../load-confirm/load-confirm';
import type { LoadAnswer, WhisperLoadAnswerEvent } from '../load-confirm/load-confirm.events';
import { LiveSessionController } from './live-session.controller';
import { WhisperStateEvent, type RecorderState } from './recorder-events';
import { styles } from './whisper-recorder.styles';

/** `value` within [min, max]; `fallback` for what is not a number (an attribute typo must not break recording). */
const clamp = (value: number, min: number, max: number, fallback: number): number => (Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback);

/** What `source` accepts: where start() takes the audio from. */
export type RecorderSource = LiveSourceKind;
const SOURCES: readonly RecorderSource[] = ['microphone', 'tab', 'stream', 'pcm', 'media-recorder'];
/** The idle record button's label, by source. */
const START_LABEL: Record<RecorderSource, string> = {
  microphone: 'Start recording',
  tab: 'Transcribe a tab',
  stream: 'Transcribe the stream',
  pcm: 'Start',
  'media-recorder': 'Start',
};

const booleanish = { fromAttribute: (v: string | null) => v === null || !/^(off|false|0|no)$/i.test(v), toAttribute: (v: boolean) => (v ? 'on' : 'off') };

/**
 * @tagname whisper-recorder
 * @summary Live speech-to-text, entirely in the page: partial text while you speak, final text per utterance. It
 * listens to the microphone, or to a MediaStream (`stream`), a tab's sound (`source="tab"`), PCM (`pushPcm()`) or
 * MediaRecorder chunks (`pushChunk()`) that the page hands it.
 *
 * @fires whisper-partial - `{ type: 'partial', text, utteranceId }` while an utterance is in progress.
 * @fires whisper-final - `{ type: 'final', text, start, end, utteranceId, language }` once per utterance.
 * @fires whisper-state - `{ state }`: loading, ready, listening, speaking, processing, stopped, error.
 * @fires whisper-error - `{ code, message }`: permission-denied, no-microphone, insecure-context, no-audio-track, model-load, …
 * @fires whisper-progress - `{ progress, message }` while the model downloads and warms up.
 * @fires whisper-confirm - `{ kind: 'host' | 'download', message, … }` when the model load waits for the user: models
 * from a host other than this site, the Hugging Face hub and the hosts in this element's own `model` and
 * `model-base-url` attributes (asked once per host, remembered), or a first download
 * over 500 MB (`bytes`, and a `smaller` model to take instead). An element that owns its engine shows the question
 * itself unless a listener calls `preventDefault()`; answer with `confirmLoad()`. Given an `engine`, the page asks.
 *
 * @csspart controls - The row with the record button and the level meter.
 * @csspart record-button - Start/stop (or hold to talk).
 * @csspart level - The input level meter.
 * @csspart waveform - The live waveform of the session, with its finals below it.
 * @csspart microphone-select - The microphone picker, shown when there are several.
 * @csspart status - What is running and what it is doing.
 * @csspart error - The error message.
 * @csspart history-problem - Why sessions are not being kept (history full or unavailable), with `history` only.
 * @csspart transcript - The list of final texts; each item is `final`.
 * @csspart partial - The text in progress.
 * @csspart confirm - The question a model load waits on (`<wr-load-confirm>`).
 *
 * @cssproperty --whisper-accent - Focus ring colour.
 * @cssproperty --whisper-recording-background - Record button while recording.
 * @cssproperty --whisper-partial-color - Colour of text in progress.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 */
export class WhisperRecorder extends LitElement {
  static override styles = styles;

  /** Hub id, absolute URL or same-origin path; empty lets the device plan choose. */
  @property() model = '';
  /** A Whisper language code, or `auto` to detect it on the first utterance. */
  @property() language = 'auto';
  @property() task: Task = 'transcribe';
  @property() device: DeviceChoice = 'auto';
  @property() dtype = '';
  @property({ attribute: 'model-base-url' }) modelBaseUrl = '';
  /** Words to expect (names, terms, spellings): they go into the model's prompt and the transcript's meta. */
  @property() vocabulary = '';
  /**
   * Partial text while speaking, when the device has time to spare: they never take more than half the model's time,
   * so the final comes first on a slow device. `partials="off"` saves computation: the model runs once per utterance.
   */
  @property({ converter: booleanish }) partials = true;
  /**
   * The share of the model's time partials may take (0–1, default 0.5). 1 runs a partial whenever the model is idle,
   * even if that delays a final on a slow device.
   */
  @property({ attribute: 'partial-load', type: Number }) partialLoad = DEFAULT_POLICY_OPTIONS.maxPartialLoad;
  /** Least milliseconds between the starts of two partials (default 400): partial text comes this often where the model keeps up. */
  @property({ attribute: 'partial-interval', type: Number }) partialInterval = DEFAULT_POLICY_OPTIONS.minPartialIntervalMs;
  /** Seconds of continuous speech after which an utterance is cut into a final (default and most: 30). */
  @property({ attribute: 'max-utterance', type: Number }) maxUtterance = DEFAULT_SEGMENTER_OPTIONS.maxUtteranceMs / 1000;
  /**
   * Where start() listens: `microphone` (default); `tab`, the sound of a tab the user picks (start from a click);
   * `stream`, the `stream` property; `pcm` or `media-recorder`, audio the page pushes (which starts a session by
   * itself). Setting `stream` makes it the source whatever this says.
   */
  @property() source: RecorderSource = 'microphone';
  /**
   * A MediaStream to transcribe instead of the microphone: a WebRTC call, an `<audio>` element's `captureStream()`.
   * The page keeps it (its tracks are not stopped); when its audio ends, the session stops by itself.
   */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** `toggle`: click to start and stop. `push-to-talk`: hold the button, or Space while it has focus. */
  @property() mode: 'toggle' | 'push-to-talk' = 'toggle';
  /** A deviceId from the microphone picker; empty is the browser's default microphone. */
  @property() microphone = '';
  @property({ attribute: 'echo-cancellation', converter: booleanish }) echoCancellation = true;
  @property({ attribute: 'noise-suppression', converter: booleanish }) noiseSuppression = true;
  @property({ attribute: 'auto-gain-control', converter: booleanish }) autoGainControl = true;
  /**
   * Keep each session's finals, as they come, in this site's transcript history (IndexedDB, on this device only).
   * Without it nothing is stored. Decided when a session starts.
   */
  @property({ type: Boolean, reflect: true }) history = false;
  /** openai/whisper's decoding guards (see README): `guards="off"`, or any of the settings below; unset, the defaults. */
  @property({ attribute: 'guards' }) guardsSetting = '';
  @property() temperatures = '';
  @property({ attribute: 'best-of' }) bestOf = '';
  /** Beams searched per window (default 1, greedy); about that many times the decoder's work. */
  @property({ attribute: 'beam-size' }) beamSize = '';
  @property({ attribute: 'compression-ratio-threshold' }) compressionRatioThreshold = '';
  @property({ attribute: 'logprob-threshold' }) logprobThreshold = '';
  @property({ attribute: 'no-speech-threshold' }) noSpeechThreshold = '';
  @property({ attribute: 'condition-on-previous-text' }) conditionOnPreviousText = '';
  /** The guards as options, for pages that set them as a whole (the attributes above win where any is set). */
  @property({ attribute: false }) guards: GuardOptions | null = null;
  /** Reflected so pages can style the element by what it is doing. */
  @property({ reflect: true }) state: RecorderState = 'stopped';
  /** Share one engine (and one loaded model) with the rest of the page. */
  @property({ attribute: false }) engine: TranscriptionEngine | null = null;

  @state() private devices: MicrophoneDevice[] = [];

  private readonly saved = new LiveHistoryController(this, () => this.activeEngine.transcript(this.sessionSource, []).meta);
  private readonly live = new LiveSessionController(this, this.saved.observe);
  private ownEngine: TranscriptionEngine | null = null;
  /** A session being configured (the engine probes the device first), and its source. */
  private starting: { kind: RecorderSource; done: Promise<void> } | null = null;
  /** Pushes made while the session starts, applied in order once it exists. */
  private pending: (() => void)[] = [];
  /** The source of the latest session, as transcripts name it. */
  private sessionSource: RecorderSource = 'microphone';

  /** The final texts of this session, in order. */
  get transcript(): FinalDetail[] {
    return [...this.live.finals];
  }

  private get activeEngine(): TranscriptionEngine {
    // Hosts this page's markup names for models: its author chose them (see trustingHosts).
    const named = () => authorHosts([this.model, this.modelBaseUrl], location.href);
    return this.engine ?? (this.ownEngine ??= new TranscriptionEngine({ records: trustingHosts(browserLoadRecords(), named) }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.refreshDevices);
    void this.refreshDevices();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.refreshDevices);
    void this.live.stop().then(() => this.ownEngine?.disposeLive());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && changed.get('state') !== undefined) this.dispatchEvent(new WhisperStateEvent({ state: this.state }));
  }

  /** Device labels are only known once the page may use the microphone, so the list is refreshed after start. */
  private refreshDevices = async () => {
    this.devices = await Microphone.listDevices().catch(() => []);
  };

  private get engineSettings(): EngineSettings {
    return {
      ...(this.model ? { model: this.model } : {}),
      device: this.device,
      ...(this.dtype ? { dtype: this.dtype as Dtype } : {}),
      language: this.language || 'auto',
      task: this.task,
      ...(this.modelBaseUrl ? { modelBaseUrl: this.modelBaseUrl } : {}),
      ...(normalizeVocabulary(this.vocabulary) ? { vocabulary: normalizeVocabulary(this.vocabulary) } : {}),
      ...this.guardOptions(),
    };
  }

  /** Loads the model if needed, opens the source (the microphone unless `source` or `stream` say otherwise) and starts transcribing. */
  start(): Promise<void> {
    const kind = this.stream ? 'stream' : SOURCES.includes(this.source) ? this.source : 'microphone';
    return this.begin(kind);
  }

  /**
   * Transcribes PCM: `samples` mono (or planar channels) at `sampleRate` Hz, any rate, copied at once. Starts a
   * session (`pcm`) if none runs; call stop() after the last push to hear the rest.
   */
  pushPcm(samples: Float32Array | readonly Float32Array[], sampleRate: number): void {
    if (this.live.source === 'pcm') return this.live.pushPcm(samples, sampleRate);
    const copy = samples instanceof Float32Array ? samples.slice() : samples.map((c) => c.slice());
    this.queuePush('pcm', () => this.live.pushPcm(copy, sampleRate));
  }

  /**
   * Transcribes a MediaRecorder recording (WebM/Opus) chunk by chunk, decoded as the chunks arrive: pass each
   * `dataavailable` event's `data`. Starts a session (`media-recorder`) if none runs; call stop() after the last chunk.
   */
  pushChunk(chunk: Blob | ArrayBuffer | ArrayBufferView): void {
    if (this.live.source === 'media-recorder') return this.live.pushChunk(chunk);
    const copy = chunk instanceof Blob ? chunk : chunk instanceof ArrayBuffer ? chunk.slice(0) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
    this.queuePush('media-recorder', () => this.live.pushChunk(copy));
  }

  private queuePush(kind: RecorderSource, push: () => void): void {
    const running = this.live.source ?? this.starting?.kind;
    if (running && running !== kind) throw new Error(`<whisper-recorder>: a ${running} session is running; stop() it before pushing ${kind} audio.`);
    this.pending.push(push);
    if (!this.starting) void this.begin(kind);
  }

  private begin(kind: RecorderSource): Promise<void> {
    if (this.live.active) return Promise.resolve();
    this.starting ??= { kind, done: this.open(kind).finally(() => (this.starting = null)) };
    return this.starting.done;
  }

  private async open(kind: RecorderSource): Promise<void> {
    const engine = this.activeEngine;
    const source = this.sourceFor(kind);
    if (!source) {
      this.pending = [];
      this.live.fail('no-audio-track', 'Nothing to transcribe: set the element’s `stream` property to a MediaStream with audio first.');
      return;
    }
    await engine.configure(this.engineSettings).catch((error: unknown) => {
      this.pending = [];
      throw error;
    });
    this.sessionSource = kind;
    this.live.start(engine, {
      source,
      language: this.language && this.language !== 'auto' ? this.language : null,
      partials: this.partials,
      policy: { maxPartialLoad: clamp(this.partialLoad, 0, 1, DEFAULT_POLICY_OPTIONS.maxPartialLoad), minPartialIntervalMs: clamp(this.partialInterval, 0, 60_000, DEFAULT_POLICY_OPTIONS.minPartialIntervalMs) },
      segmenter: { maxUtteranceMs: 1000 * clamp(this.maxUtterance, 1, 30, 30) },
    });
    for (const push of this.pending.splice(0)) push();
    if (kind === 'microphone') void this.refreshDevices();
  }

  private sourceFor(kind: RecorderSource): LiveSource | null {
    switch (kind) {
      case 'microphone':
        return {
          kind,
          ...(this.microphone ? { deviceId: this.microphone } : {}),
          echoCancellation: this.echoCancellation,
          noiseSuppression: this.noiseSuppression,
          autoGainControl: this.autoGainControl,
        };
      case 'stream':
        return this.stream ? { kind, stream: this.stream } : null;
      default:
        return { kind };
    }
  }

  private guardOptions(): { guards?: GuardOptions } {
    const attributes: Record<GuardSetting, string> = {
      guards: this.guardsSetting,
      temperatures: this.temperatures,
      'best-of': this.bestOf,
      'beam-size': this.beamSize,
      'compression-ratio-threshold': this.compressionRatioThreshold,
      'logprob-threshold': this.logprobThreshold,
      'no-speech-threshold': this.noSpeechThreshold,
      'condition-on-previous-text': this.conditionOnPreviousText,
    };
    if (Object.values(attributes).some((v) => v.trim() !== '')) {
      const { guards, errors } = readGuards((name) => attributes[name]);
      for (const error of errors) console.warn(`<whisper-recorder>: ${error}`);
      return { guards };
    }
    return this.guards ? { guards: this.guards } : {};
  }

  /**
   * Stops listening; speech in progress (and audio pushed before this call) is transcribed to a final before
   * `whisper-state` says stopped. A session still starting is stopped once it has started.
   */
  async stop(): Promise<void> {
    await this.starting?.done.catch(() => undefined);
    return this.live.stop();
  }

  /**
   * Answers the question the model load waits on (`whisper-confirm`): go ahead, say no (the start fails with a
   * `model-load` error that says so), or take the smaller model the question offered (`model` changes to it).
   */
  confirmLoad(answer: LoadAnswer): void {
    const engine = this.activeEngine;
    const consent = engine.status.consent;
    if (!consent) return;
    if (answer === 'smaller' && consent.kind === 'download' && consent.smaller) {
      this.model = consent.smaller.model;
      void engine.configure(this.engineSettings);
    } else engine.answerConsent(answer === 'accept');
  }

  /** The element's own question answered: internal, so the event stops here. */
  private onLoadAnswer(e: WhisperLoadAnswerEvent): void {
    e.stopPropagation();
    this.confirmLoad(e.detail.answer);
  }

  /** Forgets the session's text. */
  clear(): void {
    this.live.clear();
  }

  private get asTranscript(): Transcript | null {
    const finals = this.live.finals;
    if (finals.length === 0) return null;
    const segments = finals.map((f) => ({ start: f.start, end: f.end, text: f.text, language: f.language, ...(f.words && { words: f.words }) }));
    return this.activeEngine.transcript(this.sessionSource, segments, finals[0]?.language);
  }

  private onButton(): void {
    if (this.mode !== 'toggle') return;
    if (this.live.active) void this.stop();
    else void this.start();
  }

  private hold(down: boolean, event: Event): void {
    if (this.mode !== 'push-to-talk') return;
    if (event instanceof KeyboardEvent && (event.key !== ' ' || event.repeat)) return;
    event.preventDefault();
    void (down ? this.start() : this.stop());
  }

  private renderWaveform() {
    const waveform = this.live.waveform;
    if (!waveform) return nothing;
    return html`<wr-timeline
      part="waveform"
      live
      label="Live waveform of the microphone"
      .waveform=${waveform}
      .waveformVersion=${waveform.version}
      .duration=${waveform.durationSeconds}
      .segments=${this.live.finals}
    ></wr-timeline>`;
  }

  override render() {
    const recording = this.live.active;
    const idle = START_LABEL[this.stream ? 'stream' : this.source] ?? START_LABEL.microphone;
    const label = this.mode === 'push-to-talk' ? 'Hold to talk' : recording ? 'Stop' : idle;
    return html`
      <div part="controls" class="controls">
        <button
          part="record-button"
          class="record"
          type="button"
          aria-pressed=${recording ? 'true' : 'false'}
          @click=${this.onButton}
          @pointerdown=${(e: Event) => this.hold(true, e)}
          @pointerup=${(e: Event) => this.hold(false, e)}
          @pointerleave=${(e: Event) => recording && this.hold(false, e)}
          @keydown=${(e: Event) => this.hold(true, e)}
          @keyup=${(e: Event) => this.hold(false, e)}
        >${label}</button>
        <meter part="level" min="0" max="1" .value=${this.live.level} aria-label="Input level"></meter>
        ${this.devices.length > 1 && (this.live.source ?? this.source) === 'microphone' && !this.stream
          ? html`<select part="microphone-select" aria-label="Microphone" ?disabled=${recording}
              @change=${(e: Event) => (this.microphone = (e.target as HTMLSelectElement).value)}>
              ${this.devices.map((d) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.microphone}>${d.label}</option>`)}
            </select>`
          : nothing}
      </div>
      ${this.renderWaveform()}
      <p part="status" class="status" role="status">${this.state}${this.live.statusText ? html` · ${this.live.statusText}` : nothing}${this.live.ended ? html` · ${this.live.ended}` : nothing}${this.live.notice ? html` · ${this.live.notice}` : nothing}</p>
      ${this.live.error ? html`<p part="error" class="error" role="alert">${this.live.error}</p>` : nothing}
      ${this.saved.problem ? html`<p part="history-problem" class="error" role="status">${this.saved.problem}</p>` : nothing}
      ${this.live.consent && !this.engine
        ? html`<wr-load-confirm part="confirm" .request=${this.live.consent} @whisper-load-answer=${this.onLoadAnswer}></wr-load-confirm>`
        : nothing}
      <ol part="transcript" class="transcript" aria-label="Transcript">
        ${this.live.finals.map((f) =>
          // An utterance that goes on after its final shows its partial in place until the revised final comes.
          f.utteranceId === this.live.partialUtterance && this.live.partial
            ? html`<li part="partial" class="partial" lang=${f.language} aria-label="In progress">${this.live.partial}</li>`
            : html`<li part="final" lang=${f.language}>${f.text}</li>`,
        )}
      </ol>
      ${this.live.partial && !this.live.finals.some((f) => f.utteranceId === this.live.partialUtterance)
        ? html`<p part="partial" class="partial" aria-label="In progress">${this.live.partial}</p>`
        : nothing}
      <wr-export-bar .transcript=${this.asTranscript}></wr-export-bar>
    `;
  }
}
