import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PyAnnoteForAudioFrameClassification, PyAnnoteProcessor, WeSpeakerFeatureExtractor, WeSpeakerResNetModel, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { SpeakerClusters } from '../../src/engine/speaker-clustering.ts';
import { speakerOf, speakerTurns } from '../../src/engine/speaker-labels.ts';
import { SPEAKER_MODELS } from '../../src/models/speaker-models.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { generateSpeakerModels } from '../../tools/speaker-models/generate.ts';
import { readWav } from '../../tools/wav.ts';
import { DiarizeSession } from './diarize-session.ts';

// The worker's analysis on the synthetic speaker models, in Node (transformers.js + onnxruntime-node).
const MODELS = resolve('.cache/models-diarize');
const FIXTURES = resolve('.cache/fixtures');

interface Turn {
  voice: 'low' | 'high';
  startSeconds: number;
  endSeconds: number;
}
let dialogue: Float32Array;
let turns: Turn[];
let session: DiarizeSession;

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateSpeakerModels(MODELS);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  dialogue = readWav(join(FIXTURES, 'dialogue.wav')).samples;
  turns = JSON.parse(readFileSync(join(FIXTURES, 'dialogue.json'), 'utf8')).turns;
  const { segmentation, embedding } = SPEAKER_MODELS;
  session = new DiarizeSession({
    segmentation: await PyAnnoteForAudioFrameClassification.from_pretrained(segmentation.id, { dtype: segmentation.dtype }),
    segmentationProcessor: (await PyAnnoteProcessor.from_pretrained(segmentation.id)) as PyAnnoteProcessor,
    embedding: await WeSpeakerResNetModel.from_pretrained(embedding.id, { dtype: embedding.dtype }),
    embeddingExtractor: (await WeSpeakerFeatureExtractor.from_pretrained(embedding.id)) as WeSpeakerFeatureExtractor,
  });
}, 120_000);

describe('DiarizeSession: the speaker worker analysis', () => {
  it("finds the dialogue's voices in 10 s stretches, each with an embedding of its solo speech", async () => {
    const voices = await session.analyse(dialogue.slice());
    // Two stretches of about 10 s: the first holds turns 1–3 (the third cut by the stretch's end), the second 3–5.
    expect(voices.length).toBeGreaterThanOrEqual(4);
    for (const voice of voices) {
      expect(voice.embedding).toHaveLength(256);
      expect(voice.soloSeconds).toBeGreaterThan(0.3);
    }
    const firsts = voices.map((v) => v.turns[0]!.start);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('labels every turn of the dialogue with its voice, within 0.3 s, once the voices are clustered', async () => {
    const clusters = new SpeakerClusters();
    const labelled = speakerTurns(await session.analyse(dialogue.slice()), clusters);
    expect(clusters.labels).toEqual(['SPEAKER_1', 'SPEAKER_2']);
    const expected = { low: 'SPEAKER_1', high: 'SPEAKER_2' };
    for (const turn of turns) {
      expect(speakerOf({ start: turn.startSeconds, end: turn.endSeconds }, labelled), `turn at ${turn.startSeconds}`).toBe(expected[turn.voice]);
      const covering = labelled.filter((t) => t.end > turn.startSeconds && t.start < turn.endSeconds);
      expect(Math.abs(Math.min(...covering.map((t) => t.start)) - turn.startSeconds)).toBeLessThan(0.3);
      expect(Math.abs(Math.max(...covering.map((t) => t.end)) - turn.endSeconds)).toBeLessThan(0.3);
    }
  });

  it('hears no one in silence, and skips audio too short to classify', async () => {
    expect(await session.analyse(new Float32Array(5 * SAMPLE_RATE))).toEqual([]);
    expect(await session.analyse(dialogue.slice(SAMPLE_RATE, SAMPLE_RATE + 0.2 * SAMPLE_RATE))).toEqual([]);
  });
});
