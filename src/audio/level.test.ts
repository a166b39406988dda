import { describe, expect, it } from 'vitest';
import { raisePeak } from './level.ts';

const peakDb = (s: Float32Array) => 20 * Math.log10(s.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
const tone = (peak: number) => Float32Array.from({ length: 1600 }, (_, i) => peak * Math.sin(i / 7));

describe('raisePeak', () => {
  it('brings quiet audio up to the target peak', () => {
    const quiet = tone(0.01);
    raisePeak(quiet, -6, 40);
    expect(peakDb(quiet)).toBeCloseTo(-6, 3);
  });

  it('never turns audio down, and raises it by no more than the limit', () => {
    const loud = tone(0.9);
    expect(raisePeak(loud, -6, 40)).toBe(1);
    expect(peakDb(loud)).toBeCloseTo(peakDb(tone(0.9)), 6);
    const faint = tone(1e-4);
    raisePeak(faint, -6, 40);
    expect(peakDb(faint)).toBeCloseTo(-80 + 40, 3);
  });

  it('leaves silence silent', () => {
    const silence = new Float32Array(100);
    raisePeak(silence, -6, 40);
    expect(silence.every((x) => x === 0)).toBe(true);
  });
});
