import { describe, expect, it } from 'vitest';
import { detectSpeechRegions } from './energy-regions.ts';

const RATE = 16000;
/** A tone burst standing in for speech: what matters here is energy, not content. */
function signal(parts: [seconds: number, amplitude: number][], noise = 0): Float32Array {
  const total = parts.reduce((s, [t]) => s + t, 0);
  const out = new Float32Array(Math.round(total * RATE));
  let at = 0;
  let seed = 7;
  for (const [t, amp] of parts) {
    const n = Math.round(t * RATE);
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      out[at + i] = amp * Math.sin((2 * Math.PI * 220 * i) / RATE) + noise * (seed / 0x7fffffff - 0.5) * 2;
    }
    at += n;
  }
  return out;
}

describe('detectSpeechRegions', () => {
  it('finds each loud stretch with its edges', () => {
    const regions = detectSpeechRegions(signal([[1, 0], [2, 0.3], [3, 0], [1.5, 0.2], [1, 0]]));
    expect(regions).toHaveLength(2);
    expect(regions[0]!.start).toBeCloseTo(1, 1);
    expect(regions[0]!.end).toBeCloseTo(3, 1);
    expect(regions[1]!.start).toBeCloseTo(6, 1);
    expect(regions[1]!.end).toBeCloseTo(7.5, 1);
  });

  it('keeps short pauses inside one region', () => {
    expect(detectSpeechRegions(signal([[0.5, 0], [1, 0.3], [0.3, 0], [1, 0.3], [0.5, 0]]))).toHaveLength(1);
  });

  it('finds nothing in digital silence or quiet noise', () => {
    expect(detectSpeechRegions(new Float32Array(5 * RATE))).toEqual([]);
    expect(detectSpeechRegions(signal([[5, 0]], 0.004))).toEqual([]);
  });

  it('finds speech over quiet noise', () => {
    expect(detectSpeechRegions(signal([[1, 0], [1, 0.3], [1, 0]], 0.004))).toHaveLength(1);
  });

  it('drops clicks', () => {
    expect(detectSpeechRegions(signal([[1, 0], [0.04, 0.5], [1, 0]]))).toEqual([]);
  });
});
