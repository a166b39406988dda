import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ENVELOPE_POINTS_PER_SECOND } from '../../audio/envelope';
import { Waveform } from '../../audio/waveform';
import type { LanguageGuess } from '../../engine/protocol';
import type { ResumePoint, TranscriptionEngine } from '../../engine/transcription-engine';
import type { Segment, Transcript } from '../../engine/transcript';
import { fileIdentity } from '../../history/file-identity';
import { FileJobHistory, type FileJobStart } from '../../history/file-job-history';
import type { FileIdentity } from '../../history/history-record';
import type { HistoryStore } from '../../history/history-store';
import { isResumable, resumableFor, type ResumableRecord } from '../../history/resume-rules';
import { unionOfRanges, type TimeRange } from '../../shared/time-range';
import type { QueueItem } from '../file-queue/queue-item';

export interface FileJob extends QueueItem {
  file: File;
  segments: Segment[];
  language: string | null;
  detected: LanguageGuess[];
  transcript: Transcript | null;
  abort: AbortController | null;
  /** Where this row's last run stopped: its last finished window (null: nothing finished yet). */
  resumePoint: ResumePoint | null;
  /** The stored transcript this row writes, once it has one. */
  recordId: string | null;
  /** The next run starts from zero (Start over) instead of carrying on. */
  startOver: boolean;
  /** The file's waveform, filled as it decodes. */
  waveform: Waveform;
  /** Where speech was found, as the windows are read. */
  speech: TimeRange[];
  /** The file's length once it is open; 0 before. */
  durationSeconds: number;
}

/** How a run begins: where the engine carries on from, the segments it keeps, and what the history writes on. */
interface RunStart {
  resume?: ResumePoint;
  segments: Segment[];
  history: FileJobStart;
}

/** What a run from zero fills in again: a resumed run keeps the waveform and speech found before its start. */
const fresh = (): Pick<FileJob, 'waveform' | 'speech' | 'durationSeconds'> => ({ waveform: new Waveform(ENVELOPE_POINTS_PER_SECOND), speech: [], durationSeconds: 0 });

let nextId = 1;

/**
 * The file queue: one job at a time through the engine, the rest waiting; per-file progress, cancel, retry, and
 * errors that name the file and never stop the queue. Segments already transcribed stay when a later step fails.
 * With a history store, each job is saved as it goes (see FileJobHistory).
 *
 * A job carries on where an earlier one stopped, rather than starting from zero: Retry carries on the row's own
 * run, and a file the user picks again carries on the stored transcript it stopped in (see resume-rules.ts), which
 * is written on rather than saved a second time. The row says so, and Start over transcribes from zero instead.
 */
