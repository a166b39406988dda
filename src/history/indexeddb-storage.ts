import type { Segment } from '../engine/transcript.ts';
import type { HistoryRecord } from './history-record.ts';
import type { HistoryStorage, SegmentRow } from './history-store.ts';

export const HISTORY_DATABASE = 'whisper-history';
const VERSION = 1;
/** Records by `id`. */
const TRANSCRIPTS = 'transcripts';
/** Segment rows by `[transcriptId, seq]`: one transcript's segments are one key range, in order. */
const SEGMENTS = 'segments';

const segmentsOf = (id: string): IDBKeyRange => IDBKeyRange.bound([id, 0], [id, Infinity]);

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new DOMException('The request failed.', 'UnknownError'));
  });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB'));
  const req = indexedDB.open(name, VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains(TRANSCRIPTS)) db.createObjectStore(TRANSCRIPTS, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(SEGMENTS)) db.createObjectStore(SEGMENTS, { keyPath: ['transcriptId', 'seq'] });
  };
  return request(req);
}

/**
 * The transcript history in IndexedDB. Every method is one transaction; a request the browser refuses, even by
 * throwing (a full disk, a quota), aborts it, so nothing is half written and the error reaches the caller.
 */
export class IndexedDbHistoryStorage implements HistoryStorage {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly name = HISTORY_DATABASE) {}

  records(): Promise<HistoryRecord[]> {
    return this.transaction([TRANSCRIPTS], 'readonly', (tx) => request(tx.objectStore(TRANSCRIPTS).getAll() as IDBRequest<HistoryRecord[]>));
  }

  record(id: string): Promise<HistoryRecord | undefined> {
    return this.transaction([TRANSCRIPTS], 'readonly', (tx) => request(tx.objectStore(TRANSCRIPTS).get(id) as IDBRequest<HistoryRecord | undefined>));
  }

  async segments(id: string): Promise<Segment[]> {
    const rows = await this.transaction([SEGMENTS], 'readonly', (tx) => request(tx.objectStore(SEGMENTS).getAll(segmentsOf(id)) as IDBRequest<SegmentRow[]>));
    return rows.map((row) => row.segment);
  }

  write(record: HistoryRecord, rows: readonly SegmentRow[], replace: boolean): Promise<void> {
    return this.transaction([TRANSCRIPTS, SEGMENTS], 'readwrite', (tx) => {
      const segments = tx.objectStore(SEGMENTS);
      if (replace) segments.delete(segmentsOf(record.id));
      tx.objectStore(TRANSCRIPTS).put(record);
      // A row at a place already taken is a revised live final.
      for (const row of rows) segments.put(row);
      return Promise.resolve();
    });
  }

  delete(id: string): Promise<void> {
    return this.transaction([TRANSCRIPTS, SEGMENTS], 'readwrite', (tx) => {
      tx.objectStore(TRANSCRIPTS).delete(id);
      tx.objectStore(SEGMENTS).delete(segmentsOf(id));
      return Promise.resolve();
    });
  }

  clear(): Promise<void> {
    return this.transaction([TRANSCRIPTS, SEGMENTS], 'readwrite', (tx) => {
      tx.objectStore(TRANSCRIPTS).clear();
      tx.objectStore(SEGMENTS).clear();
      return Promise.resolve();
    });
  }

  private database(): Promise<IDBDatabase> {
    this.db ??= openDatabase(this.name).then(
      (db) => {
        // Another tab upgrading, or the user clearing site data: let go, and open again on the next call.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        db.onclose = () => (this.db = null);
        return db;
      },
      (error: unknown) => {
        this.db = null;
        throw error;
      },
    );
    return this.db;
  }

  /** Resolves with `body`'s result once the transaction has committed; rejects with why it aborted. */
  private async transaction<T>(stores: string[], mode: IDBTransactionMode, body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    const tx = (await this.database()).transaction(stores, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
    });
    let result: Promise<T>;
    try {
      result = body(tx);
    } catch (error) {
      tx.abort();
      await done.catch(() => undefined);
      throw error;
    }
    // A failed request aborts the transaction, so either way the first error is why.
    const [value] = await Promise.all([result, done]);
    return value;
  }
}
