import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AutoModel,
  AutoModelForAudioFrameClassification,
  AutoProcessor,
  PyAnnoteProcessor,
  env,
  type PreTrainedModel,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { cosineSimilarity } from '../../src/engine/speaker-clustering.ts';
import { SPEAKER_MODELS } from '../../src/models/speaker-models.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { readWav } from '../wav.ts';
import { generateSpeakerModels } from './generate.ts';
import { POWERSET_LABELS } from './segmentation.ts';
import type { VoiceName } from './spec.ts';

// The real transformers.js + onnxruntime-node code paths, loading the generated folders from disk by their hub ids.
const MODELS = resolve('.cache/models-speakers');
const FIXTURES = resolve('.cache/fixtures');
const SEGMENTATION = SPEAKER_MODELS.segmentation.id;
const EMBEDDING = SPEAKER_MODELS.embedding.id;

interface Turn {
  voice: VoiceName;
  startSeconds: number;
  endSeconds: number;
}
let dialogue: Float32Array;
let turns: Turn[];
const crop = (t: Turn) => dialogue.subarray(Math.round(t.startSeconds * SAMPLE_RATE), Math.round(t.endSeconds * SAMPLE_RATE));

type Session = { inputNames: string[]; outputNames: string[] };
const sessionOf = (model: PreTrainedModel) => (model.sessions as Record<string, Session>).model!;

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateSpeakerModels(MODELS);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  dialogue = readWav(join(FIXTURES, 'dialogue.wav')).samples;
  turns = JSON.parse(readFileSync(join(FIXTURES, 'dialogue.json'), 'utf8')).turns;
}, 120_000);

