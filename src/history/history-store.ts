import type { Segment } from '../engine/transcript.ts';
import { jsonBytes, type HistoryKind, type HistoryRecord, type HistoryState, type RecordMeta, type RecordPatch } from './history-record.ts';

/** One stored segment: its transcript, its place in it (0, 1, 2, …) and the segment itself. */
export interface SegmentRow {
  transcriptId: string;
  seq: number;
  segment: Segment;
}

/** Where the history lives: IndexedDB in the browser (indexeddb-storage.ts), a Map in tests. */
export interface HistoryStorage {
  /** Every record, in any order, without segments. */
  records(): Promise<HistoryRecord[]>;
  record(id: string): Promise<HistoryRecord | undefined>;
  /** One transcript's segments in `seq` order. */
  segments(id: string): Promise<Segment[]>;
  /** All or nothing: drops the transcript's segments first when `replace`, puts the record and the rows (a row at a `seq` already stored replaces it). */
  write(record: HistoryRecord, rows: readonly SegmentRow[], replace: boolean): Promise<void>;
  /** The record and its segments. */
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}

/** The user's corrections to a stored transcript: segments at their places, and the speakers' names (null: none). */
export interface TranscriptCorrection {
  segments: { seq: number; segment: Segment }[];
  speakers?: Record<string, string> | null;
}

export interface NewTranscript extends RecordMeta {
  kind: HistoryKind;
  name: string;
  language: string | null;
  durationSeconds?: number;
}

export interface HistoryStoreOptions {
  /** Milliseconds since the epoch. */
  now?: () => number;
  newId?: () => string;
}

const QUOTA_ERRORS = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** The browser refused to store more: quota, or no space left on the disk. */
export const isQuotaError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && QUOTA_ERRORS.has(String((error as { name?: unknown }).name));

export const FULL_MESSAGE =
  'Transcript history is full: the browser refused to store more. What was saved is kept, but new text is not being saved. Delete transcripts or models you no longer need to make room.';

export const unavailableMessage = (error: unknown): string =>
  `Transcript history is not available here (${error instanceof Error ? error.message : String(error)}). Transcription works as usual, but nothing is saved.`;

/**
 * The transcript history's rules over any storage. Transcripts are written as they grow: a record when one starts,
 * then each batch of segments appended with the updated record in one write, so a long job never rewrites what is
 * stored and a crash loses at most the batch in flight. Writes run one at a time in the order they were asked for.
 *
 * A write the browser refuses (quota) or cannot do stops all further writes: `problem` says so, what is stored stays,
 * and transcription goes on without history. Deleting something frees space and lets new transcripts be saved again.
 * Fires `change` after every stored change and whenever `problem` changes.
 */
