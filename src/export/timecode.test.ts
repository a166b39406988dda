import { describe, expect, it } from 'vitest';
import { formatClock, srtTimestamp, toMilliseconds, vttTimestamp } from './timecode';

describe('toMilliseconds', () => {
  it('rounds to the nearest millisecond', () => {
    expect(toMilliseconds(1.0004)).toBe(1000);
    expect(toMilliseconds(1.0005)).toBe(1001);
    expect(toMilliseconds(59.9996)).toBe(60000);
    expect(toMilliseconds(3723.456)).toBe(3723456);
  });

  it('maps negative and non-finite times to 0', () => {
    expect(toMilliseconds(-1)).toBe(0);
    expect(toMilliseconds(Number.NaN)).toBe(0);
    expect(toMilliseconds(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('timestamps', () => {
  it('formats hours, minutes, seconds and milliseconds', () => {
    expect(srtTimestamp(toMilliseconds(3723.456))).toBe('01:02:03,456');
    expect(vttTimestamp(toMilliseconds(3723.456))).toBe('01:02:03.456');
    expect(formatClock(toMilliseconds(3723.456))).toBe('01:02:03');
  });

  it('carries a rounded-up millisecond into the next second and minute', () => {
    expect(srtTimestamp(toMilliseconds(59.9996))).toBe('00:01:00,000');
    expect(vttTimestamp(toMilliseconds(3599.9999))).toBe('01:00:00.000');
    expect(srtTimestamp(toMilliseconds(59.9994))).toBe('00:00:59,999');
  });

  it('keeps zero and long recordings readable', () => {
    expect(srtTimestamp(0)).toBe('00:00:00,000');
    expect(formatClock(toMilliseconds(100 * 3600 + 1))).toBe('100:00:01');
  });
});
