import type { ResumePoint } from '../engine/transcription-engine.ts';
import type { Segment, TranscriptMeta } from '../engine/transcript.ts';
import { fileIdentity } from './file-identity.ts';
import { recordMeta, type FileIdentity, type HistoryRecord, type HistoryState, type RecordPatch } from './history-record.ts';
import type { HistoryStore, TranscriptWriter } from './history-store.ts';

type FileLike = Pick<File, 'name' | 'size' | 'lastModified' | 'slice'>;

/** How a file job's transcript begins in the history. */
export interface FileJobStart {
  /** The file's identity, when the caller has it (or is hashing it); hashed here otherwise. */
  identity?: Promise<FileIdentity | null>;
  /** A stored transcript of this file to write on (a job resumed, or started over), instead of a new one. */
  record?: HistoryRecord;
  /** The file is transcribed again from its start: `record`'s segments are dropped. */
  restart?: boolean;
  /** What an earlier run kept and where it stopped: a new transcript (no `record`, or it cannot be written on) starts with them. */
  kept?: { segments: readonly Segment[]; resume: ResumePoint };
}

/**
 * One file job in the history, fed from the engine's file callbacks: the record appears once the file is open and
 * being transcribed (a file that cannot be decoded leaves nothing behind, and a stored transcript it would carry on
 * stays as it was), each window's segments are appended with the point a resume would start from, and the outcome
 * closes it. The file's identity is stored alongside.
 */
export class FileJobHistory {
  private writer: TranscriptWriter | null = null;
  private durationSeconds = 0;
  private readonly identity: Promise<FileIdentity | null>;

  constructor(
    private readonly store: HistoryStore,
    private readonly file: FileLike,
    /** How the transcript is being made, asked when the record starts and again at the end (WebGPU may fall back). */
    private readonly meta: () => TranscriptMeta,
    private readonly start: FileJobStart = {},
  ) {
    this.identity = (start.identity ?? fileIdentity(file)).catch(() => null);
  }

  /** The record's id once it exists. */
  get id(): string | null {
    return this.writer?.id ?? null;
  }

  /** From `onProgress`: the file is open, and this long. */
  progress(totalSeconds: number): void {
    this.durationSeconds = totalSeconds;
    this.begin();
  }

  /** From `onWindowDone`. */
  window(done: { segments: Segment[]; resume: ResumePoint }): void {
    this.begin().append(done.segments, { resume: done.resume, language: done.resume.language, durationSeconds: this.durationSeconds });
  }

  /**
   * The job ended; `done` stores even a file without speech, the others only what was started. Resolves once the
   * transcript is let go, so the next job may write on it.
   */
  async finish(state: Exclude<HistoryState, 'in-progress'>, patch: Pick<RecordPatch, 'language' | 'error'> = {}): Promise<void> {
    const writer = state === 'done' ? this.begin() : this.writer;
    if (!writer) return;
    const made = recordMeta(this.meta());
    // The identity goes with the outcome, so it is stored even when hashing took longer than a short job.
    const file = await this.identity;
    writer.finish(state, { ...made, durationSeconds: this.durationSeconds, ...(file ? { file } : {}), ...patch });
  }

  private begin(): TranscriptWriter {
    if (this.writer) return this.writer;
    const { record, restart, kept } = this.start;
    let writer = record ? this.store.resume(record) : null;
    if (writer && restart) writer.restart({ resume: undefined });
    if (!writer) {
      const meta = this.meta();
      writer = this.store.start({ kind: 'file', name: this.file.name, ...recordMeta(meta), language: kept?.resume.language ?? meta.language ?? null, durationSeconds: this.durationSeconds });
      if (kept && !restart) writer.append(kept.segments, { resume: kept.resume });
    }
    void this.identity.then((file) => file && writer.update({ file }));
    this.writer = writer;
    return writer;
  }
}
