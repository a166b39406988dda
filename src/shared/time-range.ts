/** A span of a recording in seconds from its start: speech the VAD found, or a window Whisper reads. */
export interface TimeRange {
  start: number;
  end: number;
}

/** The union of `ranges`, sorted, overlapping or touching ranges joined (a window redone at a seam repeats speech). */
export function unionOfRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const union: TimeRange[] = [];
  for (const r of sorted) {
    const last = union.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else union.push({ start: r.start, end: r.end });
  }
  return union;
}
