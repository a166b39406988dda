import type { ResumePoint } from '../engine/transcription-engine.ts';
import type { Segment, TranscriptMeta } from '../engine/transcript.ts';
import { fileIdentity } from './file-identity.ts';
import { recordMeta, type FileIdentity, type HistoryState, type RecordPatch } from './history-record.ts';
import type { HistoryStore, TranscriptWriter } from './history-store.ts';

type FileLike = Pick<File, 'name' | 'size' | 'lastModified' | 'slice'>;

/**
 * One file job in the history, fed from the engine's file callbacks: the record appears once the file is open and
 * being transcribed (a file that cannot be decoded leaves nothing behind), each window's segments are appended with
 * the point a resume would start from, and the outcome closes it. The file's identity is hashed alongside.
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
    identify: (file: FileLike) => Promise<FileIdentity> = fileIdentity,
  ) {
    this.identity = identify(file).catch(() => null);
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

  /** From `onRestart`: the engine transcribes the file again from its start. */
  restart(): void {
    this.writer?.restart({ resume: undefined });
  }

  /** The job ended; `done` stores even a file without speech, the others only what was started. */
  finish(state: Exclude<HistoryState, 'in-progress'>, patch: Pick<RecordPatch, 'language' | 'error'> = {}): void {
    const writer = state === 'done' ? this.begin() : this.writer;
    if (!writer) return;
    const made = recordMeta(this.meta());
    // The identity goes with the outcome, so it is stored even when hashing took longer than a short job.
    void this.identity.then((file) => writer.finish(state, { ...made, durationSeconds: this.durationSeconds, ...(file ? { file } : {}), ...patch }));
  }

  private begin(): TranscriptWriter {
    if (this.writer) return this.writer;
    const meta = this.meta();
    const writer = this.store.start({ kind: 'file', name: this.file.name, ...recordMeta(meta), language: meta.language ?? null, durationSeconds: this.durationSeconds });
    void this.identity.then((file) => file && writer.update({ file }));
    this.writer = writer;
    return writer;
  }
}
