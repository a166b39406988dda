import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_SWITCH, chooseLanguage } from '../../src/shared/language-switch.ts';
import { ModelProbe } from './model-probe.ts';
import { FIXTURE_FILES, PASSAGE, PHRASES, SPANISH_PASSAGE } from './spec.ts';
import { SAMPLE_RATE, asrPipeline, audio, openSession, prepare, sessionOptions, sidecar } from './test-setup.ts';

// The language follows the voice (issue 18.3): a low voice is the model's language, a high voice the second one,
// decided per window; and the model speaks the language of the language token it is given.
const MODELS = '.cache/models-languages';

interface Mixed {
  utterances: { text: string; language: string; voice: 'low' | 'high'; startSeconds: number; endSeconds: number }[];
}

let english: ModelProbe;
let spanishModel: ModelProbe;

beforeAll(async () => {
  await prepare(MODELS, {
    english: { preset: 'test', multilingual: true },
    spanish: { preset: 'test', multilingual: true, language: 'es' },
    french: { preset: 'test', multilingual: true, voices: { low: 'fr', high: 'de' } },
    'english-only': { preset: 'test', multilingual: false },
  });
  [english, spanishModel] = await Promise.all([ModelProbe.load('english', true), ModelProbe.load('spanish', true)]);
}, 120_000);

const languageOf = (probe: ModelProbe, id: number) => probe.layout.languageCodes[id - probe.layout.firstLanguage];

describe('detection by voice', () => {
  it('hears a low voice as the configured language and a high voice as the second', async () => {
    for (const name of ['speech.wav', 'words.wav', 'speech-in-noise.wav']) {
      expect(languageOf(english, (await english.detect(audio(name))).language), name).toBe('en');
      expect(languageOf(spanishModel, (await spanishModel.detect(audio(name))).language), name).toBe('es');
    }
    expect(languageOf(english, (await english.detect(audio(FIXTURE_FILES.spanish))).language)).toBe('es');
    expect(languageOf(spanishModel, (await spanishModel.detect(audio(FIXTURE_FILES.spanish))).language)).toBe('en');
  });

  it('takes both languages from the voices option', async () => {
    const french = await ModelProbe.load('french', true);
    expect(languageOf(french, (await french.detect(audio('speech.wav'))).language)).toBe('fr');
    expect(languageOf(french, (await french.detect(audio(FIXTURE_FILES.spanish))).language)).toBe('de');
  });

  it('decides per window: the English half of mixed-languages.wav, then the Spanish half', async () => {
    const { utterances } = sidecar<Mixed>('mixed-languages.json');
    const mixed = audio(FIXTURE_FILES.mixedLanguages);
    const window = (from: number, to: number) => mixed.subarray(Math.round(from * SAMPLE_RATE), Math.round(to * SAMPLE_RATE));
    const spanishFrom = utterances.find((u) => u.language === 'es')!.startSeconds;
    expect(languageOf(english, (await english.detect(window(0, 30))).language)).toBe('en');
    expect(languageOf(english, (await english.detect(window(spanishFrom - 1, mixed.length / SAMPLE_RATE))).language)).toBe('es');
    // One window per utterance: each its own voice's language.
    for (const u of utterances) {
      expect(languageOf(english, (await english.detect(window(u.startSeconds - 0.5, u.endSeconds + 0.5))).language), u.text).toBe(u.language);
    }
  });

  it('detects per window in the product decoding loop, and transcribes each window in its language', async () => {
    const session = await openSession('english');
    const { utterances } = sidecar<Mixed>('mixed-languages.json');
    const mixed = audio(FIXTURE_FILES.mixedLanguages);
    const texts: string[] = [];
    let prompt = '';
    for (const u of utterances) {
      const window = mixed.slice(Math.round((u.startSeconds - 0.5) * SAMPLE_RATE), Math.round((u.endSeconds + 0.5) * SAMPLE_RATE));
      const result = await session.transcribe(1, window, sessionOptions({ language: null, prompt }));
      expect(result.language, u.text).toBe(u.language);
      texts.push(result.text);
      prompt = (prompt + result.text).slice(-200);
    }
    // Each passage goes on from its own last sentence in the prompt: the Spanish one starts at its beginning.
    expect(texts).toEqual([PASSAGE[0], PASSAGE[1], PASSAGE[2], SPANISH_PASSAGE[0], SPANISH_PASSAGE[1], SPANISH_PASSAGE[2]]);
  });
});

