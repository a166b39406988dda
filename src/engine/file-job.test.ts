import { describe, expect, it } from 'vitest';
import type { ChunkSpeech } from '../vad/frame-scorer.ts';
import { decodeStartFor, transcribeFile, type FileChunk, type SpeechWindow } from './file-job.ts';
import type { Segment } from './transcript.ts';
import type { TimeRange } from '../shared/time-range.ts';

const RATE = 16000;
const FRAME = 512;
/** Silero on speech, and on anything else (room tone, music, noise). */
const SPEECH = 0.9;
const QUIET = 0.05;

type Parts = [seconds: number, loud: boolean][];

function audio(parts: Parts): Float32Array {
  const out = new Float32Array(Math.round(parts.reduce((s, [t]) => s + t, 0) * RATE));
  let at = 0;
  for (const [t, loud] of parts) {
    const n = Math.round(t * RATE);
    if (loud) for (let i = 0; i < n; i++) out[at + i] = 0.3 * Math.sin((2 * Math.PI * 200 * i) / RATE);
    at += n;
  }
  return out;
}

/** Where the loud parts are, in seconds. */
function loudRegions(parts: Parts): TimeRange[] {
  const regions: TimeRange[] = [];
  let t = 0;
  for (const [d, loud] of parts) {
    if (loud) regions.push({ start: t, end: t + d });
    t += d;
  }
  return regions;
}

/** Stands in for Silero: speech wherever the frame is not digital silence. */
const byLoudness = (frame: Float32Array): number => (frame.some((x) => x !== 0) ? SPEECH : QUIET);

interface ChunkOptions {
  /** Silero's score of a frame, given its samples and start time; 'unavailable' from `failAt` seconds on. */
  score?: (frame: Float32Array, startSeconds: number) => number;
  /** Speech detection is unavailable from the chunk that starts at or after this time (0: it never loaded). */
  failAt?: number;
}

/**
 * Chunks as the decode worker hands them over: `sizes` seconds each (cycled), with a score for every 512-sample
 * frame of the file that ends inside the chunk, so frames straddle chunk boundaries as they do there.
 */
async function* chunked(samples: Float32Array, sizes: number[], opts: ChunkOptions = {}): AsyncGenerator<FileChunk> {
  const score = opts.score ?? byLoudness;
  let at = 0;
  for (let i = 0; at < samples.length; i++) {
    const end = Math.min(samples.length, at + Math.round(sizes[i % sizes.length]! * RATE));
    let speech: ChunkSpeech;
    if (opts.failAt !== undefined && at >= opts.failAt * RATE) {
      speech = { kind: 'unavailable', loaded: opts.failAt > 0, reason: opts.failAt > 0 ? 'the model failed.' : 'HTTP 404.' };
    } else {
      const first = Math.floor(at / FRAME);
      const probabilities = new Float32Array(Math.floor(end / FRAME) - first);
      probabilities.forEach((_, k) => (probabilities[k] = score(samples.subarray((first + k) * FRAME, (first + k + 1) * FRAME), ((first + k) * FRAME) / RATE)));
      speech = { kind: 'scored', probabilities };
    }
    yield { samples: samples.slice(at, end), speech };
    at = end;
  }
}

/** Stands in for Whisper: one "word" per second of speech, at absolute time k…k+1, cut off at the window's end. */
function wordModel(windows: SpeechWindow[], speech: (t: number) => boolean) {
  return async (_audio: Float32Array, w: SpeechWindow): Promise<Segment[]> => {
    windows.push(w);
    const out: Segment[] = [];
    for (let k = Math.ceil(w.start - 1e-6); k < w.end; k++) {
      if (!speech(k + 0.5)) continue;
      out.push({ start: k - w.start, end: Math.min(k + 1, w.end) - w.start, text: ` w${k}` });
    }
    return out;
  };
}

/** Stands in for Whisper: one segment per utterance that starts inside the window. */
function utteranceModel(utterances: TimeRange[], windows: SpeechWindow[] = []) {
  return async (a: Float32Array, w: SpeechWindow): Promise<Segment[]> => {
    windows.push(w);
    expect(a.length).toBe(Math.round(w.end * RATE) - Math.round(w.start * RATE));
    return utterances
      .filter((u) => u.start >= w.start - 1e-6 && u.start < w.end)
      .map((u) => ({ start: u.start - w.start, end: Math.min(u.end, w.end) - w.start, text: ` said at ${u.start}` }));
  };
}

