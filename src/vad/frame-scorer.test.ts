import { describe, expect, it } from 'vitest';
import { FrameScorer, type FrameModel } from './frame-scorer.ts';

const FRAME = 512;

/** Records what the model was given; scores each frame by its first sample so outputs can be told apart. */
function recorder(): FrameModel & { frames: Float32Array[] } {
  const frames: Float32Array[] = [];
  return {
    frames,
    async process(frame) {
      frames.push(frame.slice());
      return frame[0]!;
    },
  };
}

const ramp = (from: number, length: number, scale = 1e-5): Float32Array => Float32Array.from({ length }, (_, i) => 0.5 + (from + i) * scale);

describe('FrameScorer', () => {
  it('scores the frames of the whole stream, aligned to its first sample, wherever the chunks are cut', async () => {
    const model = recorder();
    const scorer = new FrameScorer(model);
    // 300 + 1000 + 240 + 700 samples: frames end inside the second (two), the third and the last chunk.
    const sizes = [300, 1000, 240, 700];
    const counts: number[] = [];
    let at = 0;
    for (const size of sizes) {
      counts.push((await scorer.score(ramp(at, size))).length);
      at += size;
    }
    expect(counts).toEqual([0, 2, 1, 1]);
    expect(model.frames).toHaveLength(4);
    // Loud enough to pass unscaled, so each frame is exactly the stream's samples k·512 … k·512+511.
    model.frames.forEach((frame, k) => expect(Array.from(frame)).toEqual(Array.from(ramp(k * FRAME, FRAME))));
  });

  it('returns one probability per completed frame, in order', async () => {
    const scorer = new FrameScorer({ process: async (frame) => frame[0]! });
    const probabilities = await scorer.score(ramp(0, 3 * FRAME + 10, 1e-4));
    expect(Array.from(probabilities)).toEqual([0, 1, 2].map((k) => Math.fround(0.5 + k * FRAME * 1e-4)));
  });

  it('brings quiet audio up towards -6 dBFS at most by 30 dB, and leaves loud audio as it is', async () => {
    const model = recorder();
    const scorer = new FrameScorer(model);
    const tone = (peak: number) => Float32Array.from({ length: FRAME }, (_, i) => peak * Math.sin(i / 3));
    const peakOf = (f: Float32Array) => f.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    await scorer.score(tone(0.05)); // -26 dBFS
    await scorer.score(tone(0.9)); // loud: heard as it is
    await scorer.score(tone(0.05)); // right after something loud: the gain rises only slowly
    const fresh = recorder();
    await new FrameScorer(fresh).score(tone(1e-4)); // -80 dBFS: at most 30 dB up
    const dbfs = [...model.frames, ...fresh.frames].map((f) => 20 * Math.log10(peakOf(f)));
    expect(dbfs[0]).toBeCloseTo(-6, 1);
    expect(dbfs[1]).toBeCloseTo(20 * Math.log10(peakOf(tone(0.9))), 5);
    expect(dbfs[2]).toBeLessThan(-20);
    expect(dbfs[3]).toBeCloseTo(-80 + 30, 1);
  });

  it('passes digital silence through as silence', async () => {
    const model = recorder();
    await new FrameScorer(model).score(new Float32Array(2 * FRAME));
    expect(model.frames.every((f) => f.every((x) => x === 0))).toBe(true);
  });
});
