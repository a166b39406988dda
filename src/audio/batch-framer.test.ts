import { describe, expect, it } from 'vitest';
import { BatchFramer, FRAME_SAMPLES } from './batch-framer.ts';
import type { CaptureBatch } from './pcm-capture.messages.ts';

const ramp = (n: number, from = 0): Float32Array => Float32Array.from({ length: n }, (_, i) => ((from + i) % 1000) / 1000 - 0.5);

function collect(framesPerBatch = 4) {
  const batches: CaptureBatch[] = [];
  const framer = new BatchFramer((b) => batches.push({ ...b, samples: b.samples.slice() }), framesPerBatch);
  return { framer, batches };
}

describe('BatchFramer', () => {
  it('frames pushes of any size into whole batches, like the worklet, with frame indices that add up', () => {
    const { framer, batches } = collect();
    const input = ramp(10_000);
    // Odd sizes, an empty push, and one longer than a batch.
    let at = 0;
    for (const n of [1, 0, 700, 2048, 5000, 37]) {
      framer.write(input.subarray(at, at + n));
      at += n;
    }
    framer.write(input.subarray(at));
    framer.flush();
    const full = batches.filter((b) => !b.final);
    expect(full.every((b) => b.frameCount === 4 && b.samples.length === 4 * FRAME_SAMPLES)).toBe(true);
    expect(batches.map((b) => b.firstFrameIndex)).toEqual(batches.map((_, i) => i * 4));
    const final = batches.at(-1)!;
    expect(final.final).toBe(true);
    // 10 000 samples = 19 whole frames and 272 samples, padded to a 20th frame.
    expect(batches.reduce((n, b) => n + b.frameCount, 0)).toBe(20);
    const out = new Float32Array(batches.reduce((n, b) => n + b.frameCount * FRAME_SAMPLES, 0));
    let o = 0;
    for (const b of batches) {
      out.set(b.samples.subarray(0, b.frameCount * FRAME_SAMPLES), o);
      o += b.frameCount * FRAME_SAMPLES;
    }
    expect(out.subarray(0, 10_000)).toEqual(input);
    expect(out.subarray(10_000).every((s) => s === 0)).toBe(true);
    expect(batches.every((b) => b.dropped === 0)).toBe(true);
  });

  it('reports each batch’s peak, and an empty final batch when the pushes ended on a batch boundary', () => {
    const { framer, batches } = collect(1);
    const input = new Float32Array(FRAME_SAMPLES * 2);
    input[3] = -0.75;
    input[FRAME_SAMPLES + 9] = 0.25;
    framer.write(input);
    framer.flush();
    expect(batches.map((b) => [b.peak, b.frameCount, b.final])).toEqual([
      [0.75, 1, false],
      [0.25, 1, false],
      [0, 0, true],
    ]);
    framer.write(input);
    framer.flush();
    expect(batches).toHaveLength(3);
  });

  it('reuses the buffers it is given back, and grows the pool rather than drop audio', () => {
    const posted: Float32Array<ArrayBuffer>[] = [];
    const framer = new BatchFramer((b) => posted.push(b.samples));
    framer.write(new Float32Array(4 * 2048));
    expect(posted).toHaveLength(4);
    expect(new Set(posted).size).toBe(4);
    // Two come back: the next two batches use them; the third needs a new buffer.
    const recycled = new Set(posted.splice(0, 2));
    for (const buffer of recycled) framer.recycle(buffer);
    framer.write(new Float32Array(3 * 2048));
    expect(posted.slice(2).map((b) => recycled.has(b))).toEqual([true, true, false]);
    expect(framer.frames).toBe(28);
  });
});
