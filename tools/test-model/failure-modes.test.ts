import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { readWav } from '../wav.ts';
import { generateTestModel } from './generate.ts';
import { ModelProbe, mean } from './model-probe.ts';
import { HALLUCINATIONS, PHRASES } from './spec.ts';

// Real Whisper's failures, built into the synthetic model's graphs and triggered by what a loudness gate cannot
// see: loud non-speech, speech in noise or very quiet, and pilot tones under speech.
const MODELS = resolve('.cache/models-failures');
const FIXTURES = resolve('.cache/fixtures');
const SHARED_AUDIO = resolve('../shared/audio');

interface Bounds {
  speechStartSeconds: number;
  speechEndSeconds: number;
}
const audio = (name: string) => readWav(join(FIXTURES, name)).samples.subarray(0, 30 * 16000);
const bounds = (name: string): Bounds => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const near = (actual: number | null, expected: number, tolerance: number) =>
  expect(Math.abs((actual ?? Infinity) - expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);

let probe: ModelProbe;
let english: ModelProbe;

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateTestModel(join(MODELS, 'multilingual'), { preset: 'test', multilingual: true, language: 'es' });
  await generateTestModel(join(MODELS, 'english'), { preset: 'test', multilingual: false });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  probe = await ModelProbe.load('multilingual', true);
  english = await ModelProbe.load('english', false);
}, 120_000);
afterAll(async () => {
  await probe?.dispose();
  await english?.dispose();
});