// Every rule of the job holds whichever way speech is found: by Silero's scores, or by loudness when they are missing.
describe.each([
  ['by Silero', {}],
  ['by loudness', { failAt: 0 }],
] as const)('transcribeFile, speech found %s', (_, detection: ChunkOptions) => {
  it('transcribes each utterance once and skips the silence between them', async () => {
    const parts: Parts = [[2, false], [3, true], [6, false], [2, true], [20, false], [4, true], [3, false], [5, true], [2, false]];
    const regions = loudRegions(parts);
    const windows: SpeechWindow[] = [];
    const segments = await transcribeFile({ chunks: chunked(audio(parts), [7, 3.3, 11], detection), transcribeWindow: utteranceModel(regions, windows) });
    expect(segments.map((s) => s.text)).toEqual(regions.map((r) => ` said at ${r.start}`));
    for (const [i, s] of segments.entries()) {
      expect(s.start).toBeCloseTo(regions[i]!.start, 5);
      expect(s.end).toBeCloseTo(regions[i]!.end, 5);
    }
    for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
    // Windows start on Whisper's 20 ms timestamp grid, so segment times land on it too.
    for (const w of windows) expect(Math.abs(w.start / 0.02 - Math.round(w.start / 0.02))).toBeLessThan(1e-6);
    // The 20 s silence is never sent to the model.
    expect(windows.some((w) => w.start < 15 && w.end > 33)).toBe(false);
  });

  it('cuts continuous speech at segment boundaries without dropping or repeating words', async () => {
    const samples = audio([[1, false], [70, true], [1, false]]);
    const windows: SpeechWindow[] = [];
    const segments = await transcribeFile({
      chunks: chunked(samples, [30], detection),
      transcribeWindow: wordModel(windows, (t) => t > 1 && t < 71),
    });
    expect(segments.map((s) => s.text.trim())).toEqual(Array.from({ length: 70 }, (_, i) => `w${i + 1}`));
    expect(windows.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBeGreaterThanOrEqual(segments[i - 1]!.end - 1e-6);
    // A window cut inside speech is speech to its edges.
    for (const w of windows.slice(0, -1)) expect(w.speech.at(-1)?.end).toBe(w.end);
  });

  it('does not split an utterance that crosses a decode-chunk boundary', async () => {
    // Utterances at 0.5–8, 12–20 and 27–31.5 s, decoded in chunks of exactly 30 s: the first window would be
    // full, and the last utterance is still going on when the first chunk ends.
    const parts: Parts = [[0.5, false], [7.5, true], [4, false], [8, true], [7, false], [4.5, true], [3.5, false]];
    const segments = await transcribeFile({ chunks: chunked(audio(parts), [30], detection), transcribeWindow: utteranceModel(loudRegions(parts)) });
    expect(segments.map((s) => [s.text, Math.round(s.start * 2) / 2, Math.round(s.end * 2) / 2])).toEqual([
      [' said at 0.5', 0.5, 8],
      [' said at 12', 12, 20],
      [' said at 27', 27, 31.5],
    ]);
  });

  it('never calls the model for a silent file, and reports the whole file done', async () => {
    let calls = 0;
    let done = 0;
    const segments = await transcribeFile({
      chunks: chunked(new Float32Array(45 * RATE), [30], detection),
      transcribeWindow: async () => (calls++, []),
      onProgress: (s) => (done = s),
    });
    expect([segments, calls, done]).toEqual([[], 0, 45]);
  });

  it('gives the model the speech inside each window, in absolute seconds, clipped to the window', async () => {
    const parts: Parts = [[1, false], [2, true], [1.5, false], [3, true], [40, false], [2, true], [1, false]];
    const loud = loudRegions(parts);
    const windows: SpeechWindow[] = [];
    await transcribeFile({ chunks: chunked(audio(parts), [10], detection), transcribeWindow: utteranceModel(loud, windows) });
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      for (const r of w.speech) expect([r.start >= w.start, r.end <= w.end, r.end > r.start]).toEqual([true, true, true]);
      // Each loud stretch in the window is speech (with a little margin each side).
      for (const l of loud.filter((l) => l.start < w.end && l.end > w.start)) {
        expect(w.speech.some((r) => r.start <= l.start && r.end >= l.end - 0.05)).toBe(true);
      }
    }
    // Nothing in the 40 s of silence is speech.
    expect(windows.flatMap((w) => w.speech).some((r) => r.start > 8 && r.end < 47)).toBe(false);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const job = transcribeFile({
      chunks: chunked(audio([[1, false], [3, true], [2, false], [3, true], [1, false]]), [2], detection),
      transcribeWindow: async () => (controller.abort(), []),
      signal: controller.signal,
    });
    await expect(job).rejects.toThrow();
  });
});