describe('the generated folders', () => {
  it('hold the files transformers.js fetches for both dtypes, under the hub ids', () => {
    for (const id of [SEGMENTATION, EMBEDDING]) {
      for (const file of ['config.json', 'preprocessor_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
        expect(existsSync(join(MODELS, id, file)), `${id}/${file}`).toBe(true);
      }
    }
  });

  it("load through the Auto classes the way onnx-community's exports do, with their input and output names", async () => {
    const segmentation = await AutoModelForAudioFrameClassification.from_pretrained(SEGMENTATION, { dtype: 'fp32' });
    expect(segmentation.constructor.name).toBe('PyAnnoteForAudioFrameClassification');
    expect(sessionOf(segmentation)).toMatchObject({ inputNames: ['input_values'], outputNames: ['logits'] });
    expect((await AutoProcessor.from_pretrained(SEGMENTATION)).constructor.name).toBe('PyAnnoteProcessor');

    const embedding = await AutoModel.from_pretrained(EMBEDDING, { dtype: 'q8' });
    expect(embedding.constructor.name).toBe('WeSpeakerResNetModel');
    expect(sessionOf(embedding)).toMatchObject({ inputNames: ['input_features'], outputNames: ['last_hidden_state'] });
    const extractor = (await AutoProcessor.from_pretrained(EMBEDDING)).feature_extractor;
    expect(extractor?.constructor.name).toBe('WeSpeakerFeatureExtractor');
  });
});

describe('synthetic pyannote segmentation', () => {
  let model: PreTrainedModel;
  let processor: PyAnnoteProcessor;
  beforeAll(async () => {
    model = await AutoModelForAudioFrameClassification.from_pretrained(SEGMENTATION, { dtype: 'fp32' });
    processor = (await PyAnnoteProcessor.from_pretrained(SEGMENTATION)) as PyAnnoteProcessor;
  });
  const classify = async (audio: Float32Array) => {
    const { logits } = (await model(await processor(audio))) as { logits: Tensor };
    return { logits, runs: processor.post_process_speaker_diarization(logits, audio.length)[0]! };
  };

  it('gives 589 frames of 7 powerset log-probabilities for 10 s, as pyannote 3.0 does', async () => {
    const { logits } = await classify(dialogue.slice(0, 10 * SAMPLE_RATE));
    expect(logits.dims).toEqual([1, 589, POWERSET_LABELS.length]);
    const frame = Array.from((logits.data as Float32Array).subarray(0, POWERSET_LABELS.length));
    expect(frame.reduce((sum, l) => sum + Math.exp(l), 0)).toBeCloseTo(1, 4);
  });

  it('marks each turn of the dialogue as one local speaker, by voice, within 0.3 s, and silence as nobody', async () => {
    // One stretch per pair of turns, each cut in the silence before the next, as the app's windows are.
    for (const [first, second] of [[0, 1], [2, 3], [4, 4]] as const) {
      const from = first === 0 ? 0 : (turns[first - 1]!.endSeconds + turns[first]!.startSeconds) / 2;
      const to = second === turns.length - 1 ? dialogue.length / SAMPLE_RATE : (turns[second]!.endSeconds + turns[second + 1]!.startSeconds) / 2;
      const { runs } = await classify(dialogue.slice(Math.round(from * SAMPLE_RATE), Math.round(to * SAMPLE_RATE)));
      const speech = joined(runs).map((r) => ({ ...r, start: r.start + from, end: r.end + from }));
      const expected = turns.slice(first, second + 1);
      expect(speech.map((r) => POWERSET_LABELS[r.id]), `turns ${first}–${second}`).toEqual(expected.map((t) => (t.voice === 'low' ? 'SPEAKER_00' : 'SPEAKER_01')));
      speech.forEach((r, i) => {
        expect(Math.abs(r.start - expected[i]!.startSeconds)).toBeLessThan(0.3);
        expect(Math.abs(r.end - expected[i]!.endSeconds)).toBeLessThan(0.3);
      });
    }
  });

  /**
   * Speech runs with the flicker of frames at syllable edges smoothed over, as the app does (local-voices.ts): gaps
   * under 0.2 s inside a turn closed, runs under 0.1 s (a burst at the end of a word) dropped.
   */
  const joined = (runs: { id: number; start: number; end: number }[]) => {
    const out: { id: number; start: number; end: number }[] = [];
    for (const run of runs.filter((r) => r.id !== 0)) {
      const last = out.at(-1);
      if (last && last.id === run.id && run.start - last.end < 0.2) last.end = run.end;
      else out.push({ ...run });
    }
    return out.filter((r) => r.end - r.start >= 0.1);
  };

  it('hears nobody in silence', async () => {
    const { runs } = await classify(new Float32Array(3 * SAMPLE_RATE));
    expect(runs.map((r) => r.id)).toEqual([0]);
  });
});

describe('synthetic WeSpeaker embeddings', () => {
  const embed = async (model: PreTrainedModel, processor: Processor, audio: Float32Array) => {
    const { last_hidden_state } = (await model(await processor(audio))) as { last_hidden_state: Tensor };
    expect(last_hidden_state.dims).toEqual([1, 256]);
    return last_hidden_state.data as Float32Array;
  };

  it("put one voice's turns together and the other voice's far away, with fp32 and q8 weights alike", async () => {
    const processor = await AutoProcessor.from_pretrained(EMBEDDING);
    for (const dtype of ['fp32', 'q8'] as const) {
      const model = await AutoModel.from_pretrained(EMBEDDING, { dtype });
      const embeddings = await Promise.all(turns.map((t) => embed(model, processor, crop(t))));
      turns.forEach((a, i) =>
        turns.forEach((b, j) => {
          const similarity = cosineSimilarity(embeddings[i]!, embeddings[j]!);
          if (a.voice === b.voice) expect(similarity, `${dtype}: turns ${i} and ${j}`).toBeGreaterThan(0.9);
          else expect(similarity, `${dtype}: turns ${i} and ${j}`).toBeLessThan(0);
        }),
      );
    }
  });

  it('also tell the voices apart from the first 1.5 s of a turn', async () => {
    const processor = await AutoProcessor.from_pretrained(EMBEDDING);
    const model = await AutoModel.from_pretrained(EMBEDDING, { dtype: 'q8' });
    const starts = await Promise.all(turns.map((t) => embed(model, processor, crop(t).slice(0, 1.5 * SAMPLE_RATE))));
    expect(cosineSimilarity(starts[0]!, starts[2]!)).toBeGreaterThan(0.8);
    expect(cosineSimilarity(starts[1]!, starts[3]!)).toBeGreaterThan(0.8);
    expect(cosineSimilarity(starts[0]!, starts[1]!)).toBeLessThan(0.2);
  });
});
