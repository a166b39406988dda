import { describe, expect, it } from 'vitest';
import { transcribeFile } from './file-job.ts';
import type { Segment } from './transcript.ts';
import type { TimeRange } from './windowing.ts';

const RATE = 16000;

function audio(parts: [seconds: number, loud: boolean][]): Float32Array {
  const out = new Float32Array(Math.round(parts.reduce((s, [t]) => s + t, 0) * RATE));
  let at = 0;
  for (const [t, loud] of parts) {
    const n = Math.round(t * RATE);
    if (loud) for (let i = 0; i < n; i++) out[at + i] = 0.3 * Math.sin((2 * Math.PI * 200 * i) / RATE);
    at += n;
  }
  return out;
}

async function* chunked(samples: Float32Array, sizes: number[]) {
  let at = 0;
  for (let i = 0; at < samples.length; i++) {
    const n = Math.round(sizes[i % sizes.length]! * RATE);
    yield { samples: samples.slice(at, at + n) };
    at += n;
  }
}

/** Stands in for Whisper: one "word" per second of speech, at absolute time k…k+1, cut off at the window's end. */
function wordModel(windows: TimeRange[], speech: (t: number) => boolean) {
  return async (_audio: Float32Array, w: TimeRange): Promise<Segment[]> => {
    windows.push(w);
    const out: Segment[] = [];
    for (let k = Math.ceil(w.start - 1e-6); k < w.end; k++) {
      if (!speech(k + 0.5)) continue;
      out.push({ start: k - w.start, end: Math.min(k + 1, w.end) - w.start, text: ` w${k}` });
    }
    return out;
  };
}

describe('transcribeFile', () => {
  it('transcribes each utterance once and skips the silence between them', async () => {
    const parts: [number, boolean][] = [[2, false], [3, true], [6, false], [2, true], [20, false], [4, true], [3, false], [5, true], [2, false]];
    const regions: TimeRange[] = [];
    let t = 0;
    for (const [d, loud] of parts) {
      if (loud) regions.push({ start: t, end: t + d });
      t += d;
    }
    const windows: TimeRange[] = [];
    const segments = await transcribeFile({
      chunks: chunked(audio(parts), [7, 3.3, 11]),
      transcribeWindow: async (a, w) => {
        windows.push(w);
        expect(a.length).toBe(Math.round(w.end * RATE) - Math.round(w.start * RATE));
        return regions
          .filter((r) => r.start >= w.start && r.end <= w.end)
          .map((r) => ({ start: r.start - w.start, end: r.end - w.start, text: ` said at ${r.start}` }));
      },
    });
    expect(segments.map((s) => s.text)).toEqual(regions.map((r) => ` said at ${r.start}`));
    for (const [i, s] of segments.entries()) {
      expect(s.start).toBeCloseTo(regions[i]!.start, 5);
      expect(s.end).toBeCloseTo(regions[i]!.end, 5);
    }
    for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
    // The 20 s silence is never sent to the model.
    expect(windows.some((w) => w.start < 15 && w.end > 33)).toBe(false);
  });

  it('cuts continuous speech at segment boundaries without dropping or repeating words', async () => {
    const samples = audio([[1, false], [70, true], [1, false]]);
    const windows: TimeRange[] = [];
    const segments = await transcribeFile({
      chunks: chunked(samples, [30]),
      transcribeWindow: wordModel(windows, (t) => t > 1 && t < 71),
    });
    expect(segments.map((s) => s.text.trim())).toEqual(Array.from({ length: 70 }, (_, i) => `w${i + 1}`));
    expect(windows.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBeGreaterThanOrEqual(segments[i - 1]!.end - 1e-6);
  });

  it('does not split an utterance that crosses a decode-chunk boundary', async () => {
    // Utterances at 0.5–8, 12–20 and 27–31.5 s, decoded in chunks of exactly 30 s: the first window would be
    // full, and the last utterance is still going on when the first chunk ends.
    const parts: [number, boolean][] = [[0.5, false], [7.5, true], [4, false], [8, true], [7, false], [4.5, true], [3.5, false]];
    const segments = await transcribeFile({
      chunks: chunked(audio(parts), [30]),
      transcribeWindow: async (a, w) =>
        [[0.5, 8], [12, 20], [27, 31.5]]
          .filter(([start]) => start! >= w.start - 1e-6 && start! < w.end)
          .map(([start, end]) => ({ start: start! - w.start, end: Math.min(end!, w.end) - w.start, text: ` from ${start}` })),
    });
    expect(segments.map((s) => [s.text, Math.round(s.start), Math.round(s.end * 2) / 2])).toEqual([
      [' from 0.5', 1, 8],
      [' from 12', 12, 20],
      [' from 27', 27, 31.5],
    ]);
  });

  it('never calls the model for a silent file, and reports the whole file done', async () => {
    let calls = 0;
    let done = 0;
    const segments = await transcribeFile({
      chunks: chunked(new Float32Array(45 * RATE), [30]),
      transcribeWindow: async () => (calls++, []),
      onProgress: (s) => (done = s),
    });
    expect([segments, calls, done]).toEqual([[], 0, 45]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const job = transcribeFile({
      chunks: chunked(audio([[1, false], [3, true], [2, false], [3, true], [1, false]]), [2]),
      transcribeWindow: async () => (controller.abort(), []),
      signal: controller.signal,
    });
    await expect(job).rejects.toThrow();
  });
});
