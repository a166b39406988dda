import { describe, expect, it } from 'vitest';
import { intervals, percentile, summarise, unionLength } from './stats.ts';

describe('stats', () => {
  it('interpolates percentiles between ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(percentile([], 50)).toBeNull();
  });

  it('summarises', () => {
    expect(summarise([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 2.9, max: 3, mean: 2 });
    expect(summarise([])).toEqual({ count: 0, p50: null, p95: null, max: null, mean: null });
  });

  it('computes intervals and the union of spans', () => {
    expect(intervals([1, 3, 6])).toEqual([2, 3]);
    expect(unionLength([{ start: 0, end: 2 }, { start: 1, end: 3 }, { start: 5, end: 6 }, { start: 7, end: 7 }])).toBe(4);
  });
});
