import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoProcessor, AutoTokenizer, WhisperForConditionalGeneration, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../scripts/make-fixtures.ts';
import { DEFAULT_GUARDS } from '../src/shared/guard-options.ts';
import { generateTestModel } from '../tools/test-model/generate.ts';
import { HALLUCINATIONS, PHRASES, passageText } from '../tools/test-model/spec.ts';
import { readWav } from '../tools/wav.ts';
import type { TranscribeOptions } from '../src/engine/protocol.ts';
import { keptSegments } from '../src/engine/window-text.ts';
import { WhisperSession } from './whisper-session.ts';

// The worker's own decoding loop (not transformers.js's generate) on the synthetic model, in Node.
const MODELS = resolve('.cache/models-session');
const FIXTURES = resolve('.cache/fixtures');

let speech: Float32Array;
let bounds: { speechStartSeconds: number; speechEndSeconds: number };
const wav = (name: string): Float32Array => readWav(join(FIXTURES, name)).samples;
const sidecar = (name: string): { speechStartSeconds: number; speechEndSeconds: number } => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

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

  it('beam search over the real decoder (a row per beam, caches moved between rows) reads the same speech as greedy', async () => {
    const session = await open('multilingual');
    const greedy = await session.transcribe(1, speech.slice(), options());
    const beam = await session.transcribe(2, speech.slice(), options({ guards: { ...DEFAULT_GUARDS, beamSize: 3 } }));
    expect(beam.segments.map((s) => [s.text, s.start, s.end])).toEqual(greedy.segments.map((s) => [s.text, s.start, s.end]));
    expect(beam.fallbacks).toBe(0);
    const prompted = await session.transcribe(3, speech.slice(), options({ prompt: passageText(0), guards: { ...DEFAULT_GUARDS, beamSize: 2 } }));
    expect(prompted.text).toBe(passageText(1));
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
    await expect(session.transcribe(5, speech.slice(), options())).rejects.toMatchObject({ code: 'cancelled' });
    expect((await session.transcribe(6, speech.slice(), options())).text).toBe(PHRASES.transcribe);
  });

  it('warms up with at most two decoder steps', async () => {
    const session = await open('multilingual');
    const result = await session.transcribe(1, new Float32Array(16000), options({ maxNewTokens: 1, guards: { ...DEFAULT_GUARDS, temperatures: [0] } }));
    expect(result.decoderSteps).toBeLessThanOrEqual(2);
  });
});

describe('WhisperSession: the guards against what real Whisper does wrong', () => {
  it('a loop under greedy decoding falls back to sampling, which escapes to the sentence, the same way on every run', async () => {
    const session = await open('multilingual');
    const audio = wav('repeat-trigger.wav');
    const greedy = await session.transcribe(1, audio.slice(), options({ guards: { ...DEFAULT_GUARDS, temperatures: [0] } }));
    expect(greedy.stats.compressionRatio).toBeGreaterThan(DEFAULT_GUARDS.compressionRatioThreshold);
    const guarded = await session.transcribe(2, audio.slice(), options({ seed: 3 }));
    expect(guarded.fallbacks).toBeGreaterThanOrEqual(1);
    expect(guarded.stats.temperature).toBeGreaterThan(0);
    expect(guarded.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    expect(guarded.stats.compressionRatio).toBeLessThanOrEqual(DEFAULT_GUARDS.compressionRatioThreshold);
    const { speechEndSeconds } = sidecar('repeat-trigger.json');
    expect(Math.abs(guarded.segments[0]!.end - speechEndSeconds)).toBeLessThan(0.15);
    const again = await session.transcribe(3, audio.slice(), options({ seed: 3 }));
    expect(again.segments).toEqual(guarded.segments);
  });

  it('flat logits fall back through every temperature, keep the likeliest text, and say so', async () => {
    const session = await open('multilingual');
    const result = await session.transcribe(1, wav('low-confidence.wav'), options());
    expect(result.fallbacks).toBe(DEFAULT_GUARDS.temperatures.length - 1);
    expect(result.highestTemperature).toBe(1);
    expect(result.stats.avgLogprob).toBeLessThan(DEFAULT_GUARDS.logprobThreshold);
    expect(result.stats.temperature).toBe(0);
    expect(result.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
  });

  it('on loud noise and music, invents a stock phrase with a high no-speech probability, which the window guard drops', async () => {
    const session = await open('multilingual');
    for (const [name, invention] of [['noise-loud.wav', HALLUCINATIONS.noise], ['music.wav', HALLUCINATIONS.tonal]] as const) {
      const result = await session.transcribe(1, wav(name).subarray(0, 16000 * 20).slice(), options());
      expect(result.text, name).toBe(invention);
      expect(result.stats.noSpeechProb, name).toBeGreaterThan(DEFAULT_GUARDS.noSpeechThreshold);
      // Even where the speech detector let all of it through, the model's own no-speech probability drops it.
      const speech = [{ start: 0, end: 20 }];
      expect(keptSegments(result.segments, { speech, noSpeechProb: result.stats.noSpeechProb, guards: DEFAULT_GUARDS }), name).toEqual([]);
    }
  });

  it('hears speech over a noise bed, and conditions on the prompt and the words to expect', async () => {
    const session = await open('multilingual');
    // A window opens shortly before its speech (Whisper's text may not open later than 1 s into it).
    const { speechStartSeconds, speechEndSeconds } = sidecar('speech-in-noise.json');
    const from = speechStartSeconds - 0.3;
    const inNoise = await session.transcribe(1, wav('speech-in-noise.wav').subarray(Math.round(from * 16000)).slice(), options());
    expect(inNoise.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    expect(Math.abs(inNoise.segments[0]!.start + from - speechStartSeconds)).toBeLessThan(0.15);
    expect(Math.abs(inNoise.segments[0]!.end + from - speechEndSeconds)).toBeLessThan(0.15);
    const next = await session.transcribe(2, speech.slice(), options({ prompt: passageText(0) }));
    expect(next.text).toBe(passageText(1));
    // Words to expect reach the model: the synthetic one reads on from the last passage word in its prompt.
    const expecting = await session.transcribe(3, speech.slice(), options({ vocabulary: passageText(2) }));
    expect(expecting.text).toBe(passageText(3));
    // The text heard comes after them, so it is what the model reads on from.
    const both = await session.transcribe(4, speech.slice(), options({ vocabulary: passageText(2), prompt: passageText(0) }));
    expect(both.text).toBe(passageText(1));
  });
});
