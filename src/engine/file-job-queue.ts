import { EngineError } from './engine-error.ts';
import type { FileCallbacks, FileTranscript } from './transcription-engine.ts';
import type { Segment } from './transcript.ts';

export type FileJobState = 'queued' | 'running' | 'done' | 'error' | 'cancelled';

/** A job's own callbacks (all optional), on top of the engine's `job-*` events. */
export interface FileJobOptions extends Omit<FileCallbacks, 'signal'> {
  /** Aborting it cancels the job, queued or running, as `cancelFile(id)` does. */
  signal?: AbortSignal;
  /** The job left the queue: the model loads if needed, then the file is decoded and transcribed. */
  onStart?: () => void;
}

/** What `submitFile` gives back at once. */
export interface FileJob {
  /** Names the job in `cancelFile(id)` and in every `job-*` event. */
  readonly id: string;
  readonly name: string;
  /**
   * The transcript once the job is done. Rejects with the job's error, or with an EngineError whose code is
   * 'cancelled'. (The queue observes it, so a page that only listens to events gets no unhandled rejection.)
   */
  readonly result: Promise<FileTranscript>;
}

/** A job waiting or running, as the queue sees it now. */
export interface FileJobInfo {
  id: string;
  name: string;
  state: FileJobState;
  /** 0–1 of the file's duration transcribed. */
  progress: number;
}

interface JobRef {
  id: string;
  name: string;
}

/** The `detail` of each `job-*` event the engine fires, by event type. */
export interface FileJobDetails {
  'job-start': JobRef;
  /** `progress` is 0–1, never going back (but after a restart: WebGPU failed, WASM reads the file again), and 1 before 'job-done'. */
  'job-progress': JobRef & { progress: number; doneSeconds: number; totalSeconds: number };
  /** Segments newly transcribed, in order: all of them, concatenated, are the transcript. */
  'job-segments': JobRef & { segments: Segment[] };
  'job-done': JobRef & { result: FileTranscript };
  'job-error': JobRef & { error: Error; message: string };
  'job-cancelled': JobRef;
}
export type FileJobEventType = keyof FileJobDetails;

export class FileJobEvent<K extends FileJobEventType = FileJobEventType> extends CustomEvent<FileJobDetails[K]> {
  constructor(type: K, detail: FileJobDetails[K]) {
    super(type, { detail });
  }
}

interface Entry extends FileJobInfo {
  file: File;
  options: FileJobOptions;
  abort: AbortController;
  settle: { resolve(result: FileTranscript): void; reject(error: unknown): void };
}

let nextId = 1;

/**
 * Files in, transcripts out, one at a time in the order they were submitted: the in-page form of a job service.
 * Each job reports through its own callbacks and through typed events (`dispatch`), and can be cancelled while
 * queued or running; a failing job never stops the ones after it.
 */
export class FileJobQueue {
  private readonly entries: Entry[] = [];
  private running = false;

  constructor(
    private readonly transcribe: (file: File, callbacks: FileCallbacks) => Promise<FileTranscript>,
    private readonly dispatch: (event: FileJobEvent) => void,
  ) {}

  get jobs(): FileJobInfo[] {
    return this.entries.map(({ id, name, state, progress }) => ({ id, name, state, progress }));
  }

  submit(file: File, options: FileJobOptions = {}): FileJob {
    const id = `job-${nextId++}`;
    let settle!: Entry['settle'];
    const result = new Promise<FileTranscript>((resolve, reject) => (settle = { resolve, reject }));
    result.catch(() => undefined);
    const entry: Entry = { id, name: file.name, state: 'queued', progress: 0, file, options, abort: new AbortController(), settle };
    this.entries.push(entry);
    const { signal } = options;
    if (signal?.aborted) this.cancel(id);
    else signal?.addEventListener('abort', () => this.cancel(id), { once: true });
    void this.pump();
    return { id, name: file.name, result };
  }

  /** Cancels a queued or running job; false when there is no such job or it has finished. */
  cancel(id: string): boolean {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || (entry.state !== 'queued' && entry.state !== 'running')) return false;
    if (entry.state === 'queued') this.finishCancelled(entry);
    entry.abort.abort();
    return true;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.nextQueued(); next; next = this.nextQueued()) await this.run(next);
    } finally {
      this.running = false;
    }
  }

  private nextQueued(): Entry | undefined {
    return this.entries.find((e) => e.state === 'queued');
  }

  private async run(entry: Entry): Promise<void> {
    const { id, name, options } = entry;
    entry.state = 'running';
    options.onStart?.();
    this.emit('job-start', { id, name });
    const progress = (doneSeconds: number, totalSeconds: number) => {
      entry.progress = totalSeconds > 0 ? Math.min(1, doneSeconds / totalSeconds) : 0;
      options.onProgress?.(doneSeconds, totalSeconds);
      this.emit('job-progress', { id, name, progress: entry.progress, doneSeconds, totalSeconds });
    };
    try {
      const result = await this.transcribe(entry.file, {
        ...options,
        signal: entry.abort.signal,
        onProgress: progress,
        onSegments: (segments) => {
          options.onSegments?.(segments);
          this.emit('job-segments', { id, name, segments });
        },
      });
      if (entry.abort.signal.aborted) throw entry.abort.signal.reason;
      // Progress counts what was read up to the last speech; trailing silence needs no pass, so say 1 here.
      if (entry.progress < 1) progress(result.durationSeconds, result.durationSeconds);
      entry.state = 'done';
      entry.settle.resolve(result);
      this.emit('job-done', { id, name, result });
    } catch (error) {
      if (entry.abort.signal.aborted) {
        this.finishCancelled(entry);
        return;
      }
      const failure = error instanceof Error ? error : new Error(String(error));
      entry.state = 'error';
      entry.settle.reject(failure);
      this.emit('job-error', { id, name, error: failure, message: failure.message });
    } finally {
      // The queue lists only what waits or runs; a finished job lives on in its promise and its events.
      this.entries.splice(this.entries.indexOf(entry), 1);
    }
  }

  private finishCancelled(entry: Entry): void {
    const wasQueued = entry.state === 'queued';
    entry.state = 'cancelled';
    entry.settle.reject(new EngineError('cancelled', `Transcription of "${entry.name}" was cancelled.`));
    this.emit('job-cancelled', { id: entry.id, name: entry.name });
    if (wasQueued) this.entries.splice(this.entries.indexOf(entry), 1);
  }

  private emit<K extends FileJobEventType>(type: K, detail: FileJobDetails[K]): void {
    this.dispatch(new FileJobEvent(type, detail));
  }
}