describe('transcribeFile with Silero', () => {
  it('sends loud non-speech to nobody: only what Silero calls speech reaches the model', async () => {
    // Loud all the way through (music, say), with speech at 20–24 s and 50–53 s.
    const samples = audio([[60, true]]);
    const speech = [{ start: 20, end: 24 }, { start: 50, end: 53 }];
    const windows: SpeechWindow[] = [];
    const segments = await transcribeFile({
      chunks: chunked(samples, [30], { score: (_, t) => (speech.some((s) => t >= s.start && t < s.end) ? SPEECH : QUIET) }),
      transcribeWindow: utteranceModel(speech, windows),
    });
    expect(segments.map((s) => s.text)).toEqual([' said at 20', ' said at 50']);
    expect(windows).toHaveLength(2);
    // The windows hold the speech and its padding, not the minute of music.
    expect(windows.reduce((s, w) => s + w.end - w.start, 0)).toBeLessThan(7 + 2 * 1.5);
  });

  it('waits for speech that straddles chunk boundaries, frames split between chunks', async () => {
    // Chunk sizes that are no multiple of a frame: 3.3 s is 103.125 frames; speech crosses three boundaries.
    const parts: Parts = [[0.7, false], [8, true], [2, false]];
    const windows: SpeechWindow[] = [];
    const segments = await transcribeFile({ chunks: chunked(audio(parts), [3.3], {}), transcribeWindow: utteranceModel(loudRegions(parts), windows) });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.start).toBeLessThanOrEqual(0.7 - 0.3);
    expect(windows[0]!.end).toBeGreaterThanOrEqual(8.7 + 0.15);
    expect(segments.map((s) => s.text)).toEqual([' said at 0.7']);
  });

  it('brings a window of quiet speech up for the model, and leaves loud speech as it is', async () => {
    const peaks: number[] = [];
    const parts: Parts = [[1, false], [3, true], [1, false]];
    for (const scale of [0.01 / 0.3, 0.9 / 0.3]) {
      await transcribeFile({
        chunks: chunked(audio(parts).map((x) => x * scale), [2]),
        transcribeWindow: async (a) => (peaks.push(20 * Math.log10(a.reduce((m, x) => Math.max(m, Math.abs(x)), 0))), []),
      });
    }
    expect(peaks[0]).toBeCloseTo(-6, 2);
    expect(peaks[1]).toBeCloseTo(20 * Math.log10(0.9), 2);
  });

  it('keeps only about a window of audio in memory over an hour of speech and pauses', async () => {
    // An hour: 10 s of speech, 5 s of quiet, over and over, and ten minutes of unbroken speech in the middle.
    const speechAt = (t: number) => (t >= 1800 && t < 2400) || t % 15 < 10;
    let done = 0;
    let held = 0;
    async function* hour(): AsyncGenerator<FileChunk> {
      for (let start = 0; start < 3600; start += 30) {
        const first = Math.floor((start * RATE) / FRAME);
        const probabilities = new Float32Array(Math.floor(((start + 30) * RATE) / FRAME) - first);
        probabilities.forEach((_, k) => (probabilities[k] = speechAt(((first + k) * FRAME) / RATE) ? SPEECH : QUIET));
        // What the job holds once this chunk is in: everything from where it has got to.
        held = Math.max(held, start + 30 - done);
        yield { samples: new Float32Array(30 * RATE), speech: { kind: 'scored', probabilities } };
      }
    }
    const segments = await transcribeFile({ chunks: hour(), transcribeWindow: wordModel([], speechAt), onProgress: (s) => (done = s) });
    // At most a window waiting for its speech to end (30 s) and the chunk that arrived after it (30 s).
    expect(held).toBeLessThanOrEqual(60 + 0.5);
    // Every second of speech was transcribed once, in order.
    const words = segments.map((s) => Number(s.text.trim().slice(1)));
    const expected = Array.from({ length: 3600 }, (_, k) => k).filter((k) => speechAt(k + 0.5));
    expect(words).toEqual(expected);
  });

  it('falls back to loudness when Silero cannot load, and says why', async () => {
    const notes: string[] = [];
    const parts: Parts = [[1, false], [3, true], [1, false]];
    const segments = await transcribeFile({
      chunks: chunked(audio(parts), [2], { failAt: 0 }),
      transcribeWindow: utteranceModel(loudRegions(parts)),
      onNote: (note) => notes.push(note),
    });
    expect(segments.map((s) => s.text)).toEqual([' said at 1']);
    expect(notes).toEqual(['Speech detection could not load (HTTP 404); silence was found by loudness, so noise may be transcribed.']);
  });

  it('goes on by loudness from where Silero failed mid-file, and says where', async () => {
    const notes: string[] = [];
    // Speech at 2–5, 11–16 (across the failure at 12 s) and 30–33 s.
    const parts: Parts = [[2, false], [3, true], [6, false], [5, true], [14, false], [3, true], [1, false]];
    const segments = await transcribeFile({
      chunks: chunked(audio(parts), [4], { failAt: 12 }),
      transcribeWindow: utteranceModel(loudRegions(parts)),
      onNote: (note) => notes.push(note),
    });
    expect(segments.map((s) => s.text)).toEqual([' said at 2', ' said at 11', ' said at 30']);
    expect(notes).toEqual(['Speech detection stopped at 00:00:12 (the model failed); after that, silence was found by loudness, so noise may be transcribed.']);
  });
});

