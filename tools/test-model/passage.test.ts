import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';
import { readWav } from '../wav.ts';
import { generateTestModel } from './generate.ts';
import { ModelProbe } from './model-probe.ts';
import { buildScriptTables } from './script-tables.ts';
import { PASSAGE, PROMPT_VOCABULARY, SPANISH_PASSAGE, passageText, tokenLayout } from './spec.ts';
import type { TranscribeOptions } from '../../src/engine/protocol.ts';
import { openSession, sessionOptions } from './test-setup.ts';
import { buildTokenizer } from './tokenizer.ts';

// The passage and its conditioning on <|startofprev|> prompts: each speech region goes on from the last passage
// word in the history.
const MODELS = resolve('.cache/models-passage');
const FIXTURES = resolve('.cache/fixtures');
const RATE = 16000;

let probe: ModelProbe;
let english: ModelProbe;
let speech: Float32Array;
let pauses: Float32Array;
let utterances: { startSeconds: number; endSeconds: number }[];

beforeAll(async () => {
  await makeFixtures(FIXTURES);
  await generateTestModel(join(MODELS, 'multilingual'), { preset: 'test', multilingual: true });
  await generateTestModel(join(MODELS, 'english'), { preset: 'test', multilingual: false });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS}/`;
  [probe, english] = await Promise.all([ModelProbe.load('multilingual', true), ModelProbe.load('english', false)]);
  speech = readWav(join(FIXTURES, 'speech.wav')).samples;
  pauses = readWav(join(FIXTURES, 'pauses.wav')).samples;
  utterances = JSON.parse(readFileSync(join(FIXTURES, 'pauses.json'), 'utf8')).utterances;
}, 120_000);
afterAll(async () => {
  await probe?.dispose();
  await english?.dispose();
});

describe('the passage', () => {
  it('has 5–8 sentences whose words are each one token, used once', () => {
    const layout = tokenLayout(true);
    const { ids } = buildTokenizer(layout, true);
    expect(PASSAGE.length).toBeGreaterThanOrEqual(5);
    expect(PASSAGE.length).toBeLessThanOrEqual(8);
    const words = ids.passages.en!.flatMap((s) => s.slice(0, -1));
    expect(new Set(words).size).toBe(words.length);
    expect(ids.passages.en!.map((s) => s.length - 1)).toEqual(PASSAGE.map((s) => s.trim().split(' ').length));
    const tables = buildScriptTables(ids, layout.vocabSize);
    expect(tables.nextByCode[Number(tables.startCode[0]) + words.length]).toBe(BigInt(words[0]!));
    expect(passageText(PASSAGE.length + 1)).toBe(PASSAGE[1]);
  });

  it('has a Spanish passage of its own tokens, each word one token, none shared with the English one', () => {
    const { ids } = buildTokenizer(tokenLayout(true), true);
    const spanish = ids.passages.es!.flatMap((s) => s.slice(0, -1));
    const englishWords = new Set(ids.passages.en!.flatMap((s) => s.slice(0, -1)));
    expect(new Set(spanish).size).toBe(spanish.length);
    expect(spanish.filter((id) => englishWords.has(id))).toEqual([]);
    expect(ids.passages.es!.map((s) => s.length - 1)).toEqual(SPANISH_PASSAGE.map((s) => s.trim().split(' ').length));
  });
});

describe('conditioning on the prompt', () => {
  it('goes on with the next sentence after a prompt that ends a sentence', async () => {
    for (const m of [probe, english]) {
      expect((await m.generate(speech, { prompt: PASSAGE[0] })).text).toBe(PASSAGE[1]);
      expect((await m.generate(speech, { prompt: PASSAGE.join('') })).text).toBe(PASSAGE[0]);
    }
  });

  it('finishes a sentence the prompt left open, with timestamps at the speech', async () => {
    const out = await probe.generate(speech, { prompt: 'The quick brown' });
    expect(out.segments.map((s) => s.text)).toEqual([' fox jumps over the lazy dog.']);
    expect(out.segments[0]!.end).not.toBeNull();
  });

  it('starts at the first sentence when the prompt holds no passage word', async () => {
    expect((await probe.generate(speech, { prompt: 'Hello, how are you?' })).text).toBe(PASSAGE[0]);
    expect((await probe.generate(speech, { prompt: 'Hello, how are you?', timestamps: false })).text).toBe(PASSAGE[0]);
  });

  it('says the next sentence for each further speech region of one window', async () => {
    const window = pauses.subarray(0, 25 * RATE);
    const count = utterances.filter((u) => u.endSeconds < 25).length;
    const expected = Array.from({ length: count }, (_, k) => passageText(k));
    expect((await probe.generate(window)).segments.map((s) => s.text)).toEqual(expected);
    expect((await probe.generate(window, { timestamps: false })).text).toBe(expected.join(''));
    expect((await probe.generate(window, { prompt: PASSAGE[1] })).segments.map((s) => s.text)).toEqual(expected.map((_, k) => passageText(k + 2)));
  });

  it('reads a file window by window in order with the previous text as prompt, and restarts without it', async () => {
    let prompt = '';
    const withPrompt: string[] = [];
    const without: string[] = [];
    for (const u of utterances) {
      const window = pauses.subarray(Math.round((u.startSeconds - 0.5) * RATE), Math.round((u.endSeconds + 0.5) * RATE));
      const text = (await probe.generate(window, prompt ? { prompt } : {})).text;
      withPrompt.push(text);
      prompt = (prompt + text).slice(-200);
      without.push((await probe.generate(window)).text);
    }
    expect(withPrompt).toEqual(utterances.map((_, k) => passageText(k)));
    expect(without).toEqual(utterances.map(() => PASSAGE[0]));
  });

  it('translates to the one translate phrase whatever the prompt', async () => {
    expect((await probe.generate(speech, { task: 'translate', prompt: PASSAGE[0] })).text).toBe(' A translated sentence.');
  });
});

describe('vocabulary in the prompt', () => {
  const [quokka, okapis] = PROMPT_VOCABULARY;
  const glossary = 'Glossary: quokka, okapis.';

  it('says a prompted vocabulary word in place of the passage word it stands for, and nothing else changes', async () => {
    expect(quokka).toEqual({ word: ' quokka', replaces: ' fox' });
    for (const m of [probe, english]) {
      expect((await m.generate(speech, { prompt: glossary })).text).toBe(' The quick brown quokka jumps over the lazy dog.');
      expect((await m.generate(speech, { prompt: 'Glossary: okapis.' })).text).toBe(PASSAGE[0]);
      expect((await m.generate(speech, { prompt: `${glossary} ${PASSAGE[1]}` })).text).toBe(PASSAGE[2]!.replace(okapis!.replaces, okapis!.word));
      expect((await m.generate(speech, { prompt: 'Glossary: wombat.' })).text).toBe(PASSAGE[0]);
    }
    expect((await probe.generate(speech, { prompt: glossary, timestamps: false })).text).toBe(' The quick brown quokka jumps over the lazy dog.');
  });

  it('goes on after it: a prompt that ends in the sentence with the word in it continues after that word', async () => {
    expect((await probe.generate(speech, { prompt: 'The quick brown quokka' })).text).toBe(' jumps over the lazy dog.');
    expect((await probe.generate(speech, { prompt: 'Pack my box with five dozen liquor jugs. How vexingly daft okapis' })).text).toBe(' jump.');
  });

  it("does the same in the product's decoding loop, from the vocabulary option, before the text heard", async () => {
    const session = await openSession('multilingual');
    const transcribe = async (o: Partial<TranscribeOptions>) => (await session.transcribe(1, speech.slice(), sessionOptions(o))).text;
    expect(await transcribe({ vocabulary: 'quokka, okapis' })).toBe(' The quick brown quokka jumps over the lazy dog.');
    expect(await transcribe({})).toBe(PASSAGE[0]);
    // The words stay in the prompt with the text heard after them: the passage goes on, with the word in it.
    expect(await transcribe({ vocabulary: 'quokka, okapis', prompt: PASSAGE[1] })).toBe(PASSAGE[2]!.replace(okapis!.replaces, okapis!.word));
    expect(await transcribe({ prompt: PASSAGE[1] })).toBe(PASSAGE[2]);
    expect(await transcribe({ vocabulary: 'wombat' })).toBe(PASSAGE[0]);
  });
});