describe("the product's decoding loop on auto", () => {
  it('switches where the voice does, window by window, carrying the language before each window', async () => {
    const session = await openSession('english');
    const { utterances } = sidecar<Mixed>('mixed-languages.json');
    const mixed = audio(FIXTURE_FILES.mixedLanguages);
    let previousLanguage: string | null = null;
    const seen: { language: string; detected: string[] }[] = [];
    for (const u of utterances) {
      const window = mixed.slice(Math.round((u.startSeconds - 0.5) * SAMPLE_RATE), Math.round((u.endSeconds + 0.5) * SAMPLE_RATE));
      const result = await session.transcribe(1, window, sessionOptions({ language: null, previousLanguage }));
      // The voice's language wins clearly (about 0.85 against 0.12), so it replaces the language before it.
      expect(result.detected?.[0]?.probability, u.text).toBeGreaterThan(LANGUAGE_SWITCH.minProbability);
      expect(result.language).toBe(chooseLanguage(result.detected ?? [], previousLanguage));
      seen.push({ language: result.language, detected: (result.detected ?? []).map((g) => g.language) });
      previousLanguage = result.language;
    }
    expect(seen).toEqual(utterances.map((u) => ({ language: u.language, detected: u.language === 'en' ? ['en', 'es', 'de'] : ['es', 'en', 'de'] })));
  });

  it('translates only the windows not in English', async () => {
    const session = await openSession('english');
    const { utterances } = sidecar<Mixed>('mixed-languages.json');
    const mixed = audio(FIXTURE_FILES.mixedLanguages);
    const texts: string[] = [];
    for (const u of [utterances[0]!, utterances.find((v) => v.language === 'es')!]) {
      const window = mixed.slice(Math.round((u.startSeconds - 0.5) * SAMPLE_RATE), Math.round((u.endSeconds + 0.5) * SAMPLE_RATE));
      texts.push((await session.transcribe(1, window, sessionOptions({ language: null, task: 'translate' }))).text);
    }
    expect(texts).toEqual([PASSAGE[0], PHRASES.translate]);
  });
});

describe('the language token decides the words', () => {
  it('says the Spanish passage with <|es|> and the English one with <|en|> or any other language', async () => {
    expect((await english.generate(audio(FIXTURE_FILES.spanish), { language: 'es' })).text).toBe(SPANISH_PASSAGE[0]);
    expect((await english.generate(audio('speech.wav'), { language: 'es' })).text).toBe(SPANISH_PASSAGE[0]);
    expect((await english.generate(audio(FIXTURE_FILES.spanish), { language: 'en' })).text).toBe(PASSAGE[0]);
    expect((await english.generate(audio('speech.wav'), { language: 'de' })).text).toBe(PASSAGE[0]);
    expect((await english.generate(audio('speech.wav'), { language: 'es', prompt: SPANISH_PASSAGE[0] })).text).toBe(SPANISH_PASSAGE[1]);
    expect((await english.generate(audio(FIXTURE_FILES.spanish), { language: 'es', task: 'translate' })).text).toBe(PHRASES.translate);
  });

  it("works through transformers.js's pipeline with timestamps at the speech", async () => {
    const asr = await asrPipeline('english');
    const { speechStartSeconds, speechEndSeconds } = sidecar<{ speechStartSeconds: number; speechEndSeconds: number }>('spanish.json');
    const out = (await asr(audio(FIXTURE_FILES.spanish), { language: 'es', return_timestamps: true })) as { chunks: { text: string; timestamp: [number, number] }[] };
    expect(out.chunks.map((c) => c.text)).toEqual([SPANISH_PASSAGE[0]]);
    expect(Math.abs(out.chunks[0]!.timestamp[0] - speechStartSeconds)).toBeLessThan(0.1);
    expect(Math.abs(out.chunks[0]!.timestamp[1] - speechEndSeconds)).toBeLessThan(0.1);
  });

  it('leaves the English-only layout in English whatever the voice', async () => {
    const englishOnly = await ModelProbe.load('english-only', false);
    expect((await englishOnly.generate(audio(FIXTURE_FILES.spanish))).text).toBe(PASSAGE[0]);
  });
});
