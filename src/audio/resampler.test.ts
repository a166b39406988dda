import { describe, expect, it } from 'vitest';
import { ResamplerConfigError, StreamResampler } from './resampler.ts';
import { mulberry32 } from '../shared/random.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/** Seeded, so failures reproduce. */
const rng = mulberry32;

function tone(rate: number, freq: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Resamples in one push + flush; copies because the views are reused. */
function resampleWhole(rate: number, channels: Float32Array[], outRate = SAMPLE_RATE): Float32Array {
  const r = new StreamResampler(rate, outRate);
  return concat([r.push(channels).slice(), r.flush().slice()]);
}

function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / x.length);
}

/** Drops the edges, where the filter sees the implied silence around the signal. */
function middle(x: Float32Array, trim = 400): Float32Array {
  return x.subarray(trim, x.length - trim);
}

describe('StreamResampler', () => {
  it.each([48000, 44100, 22050, 8000, SAMPLE_RATE, 44056])('gives the same output in random chunks as whole (%i Hz)', (rate) => {
    const rand = rng(rate);
    const frames = rate; // 1 s
    const left = new Float32Array(frames).map(() => rand() * 2 - 1);
    const right = new Float32Array(frames).map(() => rand() * 2 - 1);
    const whole = resampleWhole(rate, [left, right]);

    const r = new StreamResampler(rate);
    const parts: Float32Array[] = [];
    for (let at = 0; at < frames; ) {
      const size = Math.min(frames - at, Math.floor(rand() ** 3 * 5000)); // many tiny chunks, some empty
      parts.push(r.push([left.subarray(at, at + size), right.subarray(at, at + size)]).slice());
      at += size;
    }
    parts.push(r.flush().slice());
    const chunked = concat(parts);

    expect(chunked.length).toBe(whole.length);
    let maxDiff = 0;
    for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs((whole[i] as number) - (chunked[i] as number)));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it.each([
    [48000, 48000],
    [44100, 44100],
    [44100, 12345],
    [22050, 1001],
    [8000, 8000],
    [SAMPLE_RATE, 777],
    [96000, 3],
  ])('outputs ceil(input × ratio) samples (%i Hz, %i frames)', (rate, frames) => {
    const out = resampleWhole(rate, [new Float32Array(frames)]);
    expect(out.length).toBe(Math.ceil((frames * SAMPLE_RATE) / rate));
  });

  it.each([48000, 44100])('keeps a 1 kHz tone at %i Hz in frequency, amplitude and phase', (rate) => {
    const out = resampleWhole(rate, [tone(rate, 1000, 1)]);
    const mid = middle(out);

    expect(rms(mid)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    let crossings = 0;
    for (let i = 1; i < mid.length; i++) if (((mid[i - 1] as number) < 0) !== ((mid[i] as number) < 0)) crossings++;
    const seconds = mid.length / SAMPLE_RATE;
    expect(crossings / seconds / 2).toBeGreaterThan(995);
    expect(crossings / seconds / 2).toBeLessThan(1005);

    // No group delay: output sample k lines up with input time k / 16 kHz.
    const ideal = tone(SAMPLE_RATE, 1000, 1);
    let maxErr = 0;
    for (let k = 400; k < 15600; k++) maxErr = Math.max(maxErr, Math.abs((out[k] as number) - (ideal[k] as number)));
    expect(maxErr).toBeLessThan(1e-3);
  });

  it.each([
    [48000, 10000],
    [48000, 8600],
    [44100, 12000],
    [44100, 9000],
  ])('attenuates a %i Hz input\'s %i Hz tone (above 8 kHz) by more than 40 dB', (rate, freq) => {
    const input = tone(rate, freq, 1);
    const out = middle(resampleWhole(rate, [input]));
    const attenuationDb = 20 * Math.log10(rms(out) / rms(input));
    expect(attenuationDb).toBeLessThan(-40);
  });

  it('upsamples 8 kHz without imaging: a 1 kHz tone stays a clean 1 kHz tone', () => {
    const out = resampleWhole(8000, [tone(8000, 1000, 1)]);
    const ideal = tone(SAMPLE_RATE, 1000, 1);
    let maxErr = 0;
    for (let k = 400; k < 15600; k++) maxErr = Math.max(maxErr, Math.abs((out[k] as number) - (ideal[k] as number)));
    expect(maxErr).toBeLessThan(1e-3);
  });

  it('downmixes by averaging channels', () => {
    const left = tone(48000, 440, 0.5);
    const right = left.map((v) => -v);
    expect(rms(resampleWhole(48000, [left, right]))).toBeLessThan(1e-6);

    const a = new Float32Array(48000).fill(0.6);
    const b = new Float32Array(48000).fill(0.2);
    const c = new Float32Array(48000).fill(-0.2);
    const mixed = middle(resampleWhole(48000, [a, b, c]));
    let maxErr = 0;
    for (const v of mixed) maxErr = Math.max(maxErr, Math.abs(v - 0.2));
    expect(maxErr).toBeLessThan(1e-5);
  });

  it('passes 16 kHz through unchanged apart from the downmix', () => {
    const rand = rng(7);
    const left = new Float32Array(1000).map(() => rand() - 0.5);
    const right = new Float32Array(1000).map(() => rand() - 0.5);
    const r = new StreamResampler(SAMPLE_RATE);
    const out = r.push([left, right]).slice();
    expect(r.flush().length).toBe(0);
    expect(out.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(out[i]).toBeCloseTo(((left[i] as number) + (right[i] as number)) / 2, 6);
    expect(new StreamResampler(SAMPLE_RATE).push([left])).toEqual(left);
  });

  it('starts a fresh stream after flush()', () => {
    const input = tone(44100, 300, 0.3);
    const r = new StreamResampler(44100);
    const first = concat([r.push([input]).slice(), r.flush().slice()]);
    const second = concat([r.push([input]).slice(), r.flush().slice()]);
    expect(second).toEqual(first);
  });

  it('rejects bad rates and ragged channels with a named error', () => {
    expect(() => new StreamResampler(0)).toThrow(ResamplerConfigError);
    expect(() => new StreamResampler(44100.5)).toThrow(/inputRate/);
    expect(() => new StreamResampler(44100).push([new Float32Array(3), new Float32Array(4)])).toThrow(/differ in length/);
    expect(() => new StreamResampler(44100).push([])).toThrow(ResamplerConfigError);
  });
});
