import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LiveAudio } from '../../audio/live-audio';
import { Microphone, MicrophoneError, type MicrophoneDevice } from '../../audio/microphone';
import type { Dtype } from '../../models/dtype';
import { EngineError } from '../../engine/engine-error';
import { LiveTranscriber, type FinalDetail } from '../../engine/live-transcriber';
import type { DeviceChoice, Task } from '../../shared/choices';
import { TranscriptionEngine } from '../../engine/transcription-engine';
import type { Transcript } from '../../engine/transcript';
import '../export-bar/export-bar';
import {
  WhisperErrorEvent,
  WhisperFinalEvent,
  WhisperPartialEvent,
  WhisperProgressEvent,
  WhisperStateEvent,
  type RecorderErrorCode,
  type RecorderState,
} from './recorder-events';
import { styles } from './whisper-recorder.styles';

const booleanish = { fromAttribute: (v: string | null) => v === null || !/^(off|false|0|no)$/i.test(v), toAttribute: (v: boolean) => (v ? 'on' : 'off') };

/**
 * @tagname whisper-recorder
 * @summary Live speech-to-text from the microphone, entirely in the page: partial text while you speak, final text
 * per utterance.
 *
 * @fires whisper-partial - `{ type: 'partial', text, utteranceId }` while an utterance is in progress.
 * @fires whisper-final - `{ type: 'final', text, start, end, utteranceId, language }` once per utterance.
 * @fires whisper-state - `{ state }`: loading, ready, listening, speaking, processing, stopped, error.
 * @fires whisper-error - `{ code, message }`: permission-denied, no-microphone, insecure-context, model-load, …
 * @fires whisper-progress - `{ progress, message }` while the model downloads and warms up.
 *
 * @csspart controls - The row with the record button and the level meter.
 * @csspart record-button - Start/stop (or hold to talk).
 * @csspart level - The input level meter.
 * @csspart microphone-select - The microphone picker, shown when there are several.
 * @csspart status - What is running and what it is doing.
 * @csspart error - The error message.
 * @csspart transcript - The list of final texts; each item is `final`.
 * @csspart partial - The text in progress.
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
  /**
   * Partial text while speaking, when the device has time to spare: they never take more than half the model's time,
   * so the final comes first on a slow device. `partials="off"` saves computation: the model runs once per utterance.
   */
  @property({ converter: booleanish }) partials = true;
  /** `toggle`: click to start and stop. `push-to-talk`: hold the button, or Space while it has focus. */
  @property() mode: 'toggle' | 'push-to-talk' = 'toggle';
  /** A deviceId from the microphone picker; empty is the browser's default microphone. */
  @property() microphone = '';
  @property({ attribute: 'echo-cancellation', converter: booleanish }) echoCancellation = true;
  @property({ attribute: 'noise-suppression', converter: booleanish }) noiseSuppression = true;
  @property({ attribute: 'auto-gain-control', converter: booleanish }) autoGainControl = true;
  /** Reflected so pages can style the element by what it is doing. */
  @property({ reflect: true }) state: RecorderState = 'stopped';
  /** Share one engine (and one loaded model) with the rest of the page. */
  @property({ attribute: false }) engine: TranscriptionEngine | null = null;

  @state() private finals: FinalDetail[] = [];
  @state() private partial = '';
  @state() private level = 0;
  @state() private error = '';
  @state() private statusText = '';
  @state() private devices: MicrophoneDevice[] = [];

  private audio: LiveAudio | null = null;
  private live: LiveTranscriber | null = null;
  private ownEngine: TranscriptionEngine | null = null;
  private session = 0;

  /** The final texts of this session, in order. */
  get transcript(): FinalDetail[] {
    return [...this.finals];
  }

  private get activeEngine(): TranscriptionEngine {
    return this.engine ?? (this.ownEngine ??= new TranscriptionEngine());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.refreshDevices);
    void this.refreshDevices();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.refreshDevices);
    void this.stop();
    this.audio?.dispose();
    this.audio = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && changed.get('state') !== undefined) this.dispatchEvent(new WhisperStateEvent({ state: this.state }));
  }

  /** Device labels are only known once the page may use the microphone, so the list is refreshed after start. */
  private refreshDevices = async () => {
    this.devices = await Microphone.listDevices().catch(() => []);
  };

  /** Loads the model if needed, opens the microphone and starts transcribing. */
  async start(): Promise<void> {
    if (this.audio?.recording || this.state === 'loading') return;
    const session = ++this.session;
    this.error = '';
    this.state = 'loading';
    const engine = this.activeEngine;
    const onStatus = () => {
      const s = engine.status;
      this.statusText = [s.loaded?.model ?? s.plan?.model, s.loaded?.device ?? s.plan?.device, s.message].filter(Boolean).join(' · ');
      if (s.phase === 'loading' || s.phase === 'warming-up') this.dispatchEvent(new WhisperProgressEvent({ progress: s.progress, message: s.message }));
    };
    engine.addEventListener('status', onStatus);
    try {
      await engine.configure({
        ...(this.model ? { model: this.model } : {}),
        device: this.device,
        ...(this.dtype ? { dtype: this.dtype as Dtype } : {}),
        language: this.language || 'auto',
        task: this.task,
        ...(this.modelBaseUrl ? { modelBaseUrl: this.modelBaseUrl } : {}),
      });
      await engine.ensureLoaded();
      if (session !== this.session) return;
      this.state = 'ready';
      this.live = this.createTranscriber(engine);
      this.audio ??= new LiveAudio();
      const live = this.live;
      await this.audio.start({
        ...(this.microphone ? { deviceId: this.microphone } : {}),
        echoCancellation: this.echoCancellation,
        noiseSuppression: this.noiseSuppression,
        autoGainControl: this.autoGainControl,
        onBatch: (batch) => live.push(batch),
        onLevel: (peak) => (this.level = peak),
        onEnded: (reason) => {
          this.fail('device-lost', reason === 'device-lost' ? 'The microphone was disconnected. Plug it back in and start again.' : 'The microphone stopped.');
          void this.stop();
        },
        onError: (e) => this.fail('transcription', e.message),
      });
      if (session !== this.session) return;
      this.state = 'listening';
      void this.refreshDevices();
    } catch (error) {
      this.live = null;
      if (error instanceof MicrophoneError) this.fail(error.code, error.message);
      else if (error instanceof EngineError) this.fail('model-load', error.message);
      else this.fail('unsupported', error instanceof Error ? error.message : String(error));
    } finally {
      engine.removeEventListener('status', onStatus);
    }
  }

  /** Stops listening; speech in progress is transcribed to a final before `whisper-state` says stopped. */
  async stop(): Promise<void> {
    const live = this.live;
    if (!live && this.state !== 'loading') return;
    this.session++;
    this.live = null;
    await this.audio?.stop();
    this.level = 0;
    if (live) {
      if (this.state !== 'error') this.state = 'processing';
      await live.finish();
    }
    this.partial = '';
    if (this.state !== 'error') this.state = 'stopped';
  }

  /** Forgets the session's text. */
  clear(): void {
    this.finals = [];
    this.partial = '';
  }

  private createTranscriber(engine: TranscriptionEngine): LiveTranscriber {
    return new LiveTranscriber({
      partials: this.partials,
      language: this.language && this.language !== 'auto' ? this.language : null,
      transcribe: (audio, o) => engine.transcribeWindow(audio, { language: o.language, ...(o.prompt ? { prompt: o.prompt } : {}) }, { signal: o.signal }),
      onPartial: (d) => {
        this.partial = d.text;
        this.dispatchEvent(new WhisperPartialEvent({ type: 'partial', ...d }));
      },
      onFinal: (d) => {
        this.partial = '';
        this.finals = [...this.finals, d];
        this.dispatchEvent(new WhisperFinalEvent({ type: 'final', ...d }));
      },
      onState: (s) => {
        if (this.live && this.state !== 'error') this.state = s;
      },
      onError: (e) => this.fail(e instanceof EngineError && e.code === 'worker-crashed' ? 'worker-crashed' : 'transcription', e instanceof Error ? e.message : String(e)),
    });
  }

  private fail(code: RecorderErrorCode, message: string): void {
    this.error = message;
    this.state = 'error';
    this.dispatchEvent(new WhisperErrorEvent({ code, message }));
  }

  private get asTranscript(): Transcript | null {
    if (this.finals.length === 0) return null;
    const plan = this.activeEngine.status.plan;
    return {
      meta: {
        source: 'microphone',
        model: plan?.model ?? this.model,
        device: plan?.device ?? 'wasm',
        dtype: plan ? `${plan.encoderDtype}/${plan.decoderDtype}` : '',
        ...(this.finals[0] ? { language: this.finals[0].language } : {}),
        task: this.task,
        createdAt: new Date().toISOString(),
      },
      segments: this.finals.map((f) => ({ start: f.start, end: f.end, text: f.text, language: f.language })),
    };
  }

  private onButton(): void {
    if (this.mode !== 'toggle') return;
    if (this.live || this.state === 'loading') void this.stop();
    else void this.start();
  }

  private hold(down: boolean, event: Event): void {
    if (this.mode !== 'push-to-talk') return;
    if (event instanceof KeyboardEvent && (event.key !== ' ' || event.repeat)) return;
    event.preventDefault();
    void (down ? this.start() : this.stop());
  }

  override render() {
    const recording = this.live !== null || this.state === 'loading';
    const label = this.mode === 'push-to-talk' ? 'Hold to talk' : recording ? 'Stop' : 'Start recording';
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
        <meter part="level" min="0" max="1" .value=${this.level} aria-label="Input level"></meter>
        ${this.devices.length > 1
          ? html`<select part="microphone-select" aria-label="Microphone" ?disabled=${recording}
              @change=${(e: Event) => (this.microphone = (e.target as HTMLSelectElement).value)}>
              ${this.devices.map((d) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.microphone}>${d.label}</option>`)}
            </select>`
          : nothing}
      </div>
      <p part="status" class="status" role="status">${this.state}${this.statusText ? html` · ${this.statusText}` : nothing}</p>
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
      <ol part="transcript" class="transcript" aria-label="Transcript">
        ${this.finals.map((f) => html`<li part="final" lang=${f.language}>${f.text}</li>`)}
      </ol>
      ${this.partial ? html`<p part="partial" class="partial" aria-label="In progress">${this.partial}</p>` : nothing}
      <wr-export-bar .transcript=${this.asTranscript}></wr-export-bar>
    `;
  }
}
