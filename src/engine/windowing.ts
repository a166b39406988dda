/**
 * Long recordings are cut into windows Whisper can take (30 s), placed in the silences a VAD
 * found so no word is split, and the transcripts of consecutive windows are joined back.
 */
import type { Segment } from './transcript';

export interface TimeRange {
  start: number;
  end: number;
}

export interface WindowOptions {
  /** Whisper's receptive field. */
  maxWindowSeconds?: number;
  /** Silence kept around speech so onsets and trailing consonants are not clipped. */
  padSeconds?: number;
  /** Length of the recording, when known, so padding never reaches past it. */
  durationSeconds?: number;
}

/** Regions cleaned up: sorted, empty or non-finite ones dropped, overlapping or touching ones merged. */
function normaliseRegions(regions: readonly TimeRange[]): TimeRange[] {
  const merged: TimeRange[] = [];
  for (const { start, end } of [...regions].sort((a, b) => a.start - b.start)) {
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start: Math.max(0, start), end });
  }
  return merged;
}

/** Each region grown by `pad`, but only up to the midpoint of the silence it shares with a neighbour. */
function padRegions(regions: readonly TimeRange[], pad: number, duration: number): TimeRange[] {
  return regions.map((region, i) => {
    const before = regions[i - 1];
    const after = regions[i + 1];
    const floor = before ? (before.end + region.start) / 2 : 0;
    const ceiling = after ? (region.end + after.start) / 2 : duration;
    return { start: Math.max(floor, region.start - pad), end: Math.max(region.end, Math.min(ceiling, region.end + pad)) };
  });
}

/**
 * Greedy packing: a window opens at a region's padded start and takes following regions while
 * their speech still ends within `max` of that start; its end is the last padding that fits.
 * A region longer than `max` is cut into equal parts (equal, so no part is a sliver Whisper would
 * hallucinate on); its last part stays open for the regions after it.
 */
export function planWindows(regions: readonly TimeRange[], opts: WindowOptions = {}): TimeRange[] {
  const max = opts.maxWindowSeconds ?? 30;
  const pad = Math.max(0, opts.padSeconds ?? 0.2);
  const duration = opts.durationSeconds ?? Number.POSITIVE_INFINITY;
  const speech = normaliseRegions(regions);
  const padded = padRegions(speech, pad, duration);
  const windows: TimeRange[] = [];
  let open: TimeRange | undefined;

  speech.forEach((region, i) => {
    const room = padded[i] ?? region;
    if (open && region.end - open.start <= max) {
      open.end = Math.min(room.end, open.start + max);
      return;
    }
    if (open) windows.push(open);
    if (region.end - region.start <= max) {
      // Share whatever padding fits evenly between both sides instead of splitting the region.
      const slack = max - (region.end - region.start);
      const start = Math.max(room.start, region.start - slack / 2);
      open = { start, end: Math.min(room.end, start + max) };
      return;
    }
    const parts = Math.ceil((room.end - room.start) / max);
    const step = (room.end - room.start) / parts;
    for (let k = 0; k < parts - 1; k++) windows.push({ start: room.start + k * step, end: room.start + (k + 1) * step });
    open = { start: room.start + (parts - 1) * step, end: room.end };
  });
  if (open) windows.push(open);
  return windows;
}

/** Text compared loosely: case, punctuation and spacing differ between two decodes of the same words. */
const normaliseText = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]/gu, '').replace(/\s+/g, ' ').trim();

/** Same words, and the times overlap by more than half of the shorter segment (or a zero-length one lies inside the other). */
function isDuplicate(a: Segment, b: Segment): boolean {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  const overlapping = shorter > 0 ? overlap > shorter / 2 : overlap >= 0;
  return overlapping && normaliseText(a.text) === normaliseText(b.text);
}

/**
 * Joins the segments of two consecutive windows whose audio may overlap. A segment of `next`
 * that repeats one of `prev` (each `prev` segment absorbs at most one) is dropped; every other
 * segment is kept, and `next`'s times are pushed forward where needed so that each segment starts
 * no earlier than the one before it ends. `prev` is returned as it was.
 */
export function mergeWindowSegments(prev: readonly Segment[], next: readonly Segment[]): Segment[] {
  const merged: Segment[] = prev.map((s) => ({ ...s }));
  const absorbed = new Set<number>();
  let lastEnd = prev.reduce((end, s) => Math.max(end, s.end), Number.NEGATIVE_INFINITY);
  for (const segment of next) {
    const twin = prev.findIndex((p, i) => !absorbed.has(i) && isDuplicate(p, segment));
    if (twin >= 0) {
      absorbed.add(twin);
      continue;
    }
    const start = Math.max(segment.start, lastEnd);
    const end = Math.max(segment.end, start);
    merged.push({ ...segment, start, end });
    lastEnd = end;
  }
  return merged;
}
