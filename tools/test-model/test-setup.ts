import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoProcessor, AutoTokenizer, WhisperForConditionalGeneration, env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { DEFAULT_GUARDS } from '../../src/shared/guard-options.ts';
import type { TranscribeOptions } from '../../src/engine/protocol.ts';
import { WhisperSession } from '../../workers/whisper-session.ts';
import { readWav } from '../wav.ts';
import { generateTestModel } from './generate.ts';
import type { GenerateOptions } from './spec.ts';

/** What the tests of the generator's features share: fixtures, generated models, and the three ways to run one. */
export const FIXTURES = resolve('.cache/fixtures');
export const SAMPLE_RATE = 16000;

export const audio = (name: string): Float32Array => readWav(join(FIXTURES, name)).samples;
export const sidecar = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

/** Makes the fixtures and generates `models` (name → options) under `dir`, which transformers.js then loads from. */
export async function prepare(dir: string, models: Record<string, GenerateOptions>): Promise<void> {
  await makeFixtures(FIXTURES);
  for (const [name, options] of Object.entries(models)) await generateTestModel(join(resolve(dir), name), options);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${resolve(dir)}/`;
}

/** transformers.js's own pipeline. */
export const asrPipeline = (name: string) => pipeline('automatic-speech-recognition', name, { dtype: 'fp32' }) as Promise<AutomaticSpeechRecognitionPipeline>;

/** The product's decoding loop (the worker's WhisperSession) on a model loaded from disk. */
export async function openSession(name: string): Promise<WhisperSession> {
  const [processor, tokenizer, model] = await Promise.all([
    AutoProcessor.from_pretrained(name),
    AutoTokenizer.from_pretrained(name),
    WhisperForConditionalGeneration.from_pretrained(name, { dtype: 'fp32' }) as Promise<WhisperForConditionalGeneration>,
  ]);
  const request = { source: { label: name }, device: 'wasm' as const, encoderDtype: 'fp32' as const, decoderDtype: 'fp32' as const, threads: 1 };
  return WhisperSession.create(model, processor, tokenizer, request, 0);
}

export const sessionOptions = (o: Partial<TranscribeOptions> = {}): TranscribeOptions => ({
  language: 'en',
  task: 'transcribe',
  timestamps: true,
  guards: DEFAULT_GUARDS,
  ...o,
});
