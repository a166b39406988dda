import { join, resolve } from 'node:path';
import { AutoProcessor, env, type Tensor } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { generateTestModel } from '../../tools/test-model/generate.ts';
import { readWav } from '../../tools/wav.ts';
import { logMelFeatures, type FeatureExtractor } from './log-mel.ts';

const MODELS = resolve('.cache/models-log-mel');
let extractor: FeatureExtractor;
let speech: Float32Array;

beforeAll(async () => {
  await makeFixtures('.cache/fixtures');
  await generateTestModel(join(MODELS, 'm'), { preset: 'test', multilingual: true });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  extractor = (await AutoProcessor.from_pretrained('m')).feature_extractor as unknown as FeatureExtractor;
  speech = readWav(resolve('.cache/fixtures/speech.wav')).samples;
}, 60_000);

const maxDifference = (a: Tensor, b: Tensor): number => {
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
};

describe('logMelFeatures', () => {
  it('equals the full 30 s computation for a short window, for a fraction of the work', async () => {
    for (const audio of [speech, speech.subarray(0, 16000 + 37), new Float32Array(8000)]) {
      const full = (await extractor(audio)).input_features;
      const fast = await logMelFeatures(extractor, audio);
      expect(fast.dims).toEqual([1, 80, 3000]);
      expect(maxDifference(fast, full)).toBeLessThan(1e-5);
    }
  });

  it('computes only the frames a 3 s utterance reaches, whatever the 30 s window pads it to', async () => {
    const frames: number[] = [];
    const counting = Object.assign(async (audio: Float32Array, options?: { max_length?: number }) => {
      const out = await extractor(audio, options);
      frames.push(out.input_features.dims[2]!);
      return out;
    }, { config: extractor.config }) as FeatureExtractor;
    const { hop_length } = extractor.config as FeatureExtractor['config'] & { hop_length: number };
    const threeSeconds = new Float32Array(16000 * 3);
    threeSeconds.set(speech.subarray(0, threeSeconds.length));
    await logMelFeatures(counting, threeSeconds);
    // One STFT window past the audio, against 3000 frames for the whole window.
    expect(frames).toEqual([Math.floor((threeSeconds.length + extractor.config.n_fft) / hop_length)]);
    expect(frames[0]).toBeLessThan(310);
  });

  it('computes a full window as before', async () => {
    const long = new Float32Array(16000 * 30);
    long.set(speech.subarray(0, 16000 * 2), 16000 * 28);
    expect(maxDifference(await logMelFeatures(extractor, long), (await extractor(long)).input_features)).toBe(0);
  });
});
