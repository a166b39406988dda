import { LitElement, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { Plan } from '../../engine/device-plan';
import { TranscriptionEngine, type EngineSettings, type EngineStatus } from '../../engine/transcription-engine';
import type { Transcript } from '../../engine/transcript';
import { languageName } from '../../engine/languages';
import { parseUrlOptions } from '../../engine/url-options';
import type { DeviceChoice } from '../../shared/choices';
import type { WhisperSeekEvent, WhisperSettingsChangeEvent } from '../events';
import { FileJobsController, type FileJob } from './file-jobs.controller';
import { styles } from './whisper-app.styles';
import '../load-confirm/load-confirm';
import type { WhisperLoadAnswerEvent } from '../load-confirm/load-confirm.events';
import '../model-manager/model-manager';
import '../../pwa/update-prompt/update-prompt';
import '../../pwa/offline-badge/offline-badge';
import { OfflineReadyController } from './offline-ready.controller';
import '../whisper-recorder/whisper-recorder';

/**
 * @tagname whisper-app
 * @summary The static site: settings, file queue, transcript with playback, and exports, over one engine.
 *
 * URL parameters (`?model=`, `?device=`, `?dtype=`, `?language=`, `?task=`) preset the settings, so a
 * self-hosted model or a device can be linked to. Below the status line, `<wr-load-confirm>` asks what a model load
 * waits on (models from another host, a large first download); the file queue and the recorder wait for the answer.
 */
export class WhisperApp extends LitElement {
  static override styles = styles;

  private readonly engine = new TranscriptionEngine();
  private readonly files = new FileJobsController(this, this.engine);
  private readonly offline = new OfflineReadyController(this, () => {
    const plan = this.status.plan;
    return plan && { model: plan.model, dtypes: { encoder: plan.encoderDtype, decoder: plan.decoderDtype }, modelBaseUrl: this.settings.modelBaseUrl, ready: this.status.phase === 'ready' };
  });
  @state() private settings: EngineSettings = { language: 'auto', task: 'transcribe', device: 'auto' };
  @state() private status: EngineStatus = this.engine.status;
  @state() private problems: string[] = [];
  @state() private selectedId: string | null = null;
  @state() private playing: { url: string; id: string } | null = null;
  @state() private activeTime = -1;
  @query('audio') private audio!: HTMLAudioElement | null;
  private stopAt = Infinity;

  override connectedCallback(): void {
    super.connectedCallback();
    const options = parseUrlOptions(location.search);
    this.problems = options.errors;
    this.settings = {
      ...this.settings,
      ...(options.model ? { model: options.model } : {}),
      ...(options.device ? { device: options.device } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
      ...(options.language ? { language: options.language } : {}),
      ...(options.task ? { task: options.task } : {}),
      ...(options.modelBaseUrl ? { modelBaseUrl: options.modelBaseUrl } : {}),
    };
    this.engine.addEventListener('status', this.onStatus);
    void this.engine.configure(this.settings);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.engine.removeEventListener('status', this.onStatus);
    if (this.playing) URL.revokeObjectURL(this.playing.url);
  }

  private onStatus = () => {
    this.status = this.engine.status;
  };

  /** A smaller model is a change of settings; the waiting load goes on with it. */
  private onLoadAnswer(e: WhisperLoadAnswerEvent) {
    const { answer, model } = e.detail;
    if (answer === 'smaller' && model) {
      this.settings = { ...this.settings, model };
      void this.engine.configure(this.settings);
    } else this.engine.answerConsent(answer === 'accept');
  }

  private onSettings(e: WhisperSettingsChangeEvent) {
    const { model, device, language, task } = e.detail;
    this.settings = { ...this.settings, model: model || undefined, device, language, task };
    void this.engine.configure(this.settings);
  }

  private get selected(): FileJob | undefined {
    const jobs = this.files.jobs;
    return (this.selectedId ? this.files.find(this.selectedId) : undefined) ?? jobs.find((j) => j.abort) ?? jobs.filter((j) => j.segments.length > 0).at(-1);
  }

  private transcriptOf(job: FileJob | undefined): Transcript | null {
    if (!job) return null;
    if (job.transcript) return job.transcript;
    return job.segments.length > 0 ? this.engine.transcript(job.name, job.segments, job.language) : null;
  }

  private seek(e: WhisperSeekEvent, job: FileJob) {
    if (this.playing?.id !== job.id) {
      if (this.playing) URL.revokeObjectURL(this.playing.url);
      this.playing = { url: URL.createObjectURL(job.file), id: job.id };
    }
    void this.updateComplete.then(() => {
      const audio = this.audio;
      if (!audio) return;
      audio.currentTime = e.detail.start;
      this.stopAt = e.detail.end;
      void audio.play().catch(() => undefined);
    });
  }

  private onTimeUpdate() {
    const audio = this.audio;
    if (!audio) return;
    this.activeTime = audio.currentTime;
    if (audio.currentTime >= this.stopAt) {
      audio.pause();
      this.stopAt = Infinity;
    }
  }

  private renderStatus(plan: Plan | null) {
    const loaded = this.status.loaded;
    return html`<wr-status
      .model=${loaded?.model ?? (plan ? this.engine.sourceOf(plan.model).label : '')}
      .device=${loaded?.device ?? plan?.device ?? ''}
      .dtype=${plan ? `${plan.encoderDtype} / ${plan.decoderDtype}` : ''}
      .threads=${loaded?.threads ?? plan?.threads ?? 0}
      .phase=${this.status.phase === 'idle' ? 'Loads on first use' : this.status.message}
      .progress=${this.status.progress}
      .reason=${plan?.reason ?? ''}
      .offlineReady=${this.offline.value}
    ></wr-status>`;
  }

  override render() {
    const plan = this.status.plan;
    const job = this.selected;
    const transcript = this.transcriptOf(job);
    const busy = this.files.jobs.some((j) => j.abort);
    return html`
      <header part="header">
        <h1>Whisper Recorder</h1>
        <p>Speech to text in your browser. Audio never leaves this device.</p>
        <wr-offline-badge></wr-offline-badge>
      </header>
      ${this.renderStatus(plan)}
      <wr-load-confirm .request=${this.status.consent} @whisper-load-answer=${this.onLoadAnswer}></wr-load-confirm>
      <wr-update-prompt ?busy=${busy}></wr-update-prompt>
      ${this.status.notice ? html`<p class="notice" role="status">${this.status.notice}</p>` : nothing}
      ${this.problems.length
        ? html`<ul class="problems" role="alert">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>`
        : nothing}
      <wr-settings
        .model=${this.settings.model ?? plan?.model ?? ''}
        .device=${(this.settings.device ?? 'auto') as DeviceChoice}
        .language=${this.settings.language}
        .task=${this.settings.task}
        .languages=${this.status.loaded?.languages ?? []}
        .disabled=${busy}
        @whisper-settings-change=${this.onSettings}
      ></wr-settings>
      <section aria-label="Microphone">
        <h2>Microphone</h2>
        <whisper-recorder
          .engine=${this.engine}
          model=${this.settings.model ?? ''}
          device=${this.settings.device ?? 'auto'}
          dtype=${this.settings.dtype ?? ''}
          language=${this.settings.language}
          task=${this.settings.task}
          model-base-url=${this.settings.modelBaseUrl ?? ''}
        ></whisper-recorder>
      </section>
      <section aria-label="Files">
        <h2>Files</h2>
        <wr-drop-zone @whisper-files=${(e: CustomEvent<{ files: File[] }>) => this.files.add(e.detail.files)}></wr-drop-zone>
        <wr-file-queue
          .items=${this.files.jobs}
          @whisper-cancel=${(e: CustomEvent<{ id: string }>) => this.files.cancel(e.detail.id)}
          @whisper-retry=${(e: CustomEvent<{ id: string }>) => this.files.retry(e.detail.id)}
          @whisper-select=${(e: CustomEvent<{ id: string }>) => (this.selectedId = e.detail.id)}
        ></wr-file-queue>
      </section>
      <section aria-label="Transcript">
        <h2>${job ? job.name : 'Transcript'}</h2>
        ${job && job.detected.length > 0
          ? html`<p part="detected" class="detected">
              Detected language:
              ${job.detected.map((c, i) => html`${i ? ', ' : ''}<span lang=${c.language}>${languageName(c.language)}</span> ${Math.round(c.probability * 100)}%`)}
            </p>`
          : nothing}
        ${this.playing && job && this.playing.id === job.id
          ? html`<audio controls src=${this.playing.url} @timeupdate=${this.onTimeUpdate}></audio>`
          : nothing}
        <wr-transcript-view
          .transcript=${transcript}
          .partial=${job?.abort ? this.files.partial : ''}
          .activeTime=${this.playing?.id === job?.id ? this.activeTime : -1}
          @whisper-seek=${(e: WhisperSeekEvent) => job && this.seek(e, job)}
        ></wr-transcript-view>
        <wr-export-bar .transcript=${transcript}></wr-export-bar>
      </section>
      <wr-model-manager
        .current=${plan?.model ?? ''}
        .dtypes=${plan ? { encoder: plan.encoderDtype, decoder: plan.decoderDtype } : { encoder: 'q8', decoder: 'q8' }}
        .modelBaseUrl=${this.settings.modelBaseUrl}
      ></wr-model-manager>
    `;
  }
}
