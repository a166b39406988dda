import { describe, expect, it } from 'vitest';
import { fractionOf, keyTarget, timeAt, visibleSpan } from './timeline-span';

describe('visibleSpan', () => {
  it('shows a whole file', () => {
    expect(visibleSpan({ duration: 45, live: false, windowSeconds: 30, paged: false })).toEqual({ start: 0, end: 45 });
    expect(visibleSpan({ duration: Number.NaN, live: false, windowSeconds: 30, paged: false }).end).toBeGreaterThan(0);
  });

  it('scrolls with a live recording, its newest audio at the right edge once the window is full', () => {
    expect(visibleSpan({ duration: 12, live: true, windowSeconds: 30, paged: false })).toEqual({ start: 0, end: 30 });
    expect(visibleSpan({ duration: 75, live: true, windowSeconds: 30, paged: false })).toEqual({ start: 45, end: 75 });
  });

  it('turns pages instead when motion is reduced', () => {
    expect(visibleSpan({ duration: 12, live: true, windowSeconds: 30, paged: true })).toEqual({ start: 0, end: 30 });
    expect(visibleSpan({ duration: 75, live: true, windowSeconds: 30, paged: true })).toEqual({ start: 60, end: 90 });
  });
});

describe('positions', () => {
  it('maps times to fractions of the span and back, clamped', () => {
    const span = { start: 10, end: 20 };
    expect([fractionOf(15, span), fractionOf(5, span), fractionOf(25, span)]).toEqual([0.5, 0, 1]);
    expect([timeAt(0.25, span), timeAt(-1, span), timeAt(2, span)]).toEqual([12.5, 10, 20]);
  });

  it('moves the playhead by keys, within the recording', () => {
    expect(keyTarget('ArrowRight', false, 10, 60)).toBe(15);
    expect(keyTarget('ArrowLeft', true, 10, 60)).toBe(9);
    expect(keyTarget('ArrowLeft', false, 2, 60)).toBe(0);
    expect(keyTarget('PageUp', false, 50, 60)).toBe(60);
    expect(keyTarget('End', false, -1, 60)).toBe(60);
    expect(keyTarget('Home', false, 30, 60)).toBe(0);
    expect(keyTarget('a', false, 30, 60)).toBeNull();
  });
});
