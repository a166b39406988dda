import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random.ts';
import { readWav } from '../../tools/wav.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { transcribeFile, type FileChunk, type SpeechWindow } from '../engine/file-job.ts';
import type { Segment } from '../engine/transcript.ts';
import { FrameScorer } from './frame-scorer.ts';
import { SileroVad, VAD_FRAME_SAMPLES } from './silero-vad.ts';
import { SpeechSegmenter } from './speech-segmenter.ts';

const SHARED = new URL('../../../shared/audio/', import.meta.url);
const LONG = 'long_en_ljspeech_LJ001-0001_to_0016.wav';
const RATE = 16000;

interface Utterance {
  start: number;
  end: number;
}

const loadVad = () =>
  SileroVad.create(ort as unknown as Parameters<typeof SileroVad.create>[0], readFileSync(createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx')), ['cpu']);

/** The decode worker's side, in Node: 30 s chunks, each scored by Silero through the file path's FrameScorer. */
async function* scoredChunks(samples: Float32Array, vad: SileroVad): AsyncGenerator<FileChunk> {
  const scorer = new FrameScorer(vad);
  for (let at = 0; at < samples.length; at += 30 * RATE) {
    const chunk = samples.slice(at, at + 30 * RATE);
    yield { samples: chunk, speech: { kind: 'scored', probabilities: await scorer.score(chunk) } };
  }
}

/** The file job's windows for `samples`; Whisper is played by `utterances`: the ones it overlaps, cut at its edges. */
async function plannedWindows(samples: Float32Array, utterances: Utterance[]): Promise<{ windows: SpeechWindow[]; segments: Segment[] }> {
  const windows: SpeechWindow[] = [];
  const segments = await transcribeFile({
    chunks: scoredChunks(samples, await loadVad()),
    transcribeWindow: async (_, w) => {
      windows.push(w);
      return utterances
        .filter((u) => u.start < w.end && u.end > w.start)
        .map((u) => ({ start: Math.max(u.start, w.start) - w.start, end: Math.min(u.end, w.end) - w.start, text: `${u.start}` }));
    },
  });
  return { windows, segments };
}

const scaledToPeak = (samples: Float32Array, dbfs: number): Float32Array => {
  const peak = samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return samples.map((x) => (x / peak) * 10 ** (dbfs / 20));
};

// Real human speech, where ../shared/audio exists: the same Silero model and segmenter the microphone path uses,
// run here through onnxruntime-node, against the recording's known utterance times.
describe.runIf(existsSync(new URL(LONG, SHARED)))('VAD segmentation of real speech', () => {
  const truth = (): Utterance[] => {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', SHARED), 'utf8')) as { file: string; utterances?: Utterance[] }[];
    return manifest.find((m) => m.file === LONG)!.utterances!;
  };

  it('finds every utterance of the LJ Speech recording and no speech in its pauses', async () => {
    const vad = await loadVad();
    const segmenter = new SpeechSegmenter();
    const { samples } = readWav(new URL(LONG, SHARED).pathname);
    const regions: Utterance[] = [];
    for (let at = 0; at + VAD_FRAME_SAMPLES <= samples.length; at += VAD_FRAME_SAMPLES) {
      for (const e of segmenter.process(await vad.process(samples.subarray(at, at + VAD_FRAME_SAMPLES)))) {
        if (e.type === 'speech-end') regions.push({ start: e.startSample / SAMPLE_RATE, end: e.endSample / SAMPLE_RATE });
      }
    }
    for (const e of segmenter.flush()) if (e.type === 'speech-end') regions.push({ start: e.startSample / SAMPLE_RATE, end: e.endSample / SAMPLE_RATE });

    // Every utterance is covered by detected speech (pauses under the 600 ms redemption time may join two).
    for (const u of truth()) {
      const covered = regions.filter((r) => r.start < u.end && r.end > u.start).reduce((s, r) => s + Math.min(r.end, u.end) - Math.max(r.start, u.start), 0);
      expect(covered / (u.end - u.start), `utterance ${u.start}–${u.end}`).toBeGreaterThan(0.95);
    }
    // Every detected region is speech: it overlaps an utterance, and its edges sit near utterance edges.
    for (const r of regions) {
      expect(truth().some((u) => r.start < u.end && r.end > u.start), `region ${r.start}–${r.end}`).toBe(true);
      expect(Math.min(...truth().map((u) => Math.abs(u.start - r.start))), `start ${r.start}`).toBeLessThan(0.5);
      expect(Math.min(...truth().map((u) => Math.abs(u.end - r.end))), `end ${r.end}`).toBeLessThan(0.8);
    }
    const longGaps = truth().slice(1).filter((u, i) => u.start - truth()[i]!.end > 1).length;
    expect(regions.length).toBeGreaterThanOrEqual(longGaps + 1);
    expect(regions.length).toBeLessThanOrEqual(truth().length);
  });

  // The file path: decoded in 30 s chunks, scored, segmented and packed into windows as the browser does it.
  it.each([
    ['as recorded', 0],
    ['at a peak of -40 dBFS', -40],
    ['at a peak of -50 dBFS', -50],
  ])('plans windows that hold every utterance whole, %s', async (_, dbfs) => {
    const { samples } = readWav(new URL(LONG, SHARED).pathname);
    const utterances = truth();
    const { windows, segments } = await plannedWindows(dbfs === 0 ? samples : scaledToPeak(samples, dbfs), utterances);
    for (const u of utterances) {
      expect(windows.some((w) => w.start <= u.start && w.end >= u.end), `utterance ${u.start}–${u.end}`).toBe(true);
    }
    // Each utterance transcribed once, whole, in order: windows cut inside speech resumed at the right place.
    expect(segments.map((s) => [s.text, s.end])).toEqual(utterances.map((u) => [`${u.start}`, u.end]));
  });

  it('hears no speech in a minute of hiss at -50 dBFS, although it is brought up for the model', async () => {
    const random = mulberry32(7);
    const hiss = Float32Array.from({ length: 60 * RATE }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 10 ** (-50 / 20));
    const { windows } = await plannedWindows(hiss, []);
    expect(windows).toEqual([]);
  });
});