describe('transcribeFile resumed part-way in', () => {
  /**
   * One run of `samples`, from the start or resumed at `startSeconds`, fed as the decode worker does: chunks end on a
   * grid of `chunkSeconds` from the file's start, whichever sample decoding starts at.
   */
  async function run(samples: Float32Array, startSeconds: number, chunkSeconds: number, detection: ChunkOptions) {
    const windows: SpeechWindow[] = [];
    const resumes: number[] = [];
    const from = Math.round(decodeStartFor(startSeconds) * RATE);
    const firstChunk = chunkSeconds - ((from / RATE) % chunkSeconds);
    const segments = await transcribeFile({
      chunks: chunked(samples.subarray(from), [firstChunk, ...Array<number>(1000).fill(chunkSeconds)], detection),
      transcribeWindow: wordModel(windows, (t) => samples[Math.floor(t * RATE)] !== 0),
      onWindowDone: (_, next) => resumes.push(next),
      startSeconds,
    });
    return { windows, resumes, segments };
  }

  it('starts decoding a second before, on the 32 ms frame grid, and never before the file', () => {
    expect(decodeStartFor(12.5)).toBeCloseTo((Math.floor((11.5 * RATE) / FRAME) * FRAME) / RATE, 9);
    expect(((decodeStartFor(12.5) * RATE) / FRAME) % 1).toBe(0);
    expect(decodeStartFor(0.4)).toBe(0);
  });

  // Speech with pauses, 40 s without one (windows cut inside speech), more pauses, and speech running to the end.
  const parts: Parts = [[1.3, false], [3, true], [2.5, false], [4.2, true], [3.1, false], [40, true], [2.2, false], [5, true], [6, false], [2, true], [1, false], [3, true]];
  it.each([
    ['by Silero', {}, 30],
    ['by Silero', {}, 7],
    ['by loudness', { failAt: 0 }, 30],
    ['by loudness', { failAt: 0 }, 7],
  ] as const)('from any window it finished, gives the rest of the full run: the same windows and segments (speech found %s, %s s chunks)', async (_, detection: ChunkOptions, chunkSeconds) => {
    const samples = audio(parts);
    const full = await run(samples, 0, chunkSeconds, detection);
    expect(full.windows.length).toBeGreaterThanOrEqual(4);
    for (const [i, at] of full.resumes.slice(0, -1).entries()) {
      const resumed = await run(samples, at, chunkSeconds, detection);
      expect(resumed.windows, `resumed at ${at}`).toEqual(full.windows.slice(i + 1));
      // Nothing kept before the point is transcribed again, nothing after it is lost.
      expect([...full.segments.filter((s) => s.start < at - 1e-9), ...resumed.segments], `resumed at ${at}`).toEqual(full.segments);
    }
  });

  it('at the end of the file, transcribes nothing and reports the file done', async () => {
    let done = 0;
    const segments = await transcribeFile({ chunks: chunked(new Float32Array(0), [30]), transcribeWindow: async () => [], onProgress: (s) => (done = s), startSeconds: 4 });
    expect([segments, done]).toEqual([[], 4]);
  });
});