describe('hearing speech, not loudness', () => {
  it('finds speech over a noise bed, with the region edges at the speech', async () => {
    const out = await probe.generate(audio('speech-in-noise.wav'));
    const b = bounds('speech-in-noise.json');
    expect(out.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    near(out.segments[0]!.start, b.speechStartSeconds, 0.15);
    near(out.segments[0]!.end, b.speechEndSeconds, 0.15);
  });

  it('finds quiet speech (peak −40 dBFS) alone in its window', async () => {
    const out = await probe.generate(audio('quiet-speech.wav'));
    const b = bounds('quiet-speech.json');
    expect(out.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    near(out.segments[0]!.start, b.speechStartSeconds, 0.15);
    near(out.segments[0]!.end, b.speechEndSeconds, 0.15);
  });

  it('puts no-speech probability below 0.1 where there is speech', async () => {
    for (const name of ['speech.wav', 'speech-in-noise.wav', 'quiet-speech.wav', 'repeat-trigger.wav', 'low-confidence.wav']) {
      expect((await probe.detect(audio(name))).noSpeech, name).toBeLessThan(0.1);
    }
  });

  it('says nothing for digital silence or very quiet noise, with no-speech probability high', async () => {
    for (const name of ['silence.wav', 'noise.wav']) {
      expect((await probe.generate(audio(name))).text, name).toBe('');
      expect((await probe.detect(audio(name))).noSpeech, name).toBeGreaterThan(0.9);
      expect((await english.generate(audio(name))).text, name).toBe('');
    }
  });

  // ../shared/audio holds real recordings (LibriSpeech, LJ Speech, JFK, other languages): all of it is speech.
  it.runIf(existsSync(SHARED_AUDIO))('hears the real recordings in ../shared/audio as speech', async () => {
    const files = readdirSync(SHARED_AUDIO).filter((f) => f.endsWith('.wav'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const samples = readWav(join(SHARED_AUDIO, file)).samples.subarray(0, 30 * 16000);
      expect((await probe.detect(samples)).noSpeech, file).toBeLessThan(0.1);
    }
  }, 120_000);
});

describe('loud non-speech: a known hallucination', () => {
  const cases = [
    ['noise-loud.wav', HALLUCINATIONS.noise, 20],
    ['music.wav', HALLUCINATIONS.tonal, 20],
    ['chord.wav', HALLUCINATIONS.tonal, 10],
  ] as const;

  for (const [name, text, seconds] of cases) {
    it(`${name} → "${text.trim()}" over the loud part, no-speech probability above 0.6, language order kept`, async () => {
      const out = await probe.generate(audio(name));
      expect(out.segments.map((s) => s.text)).toEqual([text]);
      near(out.segments[0]!.start, 0, 0.05);
      near(out.segments[0]!.end, seconds, 0.1);
      expect((await probe.generate(audio(name), { timestamps: false })).text).toBe(text);
      const { noSpeech, language } = await probe.detect(audio(name));
      expect(noSpeech).toBeGreaterThan(0.6);
      expect(language).toBe(probe.tokenizer.convert_tokens_to_ids('<|es|>'));
      expect((await english.generate(audio(name))).text).toBe(text);
    });
  }

  it('says " Thank you." with low confidence and the Amara.org credit with high confidence', async () => {
    const confidence = async (name: string) => {
      const out = await probe.generate(audio(name), { timestamps: false });
      const text = out.tokens.filter((t) => t < probe.layout.eot);
      return probe.logProbs(audio(name), { timestamps: false }, text);
    };
    const thanks = await confidence('noise-loud.wav');
    for (const lp of thanks) expect(Math.exp(lp)).toBeCloseTo(0.25, 1);
    expect(mean(thanks)).toBeLessThan(-1);
    expect(mean(await confidence('music.wav'))).toBeGreaterThan(-0.3);
  });
});

describe('repetition pilot: greedy decoding loops, sampling escapes', () => {
  const LIMIT = 120;

  it('repeats the sentence without a closing timestamp until the length limit under greedy decoding', async () => {
    const out = await probe.generate(audio('repeat-trigger.wav'), { maxNewTokens: LIMIT });
    expect(out.tokens).toHaveLength(LIMIT);
    expect(out.segments).toHaveLength(1);
    expect(out.segments[0]!.end).toBeNull();
    expect(out.text.startsWith(PHRASES.transcribe.repeat(5))).toBe(true);
    near(out.segments[0]!.start, bounds('repeat-trigger.json').speechStartSeconds, 0.1);
  });

  it('ends with the sentence and a closing timestamp in most seeded samples at temperature 0.2', async () => {
    const b = bounds('repeat-trigger.json');
    const results = [];
    for (let seed = 1; seed <= 10; seed++) {
      results.push(await probe.generate(audio('repeat-trigger.wav'), { maxNewTokens: LIMIT, sample: { temperature: 0.2, seed } }));
    }
    const escaped = results.filter((r) => r.tokens.at(-1) === probe.layout.eot);
    // P(loop) = 1 / (1 + 20 e^(−0.05 / 0.2)) ≈ 0.06 per sample; the seeds make the count fixed.
    expect(escaped.length).toBeGreaterThanOrEqual(8);
    for (const r of escaped) {
      expect(r.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
      near(r.segments[0]!.start, b.speechStartSeconds, 0.25);
      near(r.segments[0]!.end, b.speechEndSeconds, 0.1);
    }
    for (const r of results.filter((x) => !escaped.includes(x))) expect(r.tokens).toHaveLength(LIMIT);
  });

  it('leaves speech without the pilot exact under sampling', async () => {
    for (const seed of [1, 2, 3]) {
      const out = await probe.generate(audio('speech.wav'), { sample: { temperature: 0.2, seed } });
      expect(out.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    }
  });
});

describe('low-confidence pilot: flat logits', () => {
  it('gives the sentence greedily with an average log-probability below −1', async () => {
    const out = await probe.generate(audio('low-confidence.wav'), { timestamps: false });
    expect(out.text).toBe(PHRASES.transcribe);
    const text = out.tokens.filter((t) => t < probe.layout.eot);
    const lps = await probe.logProbs(audio('low-confidence.wav'), { timestamps: false }, text);
    expect(mean(lps)).toBeLessThan(-1);
    expect(mean(lps)).toBeGreaterThan(-2.5);
  });

  it('stays below −1 on average under sampling, at low and high temperature', async () => {
    for (const temperature of [0.2, 1]) {
      const out = await probe.generate(audio('low-confidence.wav'), { sample: { temperature, seed: 7 }, maxNewTokens: 200 });
      const text = out.tokens.filter((t) => t < probe.layout.timestampBegin && t !== probe.layout.eot);
      const lps = await probe.logProbs(audio('low-confidence.wav'), {}, out.tokens.slice(0, -1));
      const textLps = lps.filter((_, i) => out.tokens[i]! < probe.layout.eot);
      expect(text.length, `T=${temperature}`).toBeGreaterThan(5);
      expect(mean(textLps), `T=${temperature}`).toBeLessThan(-1);
    }
  });
});
