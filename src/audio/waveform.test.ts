import { describe, expect, it } from 'vitest';
import { ENVELOPE_POINTS_PER_SECOND, SAMPLES_PER_POINT, envelopeOf } from './envelope.ts';
import { Waveform } from './waveform.ts';

describe('envelopeOf', () => {
  it('gives each 10 ms its lowest and highest sample as bytes, rounded outwards', () => {
    const samples = new Float32Array(SAMPLES_PER_POINT * 2 + 10);
    samples[3] = 0.5;
    samples[100] = -0.25;
    samples[SAMPLES_PER_POINT + 1] = 0.001;
    samples[SAMPLES_PER_POINT * 2 + 9] = -2; // clipped
    const { min, max } = envelopeOf(samples);
    expect([...min]).toEqual([-32, 0, -127]);
    expect([...max]).toEqual([64, 1, 0]);
  });

  it('is 100 points a second: a 30 s chunk is 3000 points, and an empty chunk none', () => {
    expect(ENVELOPE_POINTS_PER_SECOND).toBe(100);
    expect(envelopeOf(new Float32Array(30 * 16_000)).min.length).toBe(3000);
    expect(envelopeOf(new Float32Array(0)).max.length).toBe(0);
    expect(() => envelopeOf(new Float32Array(4), 0)).toThrow(RangeError);
  });

  it('treats NaN samples as silence', () => {
    expect([...envelopeOf(Float32Array.of(Number.NaN, Number.NaN), 2).max]).toEqual([0]);
  });
});

describe('Waveform', () => {
  const chunk = (seconds: number, value: number) => envelopeOf(new Float32Array(seconds * 16_000).fill(value));

  it('joins chunks at their places, overwrites a chunk that comes again, and counts versions', () => {
    const w = new Waveform(ENVELOPE_POINTS_PER_SECOND);
    w.set(0, chunk(30, 0.5));
    w.set(30, chunk(12, -0.5));
    expect(w.length).toBe(4200);
    expect(w.durationSeconds).toBe(42);
    const v = w.version;
    w.set(0, chunk(30, 0.25));
    expect(w.version).toBe(v + 1);
    expect(w.length).toBe(4200);
    const { min, max } = w.columns(0, 42, 2);
    expect([min[0], max[0]]).toEqual([expect.closeTo(0.244, 2), expect.closeTo(0.252, 2)]);
    expect([min[1], max[1]]).toEqual([expect.closeTo(-0.5, 2), expect.closeTo(0.252, 2)]);
  });

  it('gives each column the extremes inside it, the point under it when zoomed in, and NaN where nothing is known', () => {
    const w = new Waveform(10);
    for (const peak of [0.1, 0.9, 0.2, 0.3]) w.push(-peak, peak);
    const wide = w.columns(0, 0.4, 2);
    expect([...wide.max].map((x) => Math.round(x * 10) / 10)).toEqual([0.9, 0.3]);
    expect([...wide.min].map((x) => Math.round(x * 10) / 10)).toEqual([-0.9, -0.3]);
    const zoomed = w.columns(0.1, 0.2, 4);
    expect([...zoomed.max].map((x) => Math.round(x * 10) / 10)).toEqual([0.9, 0.9, 0.9, 0.9]);
    const beyond = w.columns(0.3, 0.5, 2);
    expect(Math.round(beyond.max[0]! * 10) / 10).toBe(0.3);
    expect(beyond.max[1]).toBeNaN();
    expect(w.columns(1, 1, 3).max.every(Number.isNaN)).toBe(true);
  });

  it('clips pushed points to full scale and grows past its first buffer', () => {
    const w = new Waveform(31.25);
    for (let i = 0; i < 5000; i++) w.push(-3, Number.NaN);
    expect(w.length).toBe(5000);
    const { min, max } = w.columns(0, w.durationSeconds, 1);
    expect([min[0], max[0]]).toEqual([-1, 0]);
  });
});
