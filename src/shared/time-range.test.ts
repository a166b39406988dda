import { describe, expect, it } from 'vitest';
import { unionOfRanges } from './time-range.ts';

describe('unionOfRanges', () => {
  it('sorts, joins overlapping and touching ranges, drops empty ones and leaves its input alone', () => {
    const input = [{ start: 5, end: 7 }, { start: 1, end: 2 }, { start: 6, end: 9 }, { start: 2, end: 3 }, { start: 4, end: 4 }];
    expect(unionOfRanges(input)).toEqual([{ start: 1, end: 3 }, { start: 5, end: 9 }]);
    expect(input[0]).toEqual({ start: 5, end: 7 });
    expect(unionOfRanges([])).toEqual([]);
  });
});