export class FileJobsController implements ReactiveController {
  jobs: FileJob[] = [];
  /** Text of the window being transcribed right now. */
  partial = '';
  private running = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly engine: TranscriptionEngine,
    private readonly history: HistoryStore | null = null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const job of this.jobs) job.abort?.abort();
  }

  add(files: File[]): void {
    for (const file of files) {
      this.jobs = [
        ...this.jobs,
        { id: `file-${nextId++}`, name: file.name, file, state: 'queued', progress: 0, segments: [], language: null, detected: [], transcript: null, abort: null, resumePoint: null, recordId: null, startOver: false, ...fresh() },
      ];
    }
    this.host.requestUpdate();
    void this.pump();
  }

  cancel(id: string): void {
    const job = this.find(id);
    if (!job) return;
    if (job.abort) job.abort.abort();
    else if (job.state === 'queued') this.patch(job, { state: 'cancelled', progress: 0 });
  }

  /** Runs a failed or cancelled file again, carrying on from its last finished window. */
  retry(id: string): void {
    const job = this.find(id);
    if (!job || (job.state !== 'error' && job.state !== 'cancelled')) return;
    this.patch(job, { state: 'queued', progress: 0, error: undefined, note: undefined, transcript: null });
    void this.pump();
  }

  /** Transcribes the file from zero instead of carrying on; a run in progress stops first. */
  startOver(id: string): void {
    const job = this.find(id);
    if (!job || job.state === 'done') return;
    job.startOver = true;
    // The run ends as cancelled, and run() queues the job again.
    if (job.abort) job.abort.abort();
    else this.requeueFromZero(job);
  }

  find(id: string): FileJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  private requeueFromZero(job: FileJob): void {
    this.patch(job, { state: 'queued', progress: 0, error: undefined, note: undefined, segments: [], transcript: null, resume: undefined, resumePoint: null, ...fresh() });
    void this.pump();
  }

  private patch(job: FileJob, patch: Partial<FileJob>): void {
    Object.assign(job, patch);
    this.jobs = [...this.jobs];
    this.host.requestUpdate();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.nextQueued(); job; job = this.nextQueued()) await this.run(job);
    } finally {
      this.running = false;
    }
  }

  private nextQueued(): FileJob | undefined {
    return this.jobs.find((j) => j.state === 'queued');
  }

  private async run(job: FileJob): Promise<void> {
    const abort = new AbortController();
    this.patch(job, { abort, state: this.engine.status.phase === 'ready' ? 'decoding' : 'loading-model', progress: 0 });
    const followLoading = () => {
      const { phase, progress } = this.engine.status;
      if (phase === 'loading') this.patch(job, { state: 'loading-model', progress: progress ?? 0 });
      else if (phase === 'warming-up') this.patch(job, { state: 'warming-up', progress: 0 });
    };
    this.engine.addEventListener('status', followLoading);
    const noticeBefore = this.engine.status.notice;
    const started = performance.now();
    let saved: FileJobHistory | null = null;
    try {
      const start = await this.startOf(job);
      abort.signal.throwIfAborted();
      const from = start.resume;
      this.patch(job, { segments: start.segments, language: from?.language ?? null, resumePoint: from ?? null, startOver: false, resume: from && { fromSeconds: from.position, keptSegments: start.segments.length } });
      saved = this.history && new FileJobHistory(this.history, job.file, () => this.engine.transcript(job.name, []).meta, start.history);
      const history = saved;
      const result = await this.engine.transcribeFile(job.file, {
        signal: abort.signal,
        ...(from ? { resume: from } : {}),
        onProgress: (done, total) => {
          history?.progress(total);
          job.durationSeconds = total;
          const fraction = total > 0 ? Math.min(1, done / total) : 0;
          // Time left from this run's pace: a resumed run started part-way.
          const base = from?.position ?? 0;
          const share = total > base ? (done - base) / (total - base) : 0;
          const elapsed = (performance.now() - started) / 1000;
          const eta = share > 0.02 ? (elapsed / share) * (1 - share) : undefined;
          this.patch(job, { state: 'transcribing', progress: fraction, etaSeconds: eta, recordId: history?.id ?? job.recordId });
        },
        onSegments: (segments) => {
          this.partial = '';
          this.patch(job, { segments: [...job.segments, ...segments] });
        },
        onWindowDone: (window) => {
          history?.window(window);
          job.resumePoint = window.resume;
        },
        onWaveform: (startSeconds, envelope) => {
          job.waveform.set(startSeconds, envelope);
          this.host.requestUpdate();
        },
        onSpeech: (regions) => this.patch(job, { speech: unionOfRanges([...job.speech, ...regions]) }),
        onLanguage: (detected) => this.patch(job, { detected, language: detected[0]?.language ?? null }),
        // Shown while the file runs; a note heard again (a fallback that runs the file on) is not repeated.
        onNote: (note) => this.patch(job, { note: job.note?.includes(note) ? job.note : [job.note, note].filter(Boolean).join(' ') }),
        onPartial: (text) => {
          this.partial = text;
          this.host.requestUpdate();
        },
      });
      const language = result.language;
      await saved?.finish('done', { language: result.language });
      const notice = this.engine.status.notice !== noticeBefore ? this.engine.status.notice : '';
      const note = [job.note, notice].filter(Boolean).join(' ') || undefined;
      this.patch(job, { state: 'done', progress: 1, language, transcript: this.transcriptOf(job, job.segments, language), note });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const cancelled = abort.signal.aborted;
      await saved?.finish(cancelled ? 'interrupted' : 'error', cancelled ? {} : { error: message });
      if (cancelled && job.startOver) {
        this.requeueFromZero(job);
        return;
      }
      // Retry carries on from the last finished window; the row says from where.
      const resume = job.resumePoint ? { fromSeconds: job.resumePoint.position, keptSegments: job.segments.length } : undefined;
      if (cancelled) this.patch(job, { state: 'cancelled', progress: 0, resume });
      else this.patch(job, { state: 'error', error: message, resume });
      // What was transcribed before the failure stays readable and exportable.
      if (job.segments.length > 0) this.patch(job, { transcript: this.transcriptOf(job, job.segments, job.language) });
    } finally {
      this.partial = '';
      this.engine.removeEventListener('status', followLoading);
      this.patch(job, { abort: null, etaSeconds: undefined, recordId: saved?.id ?? job.recordId });
    }
  }

  /**
   * Where the job begins: from zero after Start over (on the transcript it would have carried on, if any); from the
   * stored transcript it carries on (this row's, or another run's of the same file); from this row's last finished
   * window where none is stored (the history is off, or it was deleted); from zero otherwise.
   */
  private async startOf(job: FileJob): Promise<RunStart> {
    const identity = this.history ? fileIdentity(job.file).catch(() => null) : Promise.resolve(null);
    const stored = await this.storedFor(job, await identity);
    if (job.startOver) return { segments: [], history: { identity, ...(stored ? { record: stored.record, restart: true } : {}) } };
    if (stored) {
      const { record, segments } = stored;
      return { resume: record.resume, segments, history: { identity, record, kept: { segments, resume: record.resume } } };
    }
    if (job.resumePoint) return { resume: job.resumePoint, segments: job.segments, history: { identity, kept: { segments: job.segments, resume: job.resumePoint } } };
    return { segments: [], history: { identity } };
  }

  /** The stored transcript this job carries on, with its segments: this row's own, else the latest of the same file. */
  private async storedFor(job: FileJob, identity: FileIdentity | null): Promise<{ record: ResumableRecord; segments: Segment[] } | null> {
    if (!this.history || !identity) return null;
    const records = await this.history.list();
    const own = records.find((r) => r.id === job.recordId);
    const record = own && isResumable(own) ? own : resumableFor(records, identity, this.engine.transcript(job.name, []).meta.task);
    const saved = record && (await this.history.read(record.id));
    return saved && isResumable(saved.record) ? { record: saved.record, segments: saved.segments } : null;
  }

  private transcriptOf(job: FileJob, segments: Segment[], language: string | null): Transcript {
    return this.engine.transcript(job.name, segments, language);
  }
}
