import { LitElement, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { Plan } from '../../engine/device-plan';
import { TranscriptionEngine, type EngineSettings, type EngineStatus } from '../../engine/transcription-engine';
import type { Transcript } from '../../engine/transcript';
import { fileIdentity, sameFile } from '../../history/file-identity';
import type { HistoryRecord } from '../../history/history-record';
import { pageHistory } from '../../history/page-history';
import { languageName } from '../../engine/languages';
import { suggestedModelFor } from '../../models/language-models';
import { parseUrlOptions, type UrlOptions } from '../../engine/url-options';
import type { Waveform } from '../../audio/waveform';
import type { DeviceChoice } from '../../shared/choices';
import type { TimeRange } from '../../shared/time-range';
import type { WhisperSegmentEditEvent, WhisperSettingsChangeEvent, WhisperSpeakerRenameEvent } from '../events';
import type { HistoryOpenDetail, WhisperHistoryChangeEvent, WhisperHistoryOpenEvent } from '../history/history';
import { FileJobsController, type FileJob } from './file-jobs.controller';
import { LeaveGuardController } from './leave-guard.controller';
import { SpeakerModelsController } from './speaker-models.controller';
import { TranscriptEditsController, type EditTarget } from './transcript-edits.controller';
import '../transcript-panel/transcript-panel';
import { styles } from './whisper-app.styles';
import '../load-confirm/load-confirm';
import type { WhisperLoadAnswerEvent } from '../load-confirm/load-confirm.events';
import '../model-manager/model-manager';
import type { WrModelManager } from '../model-manager/model-manager';
import '../../pwa/update-prompt/update-prompt';
import '../../pwa/offline-badge/offline-badge';
import { OfflineReadyController } from './offline-ready.controller';
import { IncomingFilesController } from '../../pwa/launch/incoming-files.controller';
import '../whisper-recorder/whisper-recorder';
import type { WhisperRecorder } from '../whisper-recorder/whisper-recorder';

/** The recorder's states while a session holds the microphone or is finishing its text. */
const RECORDING = new Set(['loading', 'ready', 'listening', 'speaking', 'processing']);

/**
 * @tagname whisper-app
 * @summary The static site: settings, file queue, transcript with playback, timeline, search, corrections and
 * exports, and the transcript history, over one engine.
 *
 * The transcript and its timeline come first: beside the files on a wide screen, below them on a phone. Colours
 * follow the system's light or dark scheme through the `--whisper-*` custom properties, which every element inside
 * inherits. Corrections are kept with the file job or the opened transcript and saved to the history.
 *
 * File jobs and the site's recorder are saved to the history as they go; leaving the page while either runs asks
 * first.
 *
 * URL parameters (`?model=`, `?device=`, `?dtype=`, `?language=`, `?task=`, `?vocabulary=`, `?speakers=`, the guards, and the
 * recorder's `?partial-interval=`, `?max-utterance=`, `?partial-load=`) preset the settings, so a self-hosted model
 * or a device can be linked to. Below the status line, `<wr-load-confirm>` asks what a model load waits on (models
 * from another host, a large first download); the file queue and the recorder wait for the answer.
 *
 * Besides the microphone, the live section transcribes the sound of a tab the user picks ("Transcribe a tab").
 */
export class WhisperApp extends LitElement {
  static override styles = styles;

  private readonly engine = new TranscriptionEngine();
  private readonly history = pageHistory();
  private readonly files = new FileJobsController(this, this.engine, this.history);
  private readonly edits = new TranscriptEditsController(this, this.history);
  private readonly leaveGuard = new LeaveGuardController(this, () => this.files.jobs.some((j) => j.abort) || RECORDING.has(this.recorder?.state ?? ''));
  // Files opened with the installed app or shared to it join the queue like dropped ones.
  private readonly incoming = new IncomingFilesController(this, (files) => this.files.add(files));
  private readonly speakerModels = new SpeakerModelsController(this, this.engine, () => this.settings.modelBaseUrl, () => void this.modelManager?.refresh());
  private readonly offline = new OfflineReadyController(this, () => {
    const plan = this.status.plan;
    return plan && { model: plan.model, dtypes: { encoder: plan.encoderDtype, decoder: plan.decoderDtype }, modelBaseUrl: this.settings.modelBaseUrl, ready: this.status.phase === 'ready' };
  });
  @state() private settings: EngineSettings = { language: 'auto', task: 'transcribe', device: 'auto' };
  /** The recorder's streaming settings from the URL; its own defaults where absent. */
  @state() private liveSettings: Pick<UrlOptions, 'partialInterval' | 'maxUtterance' | 'partialLoad'> = {};
  /** The recorder listens to a tab from the "Transcribe a tab" click until that session ends. */
  @state() private liveSource: 'microphone' | 'tab' = 'microphone';
  @state() private status: EngineStatus = this.engine.status;
  @state() private problems: string[] = [];
  @state() private selectedId: string | null = null;
  /** A saved transcript the user opened from the history; shown instead of a file job until one is chosen. */
  @state() private opened: HistoryOpenDetail | null = null;
  @state() private saved: readonly HistoryRecord[] = [];
  @state() private historyBytes: number | null = null;
  /** Files the user chose to play saved transcripts with, by record id. */
  @state() private attached: ReadonlyMap<string, File> = new Map();
  @state() private attachProblem = '';
  @query('wr-model-manager') private modelManager!: WrModelManager | null;
  @query('whisper-recorder') private recorder!: WhisperRecorder | null;
  @query('#transcript-heading') private transcriptHeading!: HTMLElement | null;
  @query('#attach-file') private attachInput!: HTMLInputElement | null;

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
      ...(options.guards ? { guards: options.guards } : {}),
      ...(options.vocabulary ? { vocabulary: options.vocabulary } : {}),
    };
    const { partialInterval, maxUtterance, partialLoad } = options;
    this.liveSettings = { partialInterval, maxUtterance, partialLoad };
    this.engine.addEventListener('status', this.onStatus);
    void this.engine.configure(this.settings);
    if (options.speakers) void this.speakerModels.requested(() => this.applySettings({ ...this.settings, speakers: true }));
    else void this.speakerModels.recheck();
  }

  private applySettings(settings: EngineSettings): void {
    const speakersOn = !!settings.speakers && !this.settings.speakers;
    this.settings = settings;
    void this.engine.configure(settings);
    // The user has just agreed to the download (or the models are stored): fetch them now, not at the first file.
    if (speakersOn) void this.engine.loadSpeakers().catch(() => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.engine.removeEventListener('status', this.onStatus);
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
    const { model, device, language, task, vocabulary, speakers } = e.detail;
    this.applySettings({ ...this.settings, model: model || undefined, device, language, task, vocabulary: vocabulary || undefined, speakers });
  }

  /** From a click: the browser's tab picker needs it. */
  private transcribeTab() {
    const recorder = this.recorder;
    if (!recorder || RECORDING.has(recorder.state)) return;
    this.liveSource = 'tab';
    recorder.source = 'tab';
    void recorder.start();
  }

  private onRecorderState() {
    // A tab session is one click's: when it ends, the record button is the microphone's again.
    if (this.liveSource === 'tab' && !RECORDING.has(this.recorder?.state ?? '')) this.liveSource = 'microphone';
    this.requestUpdate();
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

  private addFiles(files: File[]) {
    this.opened = null;
    this.files.add(files);
  }

  private async openSaved(e: WhisperHistoryOpenEvent) {
    this.opened = e.detail;
    this.attachProblem = '';
    this.selectedId = null;
    await this.updateComplete;
    this.transcriptHeading?.focus();
    this.transcriptHeading?.scrollIntoView({ block: 'start' });
  }

  /** The file chosen to play a saved transcript: the same size and first MiB as the one transcribed, whatever its name. */
  private async attach(e: Event, record: HistoryRecord) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const known = record.file;
    const same = known ? file.size === known.size && (await fileIdentity(file)).sha256 === known.sha256 : file.name === record.name;
    this.attachProblem = same ? '' : `"${file.name}" is not the file this transcript was made from.`;
    if (same) this.attached = new Map(this.attached).set(record.id, file);
  }

  private onHistoryChange(e: WhisperHistoryChangeEvent) {
    this.saved = e.detail.records;
    this.historyBytes = e.detail.bytes;
    // A transcript deleted from the history is no longer shown as if it were still there.
    if (this.opened && !this.saved.some((r) => r.id === this.opened?.record.id)) this.opened = null;
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
      .wordTimings=${loaded?.wordTimings}
      .offlineReady=${this.offline.value}
    ></wr-status>`;
  }

  private renderJob(job: FileJob | undefined, transcript: Transcript | null) {
    const target = job && transcript && !job.abort ? this.jobTarget(job, transcript) : null;
    return html`
      <h2 id="transcript-heading" tabindex="-1">${job ? job.name : 'Transcript'}</h2>
      ${job && job.detected.length > 0
        ? html`<p part="detected" class="detected">
            Detected language:
            ${job.detected.map((c, i) => html`${i ? ', ' : ''}<span lang=${c.language}>${languageName(c.language)}</span> ${Math.round(c.probability * 100)}%`)}
          </p>`
        : nothing}
      ${this.renderSuggestion(job)}
      ${this.renderPanel(transcript, target, {
        file: job?.file ?? null,
        partial: job?.abort ? this.files.partial : '',
        duration: job?.durationSeconds ?? 0,
        waveform: job?.waveform ?? null,
        speech: job?.speech ?? [],
      })}
    `;
  }

  /** A model made for the language the file was heard in, offered; the model changes only on the user's click. */
  private renderSuggestion(job: FileJob | undefined) {
    const current = this.settings.model ?? this.status.plan?.model ?? '';
    const suggestion = job && job.state === 'done' ? suggestedModelFor(job.language, current) : null;
    if (!suggestion) return nothing;
    return html`<p part="suggestion" class="suggestion" role="status">
      ${languageName(job!.language!)} was heard. ${suggestion.label}, by ${suggestion.by}, is made for it.
      <button type="button" @click=${() => this.applySettings({ ...this.settings, model: suggestion.id })}>Use ${suggestion.label} for the next files</button>
    </p>`;
  }

  /** A saved transcript: the history keeps text, not audio, so segments play only with the file at hand. */
  private renderOpened({ record, transcript }: HistoryOpenDetail) {
    const name = this.saved.find((r) => r.id === record.id)?.name ?? record.name;
    const shown = { ...transcript, meta: { ...transcript.meta, source: name } };
    const identity = record.file;
    const job = identity ? this.files.jobs.find((j) => sameFile(j.file, identity)) : undefined;
    const file = this.attached.get(record.id) ?? job?.file;
    const target: EditTarget = {
      key: `saved:${record.id}`,
      transcript: shown,
      recordId: record.id,
      keep: (t) => {
        if (this.opened?.record.id === record.id) this.opened = { ...this.opened, transcript: t };
      },
    };
    return html`
      <h2 id="transcript-heading" tabindex="-1">${name}</h2>
      ${file ? nothing : this.renderNoAudio(record)}
      ${this.renderPanel(shown, target, {
        file: file ?? null,
        partial: '',
        duration: record.durationSeconds,
        // The waveform of the same file, where it is in the queue; the history keeps no audio to draw.
        waveform: job?.waveform ?? null,
        speech: job?.speech ?? [],
      })}
    `;
  }

  private renderPanel(transcript: Transcript | null, target: EditTarget | null, media: { file: File | null; partial: string; duration: number; waveform: Waveform | null; speech: readonly TimeRange[] }) {
    return html`<wr-transcript-panel
      .transcript=${transcript}
      .partial=${media.partial}
      .file=${media.file}
      .duration=${media.duration}
      .waveform=${media.waveform}
      .waveformVersion=${media.waveform?.version ?? 0}
      .speech=${media.speech}
      .editable=${!!target}
      .canUndo=${!!target && this.edits.canUndo(target.key)}
      @whisper-segment-edit=${(e: WhisperSegmentEditEvent) => target && this.edits.editText(target, e.detail.index, e.detail.text)}
      @whisper-speaker-rename=${(e: WhisperSpeakerRenameEvent) => target && this.edits.renameSpeaker(target, e.detail.label, e.detail.name)}
      @whisper-undo=${() => target && this.edits.undo(target)}
    ></wr-transcript-panel>`;
  }

  /** A finished (or stopped) file job's transcript, corrected in place and in its history record. */
  private jobTarget(job: FileJob, transcript: Transcript): EditTarget {
    return {
      key: job.id,
      transcript,
      recordId: job.recordId,
      keep: (t) => {
        job.transcript = t;
        job.segments = t.segments;
      },
    };
  }

  private renderNoAudio(record: HistoryRecord) {
    if (record.kind === 'live') return html`<p part="saved-note" class="saved-note">Saved from the microphone. Recordings keep their text only, so segments cannot be played.</p>`;
    const fileName = record.file?.name ?? record.name;
    return html`<p part="saved-note" class="saved-note">
        Saved transcript. The history keeps text, not audio: choose the file to play its segments.
        <button type="button" @click=${() => this.attachInput?.click()}>Choose ${fileName}…</button>
        <input id="attach-file" type="file" accept="audio/*,video/*" hidden aria-label="Audio file of ${fileName}" @change=${(e: Event) => void this.attach(e, record)} />
      </p>
      ${this.attachProblem ? html`<p class="problems" role="alert">${this.attachProblem}</p>` : nothing}`;
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
      <div class="workspace">
        <section class="settings" aria-label="Settings">
          <wr-settings
            .model=${this.settings.model ?? plan?.model ?? ''}
            .device=${(this.settings.device ?? 'auto') as DeviceChoice}
            .language=${this.settings.language}
            .task=${this.settings.task}
            .vocabulary=${this.settings.vocabulary ?? ''}
            .languages=${this.status.loaded?.languages ?? []}
            .speakers=${live(!!this.settings.speakers)}
            .speakersDownloadBytes=${this.speakerModels.downloadBytes}
            .speakersAsked=${this.speakerModels.asked}
            .speakersStatus=${this.speakerModels.status}
            .disabled=${busy}
            @whisper-settings-change=${this.onSettings}
          ></wr-settings>
        </section>
        <section class="files" aria-label="Files">
          <h2>Files</h2>
          <wr-drop-zone @whisper-files=${(e: CustomEvent<{ files: File[] }>) => this.addFiles(e.detail.files)}></wr-drop-zone>
          <wr-file-queue
            .items=${this.files.jobs}
            @whisper-cancel=${(e: CustomEvent<{ id: string }>) => this.files.cancel(e.detail.id)}
            @whisper-retry=${(e: CustomEvent<{ id: string }>) => this.files.retry(e.detail.id)}
            @whisper-start-over=${(e: CustomEvent<{ id: string }>) => {
              this.edits.forget(e.detail.id);
              this.files.startOver(e.detail.id);
            }}
            @whisper-select=${(e: CustomEvent<{ id: string }>) => {
              this.selectedId = e.detail.id;
              this.opened = null;
            }}
          ></wr-file-queue>
        </section>
        <section class="transcript" aria-label="Transcript">
          ${this.opened ? this.renderOpened(this.opened) : this.renderJob(job, transcript)}
        </section>
        <section class="microphone" aria-label="Microphone">
          <h2>Microphone</h2>
          <whisper-recorder
            .engine=${this.engine}
            model=${this.settings.model ?? ''}
            device=${this.settings.device ?? 'auto'}
            dtype=${this.settings.dtype ?? ''}
            language=${this.settings.language}
            task=${this.settings.task}
            model-base-url=${this.settings.modelBaseUrl ?? ''}
            vocabulary=${this.settings.vocabulary ?? ''}
            .guards=${this.settings.guards ?? null}
            source=${this.liveSource}
            partial-interval=${ifDefined(this.liveSettings.partialInterval)}
            max-utterance=${ifDefined(this.liveSettings.maxUtterance)}
            partial-load=${ifDefined(this.liveSettings.partialLoad)}
            history
            @whisper-state=${this.onRecorderState}
          ></whisper-recorder>
          <p class="tab-source">
            <button type="button" ?disabled=${RECORDING.has(this.recorder?.state ?? '')} @click=${this.transcribeTab}>Transcribe a tab</button>
            Transcribes what a tab plays (a video, a call): pick it, with its audio, in the browser’s dialog.
          </p>
        </section>
      </div>
      <section aria-label="History">
        <h2>History</h2>
        <wr-history
          .store=${this.history}
          current=${this.opened?.record.id ?? ''}
          @whisper-history-open=${this.openSaved}
          @whisper-history-change=${this.onHistoryChange}
        ></wr-history>
      </section>
      <wr-model-manager
        .current=${plan?.model ?? ''}
        .dtypes=${plan ? { encoder: plan.encoderDtype, decoder: plan.decoderDtype } : { encoder: 'q8', decoder: 'q8' }}
        .modelBaseUrl=${this.settings.modelBaseUrl}
        .historyBytes=${this.historyBytes}
        @whisper-model-storage=${() => void this.speakerModels.recheck()}
      ></wr-model-manager>
    `;
  }
}