export class HistoryStore extends EventTarget {
  /** Why transcripts are not being saved, in words; '' while they are. */
  problem = '';
  private suspended = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly writers = new Map<string, TranscriptWriter>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly storage: HistoryStorage,
    options: HistoryStoreOptions = {},
  ) {
    super();
    this.now = options.now ?? (() => Date.now());
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** A page that left a transcript in progress is gone (reload, crash, closed lid): it is interrupted. */
  recover(): Promise<void> {
    return this.run('write', false, async () => {
      for (const record of await this.storage.records()) {
        if (record.state === 'in-progress' && !this.writers.has(record.id)) await this.storage.write({ ...record, state: 'interrupted' }, [], false);
      }
      return true;
    }).then(() => undefined);
  }

  /** Every transcript, newest first. */
  list(): Promise<HistoryRecord[]> {
    return this.run('read', [], async () => (await this.storage.records()).sort((a, b) => b.createdAt - a.createdAt));
  }

  /** A transcript with its segments in order, or null when it is not there (or cannot be read). */
  read(id: string): Promise<{ record: HistoryRecord; segments: Segment[] } | null> {
    return this.run('read', null, async () => {
      const record = await this.storage.record(id);
      return record ? { record, segments: await this.storage.segments(id) } : null;
    });
  }

  /** Starts a transcript in state `in-progress`; its record is written at once. */
  start(init: NewTranscript): TranscriptWriter {
    const at = this.now();
    const record: HistoryRecord = {
      id: this.newId(),
      kind: init.kind,
      name: init.name,
      createdAt: at,
      updatedAt: at,
      durationSeconds: init.durationSeconds ?? 0,
      model: init.model,
      device: init.device,
      dtype: init.dtype,
      language: init.language,
      task: init.task,
      ...(init.vocabulary ? { vocabulary: init.vocabulary } : {}),
      state: 'in-progress',
      segmentCount: 0,
      bytes: 0,
    };
    const writer = new TranscriptWriter(record, {
      commit: (produce) => this.commit(produce),
      now: this.now,
      release: () => this.writers.delete(record.id),
    });
    this.writers.set(record.id, writer);
    writer.update({});
    return writer;
  }

  /**
   * Carries on writing a stored transcript (a file job resumed from where it stopped): it is in progress again at
   * once, and new segments are appended after its own. Null while this page is writing it already.
   */
  resume(record: HistoryRecord): TranscriptWriter | null {
    if (this.writers.has(record.id)) return null;
    const reopened: HistoryRecord = { ...record, state: 'in-progress' };
    // The failure it stopped on is over.
    delete reopened.error;
    const writer = new TranscriptWriter(
      reopened,
      { commit: (produce) => this.commit(produce), now: this.now, release: () => this.writers.delete(record.id) },
      record,
    );
    this.writers.set(record.id, writer);
    writer.update({});
    return writer;
  }

  /** Resolves once every write asked for so far is done (or failed). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Renames a transcript, the one being written included; a blank name is refused (returns false). */
  rename(id: string, name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) return Promise.resolve(false);
    const writer = this.writers.get(id);
    if (writer) return writer.rename(trimmed);
    return this.run('write', false, async () => {
      const record = await this.storage.record(id);
      if (!record) return false;
      await this.storage.write({ ...record, name: trimmed, bytes: record.bytes - jsonBytes(record.name) + jsonBytes(trimmed) }, [], false);
      return true;
    });
  }

  /**
   * Saves the user's corrections to a transcript, the one being written included (its writer stores them, so its
   * next write keeps them). False when the transcript is not there or nothing could be saved.
   */
  correct(id: string, correction: TranscriptCorrection): Promise<boolean> {
    const patch: RecordPatch = correction.speakers === undefined ? {} : { speakers: correction.speakers ?? undefined };
    const writer = this.writers.get(id);
    if (writer) return writer.correct(correction.segments, patch);
    return this.run('write', false, async () => {
      const record = await this.storage.record(id);
      if (!record) return false;
      const stored = await this.storage.segments(id);
      const rows = correction.segments.filter(({ seq }) => seq < stored.length).map(({ seq, segment }) => ({ transcriptId: id, seq, segment }));
      const next: HistoryRecord = { ...record, ...patch, updatedAt: this.now(), bytes: 0 };
      const segmentBytes = rows.reduce((sum, row) => sum + jsonBytes(row) - jsonBytes({ ...row, segment: stored[row.seq] }), record.bytes - jsonBytes({ ...record, bytes: 0 }));
      next.bytes = segmentBytes + jsonBytes(next);
      await this.storage.write(next, rows, false);
      return true;
    });
  }

  /** Deletes a transcript; one still being written stops being written. */
  remove(id: string): Promise<void> {
    this.writers.get(id)?.detach();
    return this.freeing(() => this.storage.delete(id));
  }

  /** Deletes every transcript. */
  removeAll(): Promise<void> {
    for (const writer of [...this.writers.values()]) writer.detach();
    return this.freeing(() => this.storage.clear());
  }

  private freeing(op: () => Promise<void>): Promise<void> {
    return this.run('delete', false, async () => {
      await op();
      // Space was freed: new transcripts may be saved again (a transcript cut off by the failure stays stopped).
      if (this.suspended) {
        this.suspended = false;
        this.problem = '';
      }
      return true;
    }).then(() => undefined);
  }

  /** A writer's write; it decides, when its turn comes, what to write (if anything) while writes are suspended. */
  private commit(produce: (suspended: boolean) => PendingWrite | null): Promise<boolean> {
    return this.run('outcome', false, async () => {
      const write = produce(this.suspended);
      if (!write) return false;
      await this.storage.write(write.record, write.rows, write.replace);
      return true;
    });
  }

  /**
   * Runs `op` after everything asked for before it; a failure sets `problem` and gives `fallback`. `write`s are
   * skipped while writes are suspended, and a failed one suspends them; a writer's `outcome` runs regardless (it
   * checks for itself); `read`s and `delete`s always run and never suspend writes.
   */
  private run<T>(kind: 'read' | 'write' | 'outcome' | 'delete', fallback: T, op: () => Promise<T>): Promise<T> {
    const writes = kind === 'write' || kind === 'outcome';
    const result = this.queue.then(async () => {
      if (kind === 'write' && this.suspended) return fallback;
      try {
        const value = await op();
        if (kind !== 'read' && value !== fallback) this.changed();
        return value;
      } catch (error) {
        this.fail(error, writes);
        return fallback;
      }
    });
    this.queue = result;
    return result;
  }

  private fail(error: unknown, write: boolean): void {
    if (write) this.suspended = true;
    this.problem = isQuotaError(error) ? FULL_MESSAGE : unavailableMessage(error);
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

interface PendingWrite {
  record: HistoryRecord;
  rows: readonly SegmentRow[];
  replace: boolean;
}

interface WriterLink {
  /** `produce` is asked for the write when its turn comes (null: nothing to write); false when refused or skipped. */
  commit(produce: (suspended: boolean) => PendingWrite | null): Promise<boolean>;
  now(): number;
  /** The writer is done with. */
  release(): void;
}

/**
 * Writes one transcript as it grows. Calls return at once and their writes happen in order; the record in memory is
 * always the latest, and each write stores it whole (it is small) with only the new segments.
 */
export class TranscriptWriter {
  private nextSeq = 0;
  private segmentBytes = 0;
  /** Each row's size, so that a revised row is accounted for once. */
  private readonly rowBytes = new Map<number, number>();
  /** A write was lost: appending more would leave a gap, so nothing more is written but the outcome. */
  private broken = false;
  /** Deleted, or finished: nothing more is written. */
  private closed = false;
  /** What the storage holds, as far as this writer knows. */
  private stored: HistoryRecord | null = null;

  /** `stored`: the record as storage holds it, for a transcript written on from there (its segments stay). */
  constructor(
    private readonly record: HistoryRecord,
    private readonly link: WriterLink,
    stored?: HistoryRecord,
  ) {
    if (!stored) return;
    this.nextSeq = stored.segmentCount;
    // A record's bytes are its segments' and its own (see write()).
    this.segmentBytes = Math.max(0, stored.bytes - jsonBytes({ ...stored, bytes: 0 }));
    this.stored = stored;
  }

  get id(): string {
    return this.record.id;
  }

  /** Appends segments (in order, after those already written) and applies `patch`, in one write; returns the first's place. */
  append(segments: readonly Segment[], patch: RecordPatch = {}): number {
    const first = this.nextSeq;
    if (this.closed || this.broken) return first;
    const rows = segments.map((segment) => ({ transcriptId: this.record.id, seq: this.nextSeq++, segment: structuredClone(segment) }));
    for (const row of rows) {
      this.rowBytes.set(row.seq, jsonBytes(row));
      this.segmentBytes += jsonBytes(row);
    }
    this.write(patch, rows, false);
    return first;
  }

  /** Replaces the segment at `seq` (a live final the speaker went on after); an empty text takes it back. */
  revise(seq: number, segment: Segment, patch: RecordPatch = {}): void {
    if (this.closed || this.broken || seq >= this.nextSeq) return;
    const row = { transcriptId: this.record.id, seq, segment: structuredClone(segment) };
    this.segmentBytes += jsonBytes(row) - (this.rowBytes.get(seq) ?? 0);
    this.rowBytes.set(seq, jsonBytes(row));
    this.write(patch, [row], false);
  }

  /** @internal The user's corrections: segments replaced at their places and the record patched, in one write. */
  correct(segments: readonly { seq: number; segment: Segment }[], patch: RecordPatch): Promise<boolean> {
    if (this.closed || this.broken) return Promise.resolve(false);
    const rows = segments.filter(({ seq }) => seq < this.nextSeq).map(({ seq, segment }) => ({ transcriptId: this.record.id, seq, segment: structuredClone(segment) }));
    for (const row of rows) {
      this.segmentBytes += jsonBytes(row) - (this.rowBytes.get(row.seq) ?? 0);
      this.rowBytes.set(row.seq, jsonBytes(row));
    }
    return this.write(patch, rows, false);
  }

  update(patch: RecordPatch): void {
    if (this.closed || this.broken) return;
    this.write(patch, [], false);
  }

  /** The transcript starts over (its file is transcribed again from the start): its segments are dropped. */
  restart(patch: RecordPatch = {}): void {
    if (this.closed) return;
    this.nextSeq = 0;
    this.segmentBytes = 0;
    this.rowBytes.clear();
    // Nothing is left to leave a gap in.
    this.broken = false;
    this.write(patch, [], true);
  }

  /** The outcome. A transcript that lost writes is kept as interrupted, with what was stored of it. */
  finish(state: Exclude<HistoryState, 'in-progress'>, patch: RecordPatch = {}): void {
    if (this.closed) return;
    void this.write(patch, [], false, state);
    this.detach();
  }

  /** @internal The store renames the transcript. */
  rename(name: string): Promise<boolean> {
    this.record.name = name;
    if (this.closed || this.broken) return Promise.resolve(false);
    return this.write({}, [], false);
  }

  /** @internal The transcript was deleted (or is finished): nothing more is written. */
  detach(): void {
    this.closed = true;
    this.link.release();
  }

  private write(patch: RecordPatch, rows: SegmentRow[], replace: boolean, state: HistoryState = this.record.state): Promise<boolean> {
    Object.assign(this.record, patch, { state, segmentCount: this.nextSeq, updatedAt: this.link.now() });
    this.record.bytes = 0;
    this.record.bytes = this.segmentBytes + jsonBytes(this.record);
    const snapshot = structuredClone(this.record);
    // Decided when the write's turn comes: a failed write has marked the writer broken by then (its result settles
    // before the next write starts), so no later batch leaves a gap.
    return this.link.commit((suspended) => {
      if (!suspended && (replace || !this.broken)) return { record: snapshot, rows, replace };
      // Writes are off (or this transcript lost some): only its outcome is written, on the record as stored, so it
      // does not stay "in progress"; one that lost segments is kept as interrupted.
      if (state === 'in-progress' || !this.stored) return null;
      const outcome = this.broken && state === 'done' ? 'interrupted' : state;
      return { record: { ...this.stored, state: outcome, updatedAt: snapshot.updatedAt }, rows: [], replace: false };
    }).then((ok) => {
      if (ok) this.stored = snapshot;
      else this.broken = true;
      return ok;
    });
  }
}
