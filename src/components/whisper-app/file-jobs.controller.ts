import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LanguageGuess } from '../../engine/protocol';
import type { TranscriptionEngine } from '../../engine/transcription-engine';
import type { Segment, Transcript } from '../../engine/transcript';
import { FileJobHistory } from '../../history/file-job-history';
import type { HistoryStore } from '../../history/history-store';
import type { QueueItem } from '../file-queue/queue-item';

export interface FileJob extends QueueItem {
  file: File;
  segments: Segment[];
  language: string | null;
  detected: LanguageGuess[];
  transcript: Transcript | null;
  abort: AbortController | null;
}

let nextId = 1;

/**
 * The site's view of the engine's file queue (`submitFile`): one job at a time, the rest waiting; per-file progress,
 * cancel, retry, and errors that name the file and never stop the queue. Segments already transcribed stay when a
 * later step fails. With a history store, each job is saved as it goes (see FileJobHistory).
 */
export class FileJobsController implements ReactiveController {
  jobs: FileJob[] = [];
  /** Text of the window being transcribed right now. */
  partial = '';
  /** Each submitted job's cancel, from submission until it ends. */
  private readonly cancels = new Map<string, AbortController>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly engine: TranscriptionEngine,
    private readonly history: HistoryStore | null = null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const cancel of this.cancels.values()) cancel.abort();
  }

  add(files: File[]): void {
    for (const file of files) {
      const job: FileJob = { id: `file-${nextId++}`, name: file.name, file, state: 'queued', progress: 0, segments: [], language: null, detected: [], transcript: null, abort: null };
      this.jobs = [...this.jobs, job];
      this.submit(job);
    }
    this.host.requestUpdate();
  }

  cancel(id: string): void {
    this.cancels.get(id)?.abort();
  }

  retry(id: string): void {
    const job = this.find(id);
    if (!job || (job.state !== 'error' && job.state !== 'cancelled')) return;
    this.patch(job, { state: 'queued', progress: 0, error: undefined, note: undefined, segments: [], transcript: null });
    this.submit(job);
  }

  find(id: string): FileJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  private patch(job: FileJob, patch: Partial<FileJob>): void {
    Object.assign(job, patch);
    this.jobs = [...this.jobs];
    this.host.requestUpdate();
  }

  private submit(job: FileJob): void {
    const abort = new AbortController();
    this.cancels.set(job.id, abort);
    const followLoading = () => {
      const { phase, progress } = this.engine.status;
      if (phase === 'loading') this.patch(job, { state: 'loading-model', progress: progress ?? 0 });
      else if (phase === 'warming-up') this.patch(job, { state: 'warming-up', progress: 0 });
    };
    let noticeBefore = '';
    let started = 0;
    let saved: FileJobHistory | null = null;
    const { result } = this.engine.submitFile(job.file, {
      signal: abort.signal,
      onStart: () => {
        noticeBefore = this.engine.status.notice;
        started = performance.now();
        saved = this.history && new FileJobHistory(this.history, job.file, () => this.engine.transcript(job.name, []).meta);
        this.engine.addEventListener('status', followLoading);
        this.patch(job, { abort, state: this.engine.status.phase === 'ready' ? 'decoding' : 'loading-model', progress: 0 });
      },
      onProgress: (done, total) => {
        saved?.progress(total);
        const fraction = total > 0 ? Math.min(1, done / total) : 0;
        const elapsed = (performance.now() - started) / 1000;
        const eta = fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : undefined;
        this.patch(job, { state: 'transcribing', progress: fraction, etaSeconds: eta });
      },
      onSegments: (segments) => {
        this.partial = '';
        this.patch(job, { segments: [...job.segments, ...segments] });
      },
      onWindowDone: (window) => saved?.window(window),
      onRestart: () => {
        saved?.restart();
        this.patch(job, { segments: [] });
      },
      onLanguage: (detected) => this.patch(job, { detected, language: detected[0]?.language ?? null }),
      // Shown while the file runs; a retry of the whole file (WebGPU → WASM) sends the same note again.
      onNote: (note) => this.patch(job, { note }),
      onPartial: (text) => {
        this.partial = text;
        this.host.requestUpdate();
      },
    });
    result
      .then(
        (done) => {
          saved?.finish('done', { language: done.language });
          const notice = this.engine.status.notice !== noticeBefore ? this.engine.status.notice : '';
          const note = [job.note, notice].filter(Boolean).join(' ') || undefined;
          this.patch(job, { state: 'done', progress: 1, segments: done.segments, language: done.language, transcript: this.transcriptOf(job, done.segments, done.language), note });
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          saved?.finish(abort.signal.aborted ? 'interrupted' : 'error', abort.signal.aborted ? {} : { error: message });
          if (abort.signal.aborted) this.patch(job, { state: 'cancelled', progress: 0 });
          else this.patch(job, { state: 'error', error: message });
          // What was transcribed before the failure stays readable and exportable.
          if (job.segments.length > 0) this.patch(job, { transcript: this.transcriptOf(job, job.segments, job.language) });
        },
      )
      .finally(() => {
        this.cancels.delete(job.id);
        // A job cancelled while queued leaves the running one's partial alone.
        if (job.abort) this.partial = '';
        this.engine.removeEventListener('status', followLoading);
        this.patch(job, { abort: null, etaSeconds: undefined });
      });
  }

  private transcriptOf(job: FileJob, segments: Segment[], language: string | null): Transcript {
    return this.engine.transcript(job.name, segments, language);
  }
}
