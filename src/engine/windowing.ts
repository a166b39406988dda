/**
 * Long recordings are cut into windows Whisper can take (30 s), placed in the silences a VAD
 * found so no word is split (see file-job.ts for how a window cut inside speech is resumed).
 */
import type { TimeRange } from '../shared/time-range.ts';

// Re-exported while vad/energy-regions.ts and file-job.ts (being rewritten elsewhere) still import it from here.

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
