import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from './batch-framer.ts';
import type { CaptureBatch } from './pcm-capture.messages.ts';
import { PushedPcm, PushedPcmError } from './pushed-pcm.ts';
import { StreamResampler } from './resampler.ts';

const tone = (rate: number, seconds: number): Float32Array => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate));

/** Starts `pcm` on a real MessageChannel and collects what it posts until the final batch. */
function receive(pcm: PushedPcm) {
  const channel = new MessageChannel();
  const batches: CaptureBatch[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  channel.port2.onmessage = ({ data }: MessageEvent<CaptureBatch>) => {
    batches.push(data);
    if (data.final) done();
  };
  const levels: number[] = [];
  const started = pcm.start(channel.port1, { onLevel: (peak) => levels.push(peak) });
  return { batches, finished, started, levels, close: () => channel.port2.close() };
}

const joined = (batches: CaptureBatch[]): Float32Array => {
  const out = new Float32Array(batches.reduce((n, b) => n + b.frameCount * FRAME_SAMPLES, 0));
  let at = 0;
  for (const b of batches) {
    out.set(b.samples.subarray(0, b.frameCount * FRAME_SAMPLES), at);
    at += b.frameCount * FRAME_SAMPLES;
  }
  return out;
};

describe('PushedPcm', () => {
  it('resamples 48 kHz pushes in odd chunks to the same 16 kHz samples as one pass, framed, pushed before start included', async () => {
    const input = tone(48_000, 1.3);
    const pcm = new PushedPcm();
    // Half before the path behind is ready (the model loading), half after; the caller's arrays are reused.
    const scratch = new Float32Array(4801);
    let at = 0;
    const pushUpTo = (end: number) => {
      while (at < end) {
        const n = Math.min(scratch.length, end - at);
        scratch.set(input.subarray(at, at + n));
        pcm.pushPcm(scratch.subarray(0, n), 48_000);
        scratch.fill(9);
        at += n;
      }
    };
    pushUpTo(input.length / 2);
    const r = receive(pcm);
    await r.started;
    pushUpTo(input.length);
    await pcm.stop();
    await r.finished;
    r.close();

    const whole = new StreamResampler(48_000);
    const expected = new Float32Array([...whole.push([input]), ...whole.flush()]);
    const out = joined(r.batches);
    expect(out.length).toBe(Math.ceil(expected.length / FRAME_SAMPLES) * FRAME_SAMPLES);
    expect(out.subarray(0, expected.length)).toEqual(expected);
    expect(r.batches.map((b) => b.firstFrameIndex)).toEqual(r.batches.map((_, i) => i * 4));
    expect(r.batches.filter((b) => b.final)).toHaveLength(1);
    expect(r.levels).toHaveLength(r.batches.length);
  });

  it('mixes planar channels to mono, follows a change of rate, and ignores pushes after stop', async () => {
    const pcm = new PushedPcm();
    const r = receive(pcm);
    await r.started;
    const left = new Float32Array(16_000).fill(0.5);
    const right = new Float32Array(16_000).fill(-0.25);
    pcm.pushPcm([left, right], 16_000);
    pcm.pushPcm(new Float32Array(8000).fill(0.1), 8000);
    await pcm.stop();
    pcm.pushPcm(new Float32Array(16_000).fill(1), 16_000);
    await r.finished;
    r.close();
    const out = joined(r.batches);
    expect(out[100]).toBeCloseTo(0.125, 6);
    // One second at 16 kHz, then one second from 8 kHz: 32 000 samples, in whole frames.
    expect(out.length).toBe(Math.ceil(32_000 / FRAME_SAMPLES) * FRAME_SAMPLES);
    expect(out[24_000]).toBeCloseTo(0.1, 3);
    expect(Math.max(...out)).toBeLessThan(0.6);
  });

  it('refuses a sample rate that is not a positive number', () => {
    expect(() => new PushedPcm().pushPcm(new Float32Array(4), 0)).toThrow(PushedPcmError);
    expect(() => new PushedPcm().pushPcm([], 16_000)).toThrow(/at least one channel/);
  });
});
