const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `mm:ss`, or `h:mm:ss` when `withHours`: times in a recording, as the page shows them. Seconds are floored, so a
 * segment's label never shows a time after the point a seek to it lands on, and "read up to" never claims more.
 */
export function clock(seconds: number, withHours = false): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole / 60) % 60;
  const s = whole % 60;
  return withHours ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m + h * 60)}:${pad(s)}`;
}
