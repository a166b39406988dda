import type { Segment } from '../engine/transcript.ts';
import type { HistoryRecord } from './history-record.ts';
import type { HistoryStorage, SegmentRow } from './history-store.ts';

/** HistoryStorage in Maps, with the same all-or-nothing writes as IndexedDB, a log of writes, and failures on cue. */
export class MemoryStorage implements HistoryStorage {
  readonly recordMap = new Map<string, HistoryRecord>();
  readonly rowMap = new Map<string, SegmentRow[]>();
  /** Every write: the record's state and segment count, and how many rows it added. */
  readonly writes: { id: string; state: string; segmentCount: number; rows: number; replace: boolean }[] = [];
  /** The next write throws this (then writes work again, unless `failAlways`). */
  failNext: Error | null = null;
  failAlways: Error | null = null;

  async records(): Promise<HistoryRecord[]> {
    return [...this.recordMap.values()].map((r) => structuredClone(r));
  }

  async record(id: string): Promise<HistoryRecord | undefined> {
    const r = this.recordMap.get(id);
    return r && structuredClone(r);
  }

  async segments(id: string): Promise<Segment[]> {
    return [...(this.rowMap.get(id) ?? [])].sort((a, b) => a.seq - b.seq).map((r) => structuredClone(r.segment));
  }

  async write(record: HistoryRecord, rows: readonly SegmentRow[], replace: boolean): Promise<void> {
    const error = this.failNext ?? this.failAlways;
    this.failNext = null;
    if (error) throw error;
    const existing = (replace ? [] : (this.rowMap.get(record.id) ?? [])).filter((r) => !rows.some((row) => row.seq === r.seq));
    this.recordMap.set(record.id, structuredClone(record));
    this.rowMap.set(record.id, [...existing, ...rows.map((r) => structuredClone(r))]);
    this.writes.push({ id: record.id, state: record.state, segmentCount: record.segmentCount, rows: rows.length, replace });
  }

  async delete(id: string): Promise<void> {
    this.recordMap.delete(id);
    this.rowMap.delete(id);
  }

  async clear(): Promise<void> {
    this.recordMap.clear();
    this.rowMap.clear();
  }
}

export const quotaError = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
