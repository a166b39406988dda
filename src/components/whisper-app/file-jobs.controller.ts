import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LanguageGuess } from '../../engine/protocol';
import type { TranscriptionEngine } from '../../engine/transcription-engine';
import { withSpeakerName } from '../../engine/speaker-labels';
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
  /** Names the user gave speaker labels in this transcript: label → name. */
  speakerNames: Record<string, string>;
}

let nextId = 1;

/**
 * The file queue: one job at a time through the engine, the rest waiting; per-file progress, cancel, retry, and
 * errors that name the file and never stop the queue. Segments already transcribed stay when a later step fails.
 * With a history store, each job is saved as it goes (see FileJobHistory).
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
        { id: `file-${nextId++}`, name: file.name, file, state: 'queued', progress: 0, segments: [], language: null, detected: [], transcript: null, abort: null, speakerNames: {} },
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

  retry(id: string): void {
    const job = this.find(id);
    if (!job || (job.state !== 'error' && job.state !== 'cancelled')) return;
    this.patch(job, { state: 'queued', progress: 0, error: undefined, note: undefined, segments: [], transcript: null });
    void this.pump();
  }

  /** Shows `name` for a speaker label of the job's transcript (an empty name shows the label again). */
  nameSpeaker(id: string, label: string, name: string): void {
    const job = this.find(id);
    if (job) this.patch(job, { speakerNames: withSpeakerName(job.speakerNames, label, name) });
  }

  find(id: string): FileJob | undefined {
    return this.jobs.find((j) => j.id === id);
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
    const saved = this.history && new FileJobHistory(this.history, job.file, () => this.engine.transcript(job.name, []).meta);
    try {
      const result = await this.engine.transcribeFile(job.file, {
        signal: abort.signal,
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
      saved?.finish('done', { language: result.language });
      const notice = this.engine.status.notice !== noticeBefore ? this.engine.status.notice : '';
      const note = [job.note, notice].filter(Boolean).join(' ') || undefined;
      this.patch(job, { state: 'done', progress: 1, segments: result.segments, language: result.language, transcript: this.transcriptOf(job, result.segments, result.language), note });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      saved?.finish(abort.signal.aborted ? 'interrupted' : 'error', abort.signal.aborted ? {} : { error: message });
      if (abort.signal.aborted) this.patch(job, { state: 'cancelled', progress: 0 });
      else this.patch(job, { state: 'error', error: message });
      // What was transcribed before the failure stays readable and exportable.
      if (job.segments.length > 0) this.patch(job, { transcript: this.transcriptOf(job, job.segments, job.language) });
    } finally {
      this.partial = '';
      this.engine.removeEventListener('status', followLoading);
      this.patch(job, { abort: null, etaSeconds: undefined });
    }
  }

  private transcriptOf(job: FileJob, segments: Segment[], language: string | null): Transcript {
    return this.engine.transcript(job.name, segments, language);
  }
}
