import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readWav } from '../../tools/wav.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { SileroVad, VAD_FRAME_SAMPLES } from './silero-vad.ts';
import { SpeechSegmenter } from './speech-segmenter.ts';

const SHARED = new URL('../../../shared/audio/', import.meta.url);
const LONG = 'long_en_ljspeech_LJ001-0001_to_0016.wav';

interface Utterance {
  start: number;
  end: number;
}

// Real human speech, where ../shared/audio exists: the same Silero model and segmenter the microphone path uses,
// run here through onnxruntime-node, against the recording's known utterance times.
describe.runIf(existsSync(new URL(LONG, SHARED)))('VAD segmentation of real speech', () => {
  it('finds every utterance of the LJ Speech recording and no speech in its pauses', async () => {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', SHARED), 'utf8')) as { file: string; utterances?: Utterance[] }[];
    const truth = manifest.find((m) => m.file === LONG)!.utterances!;
    const modelPath = createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
    const vad = await SileroVad.create(ort as unknown as Parameters<typeof SileroVad.create>[0], readFileSync(modelPath), ['cpu']);
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
    for (const u of truth) {
      const covered = regions.filter((r) => r.start < u.end && r.end > u.start).reduce((s, r) => s + Math.min(r.end, u.end) - Math.max(r.start, u.start), 0);
      expect(covered / (u.end - u.start), `utterance ${u.start}–${u.end}`).toBeGreaterThan(0.95);
    }
    // Every detected region is speech: it overlaps an utterance, and its edges sit near utterance edges.
    for (const r of regions) {
      expect(truth.some((u) => r.start < u.end && r.end > u.start), `region ${r.start}–${r.end}`).toBe(true);
      expect(Math.min(...truth.map((u) => Math.abs(u.start - r.start))), `start ${r.start}`).toBeLessThan(0.5);
      expect(Math.min(...truth.map((u) => Math.abs(u.end - r.end))), `end ${r.end}`).toBeLessThan(0.8);
    }
    const longGaps = truth.slice(1).filter((u, i) => u.start - truth[i]!.end > 1).length;
    expect(regions.length).toBeGreaterThanOrEqual(longGaps + 1);
    expect(regions.length).toBeLessThanOrEqual(truth.length);
  });
});
