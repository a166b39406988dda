import type { TimeRange } from '../../shared/time-range';

export interface SpanInput {
  /** Seconds the recording lasts (or has lasted so far). */
  duration: number;
  /** A live recording: the newest audio is shown, `windowSeconds` of it. */
  live: boolean;
  windowSeconds: number;
  /** Reduced motion: a live view turns a page when it fills, instead of scrolling on with every point. */
  paged: boolean;
}

/** The seconds the timeline shows: the whole recording, or the live window ending now. */
export function visibleSpan({ duration, live, windowSeconds, paged }: SpanInput): TimeRange {
  const end = Math.max(0, Number.isFinite(duration) ? duration : 0);
  if (!live) return { start: 0, end: Math.max(end, 1e-3) };
  if (paged) {
    const start = Math.floor(end / windowSeconds) * windowSeconds;
    return { start, end: start + windowSeconds };
  }
  return { start: Math.max(0, end - windowSeconds), end: Math.max(end, windowSeconds) };
}

/** Where `seconds` lies across `span`, 0–1 (clamped). */
export const fractionOf = (seconds: number, span: TimeRange): number =>
  Math.max(0, Math.min(1, (seconds - span.start) / (span.end - span.start)));

/** The time under a point `fraction` (0–1) across `span`. */
export const timeAt = (fraction: number, span: TimeRange): number => span.start + Math.max(0, Math.min(1, fraction)) * (span.end - span.start);

/** Where the arrow and page keys move the playhead: 5 s a step (1 s with Shift), 30 s a page, the ends. */
export function keyTarget(key: string, shift: boolean, position: number, duration: number): number | null {
  const step = shift ? 1 : 5;
  const at = Math.max(0, position);
  const target = { ArrowLeft: at - step, ArrowDown: at - step, ArrowRight: at + step, ArrowUp: at + step, PageDown: at - 30, PageUp: at + 30, Home: 0, End: duration }[key];
  return target === undefined ? null : Math.max(0, Math.min(duration, target));
}
