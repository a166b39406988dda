import { describe, expect, it } from 'vitest';
import type { TimeRange } from '../shared/time-range';
import { planWindows } from './windowing';

/** Rounds to the microsecond so float noise from padding arithmetic does not hide a real mismatch. */
const round = (ranges: TimeRange[]): TimeRange[] =>
  ranges.map(({ start, end }) => ({ start: Math.round(start * 1e6) / 1e6, end: Math.round(end * 1e6) / 1e6 }));

/** The invariants every plan must hold, whatever the packing decided. */
function expectValidPlan(regions: TimeRange[], windows: TimeRange[], max = 30): void {
  windows.forEach((w, i) => {
    expect(w.end - w.start).toBeLessThanOrEqual(max + 1e-9);
    expect(w.end).toBeGreaterThan(w.start);
    const before = windows[i - 1];
    if (before) expect(w.start).toBeGreaterThanOrEqual(before.end);
  });
  for (const r of regions) {
    // Covered entirely by the union of consecutive windows.
    const covering = windows.filter((w) => w.end > r.start && w.start < r.end);
    expect(covering[0]?.start).toBeLessThanOrEqual(r.start);
    expect(covering[covering.length - 1]?.end).toBeGreaterThanOrEqual(r.end);
    covering.slice(1).forEach((w, i) => expect(w.start).toBe(covering[i]?.end));
  }
}

describe('planWindows', () => {
  it('returns nothing for no speech', () => {
    expect(planWindows([])).toEqual([]);
    expect(planWindows([{ start: 5, end: 5 }, { start: 7, end: 6 }])).toEqual([]);
  });

  it('pads a lone region, not before zero', () => {
    expect(round(planWindows([{ start: 0.1, end: 4 }]))).toEqual([{ start: 0, end: 4.2 }]);
    expect(round(planWindows([{ start: 2, end: 4 }], { padSeconds: 0.5 }))).toEqual([{ start: 1.5, end: 4.5 }]);
  });

  it('does not pad past the recording when its length is given', () => {
    expect(round(planWindows([{ start: 2, end: 9.9 }], { durationSeconds: 10 }))).toEqual([{ start: 1.8, end: 10 }]);
  });

  it('packs regions into one window while they fit in 30 s', () => {
    const regions = [{ start: 1, end: 5 }, { start: 8, end: 14 }, { start: 20, end: 29 }];
    expect(round(planWindows(regions))).toEqual([{ start: 0.8, end: 29.2 }]);
  });

  it('starts a new window in the silence before a region that does not fit', () => {
    const regions = [{ start: 1, end: 10 }, { start: 12, end: 25 }, { start: 28, end: 40 }];
    const windows = planWindows(regions);
    expect(round(windows)).toEqual([{ start: 0.8, end: 25.2 }, { start: 27.8, end: 40.2 }]);
    expectValidPlan(regions, windows);
  });

  it('shares a short gap between neighbours instead of overlapping them', () => {
    const regions = [{ start: 0, end: 20 }, { start: 20.1, end: 35 }];
    const windows = planWindows(regions);
    expect(round(windows)).toEqual([{ start: 0, end: 20.05 }, { start: 20.05, end: 35.2 }]);
    expectValidPlan(regions, windows);
  });

  it('trims padding rather than splitting a region that only fits unpadded', () => {
    expect(round(planWindows([{ start: 10, end: 39.9 }]))).toEqual([{ start: 9.95, end: 39.95 }]);
    expect(round(planWindows([{ start: 10, end: 40 }]))).toEqual([{ start: 10, end: 40 }]);
  });

  it('splits a region longer than 30 s into equal consecutive windows', () => {
    const regions = [{ start: 10, end: 75 }];
    const windows = planWindows(regions);
    expect(round(windows)).toEqual([
      { start: 9.8, end: 31.6 }, { start: 31.6, end: 53.4 }, { start: 53.4, end: 75.2 },
    ]);
    expectValidPlan(regions, windows);
  });

  it('lets the last part of a split region take the regions after it', () => {
    const regions = [{ start: 0, end: 40 }, { start: 42, end: 45 }, { start: 60, end: 61 }];
    const windows = planWindows(regions);
    expect(round(windows)).toEqual([{ start: 0, end: 20.1 }, { start: 20.1, end: 45.2 }, { start: 59.8, end: 61.2 }]);
    expectValidPlan(regions, windows);
  });

  it('merges overlapping regions and sorts unsorted input', () => {
    expect(round(planWindows([{ start: 8, end: 9 }, { start: 1, end: 3 }, { start: 2, end: 4 }]))).toEqual([{ start: 0.8, end: 9.2 }]);
  });

  it('honours a custom window length', () => {
    const regions = [{ start: 0, end: 4 }, { start: 5, end: 9 }, { start: 10, end: 14 }];
    const windows = planWindows(regions, { maxWindowSeconds: 10, padSeconds: 0 });
    expect(windows).toEqual([{ start: 0, end: 9 }, { start: 10, end: 14 }]);
    expectValidPlan(regions, windows, 10);
  });

  it('keeps the invariants on a long, irregular recording', () => {
    const regions: TimeRange[] = [];
    let t = 0.3;
    for (let i = 0; i < 200; i++) {
      const length = ((i * 7919) % 47) + 0.05 * (i % 5);
      const gap = ((i * 104729) % 13) / 10;
      regions.push({ start: t, end: t + length });
      t += length + gap;
    }
    expectValidPlan(regions, planWindows(regions));
  });
});

