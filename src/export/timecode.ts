/**
 * Time formatting shared by the subtitle and text exports.
 * Everything works on whole milliseconds: rounding once, up front, is what keeps a field from
 * ever reading `,1000` or `:60` (59.9996 s is 60000 ms, not 59 s + 1000 ms).
 */

/** Seconds to whole milliseconds; negative or non-finite times (a bad timestamp) become 0. */
export function toMilliseconds(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `HH:MM:SS` from whole milliseconds; hours keep growing past 99 rather than wrapping. */
export function formatClock(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
}

/** `HH:MM:SS,mmm` (SubRip) from whole milliseconds. */
export const srtTimestamp = (ms: number): string => `${formatClock(ms)},${pad(ms % 1000, 3)}`;

/** `HH:MM:SS.mmm` (WebVTT) from whole milliseconds. */
export const vttTimestamp = (ms: number): string => `${formatClock(ms)}.${pad(ms % 1000, 3)}`;
