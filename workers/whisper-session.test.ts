import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoProcessor, AutoTokenizer, WhisperForConditionalGeneration, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../scripts/make-fixtures.ts';
import { DEFAULT_GUARDS } from '../src/shared/guard-options.ts';
import { generateTestModel } from '../tools/test-model/generate.ts';
import { PHRASES } from '../tools/test-model/spec.ts';
import { readWav } from '../tools/wav.ts';
import type { TranscribeOptions } from '../src/engine/protocol.ts';
import { WhisperSession } from './whisper-session.ts';

// The worker's own decoding loop (not transformers.js's generate) on the synthetic model, in Node.
const MODELS = resolve('.cache/models-session');
const FIXTURES = resolve('.cache/fixtures');

let speech: Float32Array;
let bounds: { speechStartSeconds: number; speechEndSeconds: number };

async function open(name: string, cancelFlag: () => Int32Array | null = () => null): Promise<WhisperSession> {
  const [processor, tokenizer, model] = await Promise.all([
    AutoProcessor.from_pretrained(name),
    AutoTokenizer.from_pretrained(name),
    WhisperForConditionalGeneration.from_pretrained(name, { dtype: 'fp32' }) as Promise<WhisperForConditionalGeneration>,
  ]);
  const request = { source: { label: name }, device: 'wasm' as const, encoderDtype: 'fp32' as const, decoderDtype: 'fp32' as const, threads: 1 };
  return WhisperSession.create(model, processor, tokenizer, request, 0, cancelFlag);
}

const options = (o: Partial<TranscribeOptions> = {}): TranscribeOptions => ({ language: 'en', task: 'transcribe', timestamps: true, guards: DEFAULT_GUARDS, ...o });

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateTestModel(join(MODELS, 'multilingual'), { preset: 'test', multilingual: true, language: 'es' });
  await generateTestModel(join(MODELS, 'english'), { preset: 'test', multilingual: false });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  speech = readWav(join(FIXTURES, 'speech.wav')).samples;
  bounds = JSON.parse(readFileSync(join(FIXTURES, 'speech.json'), 'utf8'));
}, 120_000);

describe('WhisperSession: the worker decoding loop', () => {
  it('transcribes speech with timestamps where the speech is, in one greedy pass', async () => {
    const session = await open('multilingual');
    const result = await session.transcribe(1, speech.slice(), options());
    expect(result.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    expect(Math.abs(result.segments[0]!.start - bounds.speechStartSeconds)).toBeLessThan(0.1);
    expect(Math.abs(result.segments[0]!.end - bounds.speechEndSeconds)).toBeLessThan(0.1);
    expect(result).toMatchObject({ language: 'en', silence: false, fallbacks: 0, highestTemperature: 0 });
    expect(result.stats.temperature).toBe(0);
    expect(result.stats.noSpeechProb).toBeLessThan(0.1);
    expect(result.segments[0]!.decoding).toEqual(result.stats);
  });

  it('detects the language from the same pass, and gives nothing for silence', async () => {
    const session = await open('multilingual');
    const detected = await session.transcribe(1, speech.slice(), options({ language: null }));
    expect(detected.language).toBe('es');
    expect(detected.detected!.map((d) => d.language)[0]).toBe('es');
    expect(detected.encoderPasses).toBe(1);
    const silent = await session.transcribe(2, new Float32Array(16000 * 3), options());
    expect(silent.segments).toEqual([]);
    expect(silent.stats.noSpeechProb).toBeGreaterThan(0.6);
  });

  it('translates, transcribes without timestamps, and handles the English-only layout', async () => {
    const session = await open('multilingual');
    expect((await session.transcribe(1, speech.slice(), options({ language: 'de', task: 'translate' }))).text).toBe(PHRASES.translate);
    expect((await session.transcribe(2, speech.slice(), options({ timestamps: false }))).text).toBe(PHRASES.transcribe);
    const english = await open('english');
    const result = await english.transcribe(3, speech.slice(), options({ language: null }));
    expect(result.text).toBe(PHRASES.transcribe);
    expect(result.language).toBe('en');
  });

  it('stops when the client writes the call id into the shared flag', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const session = await open('multilingual', () => flag);
    Atomics.store(flag, 0, 5);
    await expect(session.transcribe(5, speech.slice(), options())).rejects.toMatchObject({ name: 'EngineError:cancelled' });
    expect((await session.transcribe(6, speech.slice(), options())).text).toBe(PHRASES.transcribe);
  });

  it('warms up with at most two decoder steps', async () => {
    const session = await open('multilingual');
    const result = await session.transcribe(1, new Float32Array(16000), options({ maxNewTokens: 1, guards: { ...DEFAULT_GUARDS, temperatures: [0] } }));
    expect(result.decoderSteps).toBeLessThanOrEqual(2);
  });
});
