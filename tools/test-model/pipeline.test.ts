import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline, env, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { readWav } from '../wav.ts';
import { generateTestModel } from './generate.ts';
import { PHRASES, passageText } from './spec.ts';
import type { WeightFormat } from './layers.ts';

// The real transformers.js + onnxruntime-node code paths, loading the generated folders from disk.
const MODELS = resolve('.cache/models-unit');
const FIXTURES = resolve('.cache/fixtures');
const FORMATS: WeightFormat[] = ['fp32', 'fp16', 'q8', 'q4'];

interface Utterance {
  startSeconds: number;
  endSeconds: number;
}
type Chunk = { timestamp: [number, number | null]; text: string };
type Output = { text: string; chunks?: Chunk[] };

let speech: Float32Array;
let speechBounds: { speechStartSeconds: number; speechEndSeconds: number };
let pauses: Float32Array;
let pauseUtterances: Utterance[];
const load = (name: string, dtype: WeightFormat = 'fp32') =>
  pipeline('automatic-speech-recognition', name, { dtype }) as Promise<AutomaticSpeechRecognitionPipeline>;
const run = async (asr: AutomaticSpeechRecognitionPipeline, audio: Float32Array, options: Record<string, unknown> = {}) =>
  (await asr(audio, options)) as Output;

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateTestModel(join(MODELS, 'multilingual'), { preset: 'test', multilingual: true, dtypes: FORMATS, language: 'es' });
  await generateTestModel(join(MODELS, 'english'), { preset: 'test', multilingual: false });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  speech = readWav(join(FIXTURES, 'speech.wav')).samples;
  speechBounds = JSON.parse(readFileSync(join(FIXTURES, 'speech.json'), 'utf8'));
  pauses = readWav(join(FIXTURES, 'pauses.wav')).samples;
  pauseUtterances = JSON.parse(readFileSync(join(FIXTURES, 'pauses.json'), 'utf8')).utterances;
}, 120_000);

describe('synthetic Whisper through transformers.js (Node, onnxruntime-node)', () => {
  it('says the phrase for speech and nothing for silence, with every weight format', async () => {
    for (const dtype of FORMATS) {
      const asr = await load('multilingual', dtype);
      expect((await run(asr, speech, { language: 'en' })).text, dtype).toBe(PHRASES.transcribe);
      expect((await run(asr, new Float32Array(SAMPLE_RATE * 3), { language: 'en' })).text, dtype).toBe('');
      await asr.dispose();
    }
  });

  it('puts the timestamps where the speech is', async () => {
    const asr = await load('multilingual');
    const out = await run(asr, speech, { language: 'en', return_timestamps: true });
    expect(out.chunks).toHaveLength(1);
    const [start, end] = out.chunks![0]!.timestamp;
    expect(out.chunks![0]!.text).toBe(PHRASES.transcribe);
    expect(Math.abs(start - speechBounds.speechStartSeconds)).toBeLessThan(0.1);
    expect(Math.abs(end! - speechBounds.speechEndSeconds)).toBeLessThan(0.1);
  });

  it('keeps the edge of the window apart from speech that starts just after it', async () => {
    const asr = await load('multilingual');
    const cut = 0.35;
    const out = await run(asr, speech.subarray(Math.round(cut * SAMPLE_RATE)), { language: 'en', return_timestamps: true });
    expect(Math.abs(out.chunks![0]!.timestamp[0] - (speechBounds.speechStartSeconds - cut))).toBeLessThan(0.1);
  });

  it('gives one timestamped sentence of the passage per utterance in a window with pauses', async () => {
    const asr = await load('multilingual');
    const window = pauses.subarray(0, 25 * SAMPLE_RATE);
    const inWindow = pauseUtterances.filter((u) => u.endSeconds < 25);
    const out = await run(asr, window, { language: 'en', return_timestamps: true });
    expect(out.chunks!.map((c) => c.text)).toEqual(inWindow.map((_, k) => passageText(k)));
    out.chunks!.forEach((c, i) => {
      expect(Math.abs(c.timestamp[0] - inWindow[i]!.startSeconds)).toBeLessThan(0.1);
      expect(Math.abs(c.timestamp[1]! - inWindow[i]!.endSeconds)).toBeLessThan(0.1);
    });
    const plain = await run(asr, window, { language: 'en' });
    expect(plain.text).toBe(inWindow.map((_, k) => passageText(k)).join(''));
  });

  it('passes the task through: translate says the other phrase', async () => {
    const asr = await load('multilingual');
    expect((await run(asr, speech, { language: 'de', task: 'translate' })).text).toBe(PHRASES.translate);
  });

  it('favours the configured language when asked to detect one', async () => {
    const { AutoProcessor, WhisperForConditionalGeneration, Tensor } = await import('@huggingface/transformers');
    const processor = await AutoProcessor.from_pretrained('multilingual');
    const model = await WhisperForConditionalGeneration.from_pretrained('multilingual', { dtype: 'fp32' });
    const { input_features } = await processor(speech);
    const sot = new Tensor('int64', BigInt64Array.of(50258n), [1, 1]);
    const { logits } = (await model({ input_features, decoder_input_ids: sot })) as { logits: { data: Float32Array } };
    const languageIds = Array.from({ length: 99 }, (_, i) => 50259 + i);
    const best = languageIds.reduce((a, b) => (logits.data[b]! > logits.data[a]! ? b : a));
    expect(best).toBe(50262); // <|es|>
  });

  it('loads the English-only layout and transcribes without language or task', async () => {
    const asr = await load('english');
    expect((await run(asr, speech)).text).toBe(PHRASES.transcribe);
    const out = await run(asr, speech, { return_timestamps: true });
    expect(Math.abs(out.chunks![0]!.timestamp[0] - speechBounds.speechStartSeconds)).toBeLessThan(0.1);
    expect((await run(asr, new Float32Array(SAMPLE_RATE * 2))).text).toBe('');
  });
});
