/** Small summaries of measured samples. */

export interface Summary {
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  mean: number | null;
}

/** Linear interpolation between closest ranks (numpy's default), on a sorted copy; null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function summarise(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : null,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
  };
}

/** Differences between consecutive values (e.g. times of events → intervals). */
export function intervals(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

/** Total length of the union of [start, end] intervals: busy time that never counts an overlap twice. */
export function unionLength(spans: readonly { start: number; end: number }[]): number {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let open: { start: number; end: number } | null = null;
  for (const s of sorted) {
    if (open && s.start <= open.end) open.end = Math.max(open.end, s.end);
    else {
      if (open) total += open.end - open.start;
      open = { ...s };
    }
  }
  return open ? total + open.end - open.start : total;
}
