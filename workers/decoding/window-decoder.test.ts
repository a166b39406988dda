import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDS } from '../../src/shared/guard-options.ts';
import { CancelledError, decodeWindow, type DecoderVocabulary, type EncodedWindow, type WindowRequest } from './window-decoder.ts';

// A toy vocabulary: words 0-9, then the control tokens, then three timestamps.
const V = 20;
const EOT = 10;
const SOT = 11;
const vocab: DecoderVocabulary = {
  sot: SOT,
  startOfPrev: 12,
  noSpeech: 13,
  transcribe: 14,
  translate: 15,
  languages: new Map(),
  rules: { eot: EOT, timestampBegin: 17, noTimestamps: 16, suppress: [SOT, 12, 13, 14, 15], suppressAtBegin: [EOT], maxInitialTimestampIndex: null, timestamps: false },
  text: (tokens) => tokens.filter((t) => t < EOT).map((t) => `w${t} `).join(''),
};

/** A "model" whose next-token logits are a function of the tokens fed so far (its history after SOT). */
function fakeWindow(next: (history: number[]) => Partial<Record<number, number>>, noSpeechLogit = -5, attends = false): EncodedWindow & { runs: number[] } {
  const runs: number[] = [];
  return {
    runs,
    async start(rows) {
      runs.push(rows);
      const fed: number[][] = Array.from({ length: rows }, () => []);
      return {
        async feed(tokens) {
          const out = tokens.map((row, r) =>
            row.map((t) => {
              fed[r]!.push(t);
              const logits = new Float32Array(V).fill(-10);
              if (t === SOT) logits[vocab.noSpeech] = noSpeechLogit;
              const since = fed[r]!.slice(fed[r]!.lastIndexOf(SOT) + 1).filter((x) => x !== vocab.noSpeech && x !== 16);
              for (const [id, value] of Object.entries(next(since))) logits[Number(id)] = value!;
              return logits;
            }),
          );
          // A timestamped decoder's attention row, here just the token it was fed, to check which token each row is for.
          const attention = attends ? { attention: (row: number) => Float32Array.of(fed[row]!.at(-1)!) } : {};
          return { positions: tokens[0]!.length, at: (row, position) => out[row]![position]!, ...attention };
        },
        async reorder(parents) {
          const copies = parents.map((p) => [...fed[p]!]);
          copies.forEach((c, r) => (fed[r] = c));
        },
        dispose() {},
      };
    },
  };
}

const request = (o: Partial<WindowRequest> = {}): WindowRequest => ({
  context: [],
  language: 'en',
  task: 'transcribe',
  guards: DEFAULT_GUARDS,
  maxNewTokens: 40,
  seed: 1,
  cancelled: () => false,
  ...o,
});

/** Says 1 2 3 then end-of-text, confidently. */
const clean = (h: number[]) => ({ [h.length < 3 ? h.length + 1 : EOT]: 8 });

describe('decodeWindow', () => {
  it('keeps a clean greedy pass: one run, no fallback', async () => {
    const window = fakeWindow(clean);
    const out = await decodeWindow(window, vocab, request());
    expect(out.tokens).toEqual([1, 2, 3]);
    expect(out).toMatchObject({ fallbacks: 0, highestTemperature: 0, silence: false });
    expect(out.stats.avgLogprob).toBeGreaterThan(-0.01);
    expect(window.runs).toEqual([1]);
  });

  it('falls back when greedy loops: sampled candidates (bestOf rows) escape, and the likeliest passing one is kept', async () => {
    // Greedy repeats 1 until the length limit; the escape (4, then the end) is just below it.
    const looping = (h: number[]) => (h.at(-1) === 4 ? { [EOT]: 8 } : { 1: 5, 4: 4.9 });
    const window = fakeWindow(looping);
    const out = await decodeWindow(window, vocab, request());
    expect(out.fallbacks).toBeGreaterThanOrEqual(1);
    expect(out.stats.temperature).toBeGreaterThan(0);
    expect(out.stats.compressionRatio).toBeLessThanOrEqual(DEFAULT_GUARDS.compressionRatioThreshold);
    expect(window.runs[0]).toBe(1);
    expect(window.runs[1]).toBe(DEFAULT_GUARDS.bestOf);
  });

  it('samples the same way for the same seed', async () => {
    const flat = () => ({ 1: 2, 2: 2, 3: 2, 4: 2, [EOT]: 1.5 });
    const a = await decodeWindow(fakeWindow(flat), vocab, request({ seed: 7 }));
    const b = await decodeWindow(fakeWindow(flat), vocab, request({ seed: 7 }));
    expect(a.tokens).toEqual(b.tokens);
    expect(a.stats).toEqual(b.stats);
  });

  it('when every temperature fails, keeps the likeliest candidate and reports how far it went', async () => {
    // Always unsure: ten near-equal words, end-of-text unlikely until 6 tokens.
    const unsure = (h: number[]) => (h.length >= 6 ? { [EOT]: 9 } : { 0: 1, 1: 1.2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 });
    const out = await decodeWindow(fakeWindow(unsure), vocab, request());
    expect(out.fallbacks).toBe(DEFAULT_GUARDS.temperatures.length - 1);
    expect(out.highestTemperature).toBe(1);
    expect(out.stats.avgLogprob).toBeLessThan(-1);
    // The greedy pass (always word 1) is the likeliest.
    expect(out.tokens).toEqual([1, 1, 1, 1, 1, 1]);
    expect(out.stats.temperature).toBe(0);
  });

  it('calls a window silence when the model says no speech and its text is unsure, without sampling', async () => {
    const unsure = (h: number[]) => (h.length >= 2 ? { [EOT]: 3 } : { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 });
    const window = fakeWindow(unsure, 12);
    const out = await decodeWindow(window, vocab, request());
    expect(out.stats.noSpeechProb).toBeGreaterThan(0.6);
    expect(out.silence).toBe(true);
    expect(out.fallbacks).toBe(0);
  });

  it('beam search finds the likelier text that greedy misses, in one run with a row per beam', async () => {
    // Greedy takes 1 (slightly likelier first) and then wanders among unsure words; 2 leads to a sure 3 and the end.
    const trap = (h: number[]) => {
      if (h.length === 0) return { 1: 8, 2: 7.5 };
      if (h[0] === 1) return h.length < 4 ? { 4: 2, 5: 2, 6: 2, 7: 2 } : { [EOT]: 8 };
      return h.length === 1 ? { 3: 9 } : { [EOT]: 9 };
    };
    const greedy = await decodeWindow(fakeWindow(trap), vocab, request());
    expect(greedy.tokens[0]).toBe(1);
    const window = fakeWindow(trap);
    const beam = await decodeWindow(window, vocab, request({ guards: { ...DEFAULT_GUARDS, beamSize: 3 } }));
    expect(beam.tokens).toEqual([2, 3]);
    expect(beam.fallbacks).toBe(0);
    expect(window.runs).toEqual([3]);
  });

  it('stops between steps when cancelled', async () => {
    let steps = 0;
    const long = () => ({ 1: 5 });
    await expect(decodeWindow(fakeWindow(long), vocab, request({ cancelled: () => ++steps > 3 }))).rejects.toBeInstanceOf(CancelledError);
  });

  it('puts the prompt after <|startofprev|> and before <|startoftranscript|>', async () => {
    const seen: number[][] = [];
    const window: EncodedWindow = {
      async start() {
        return {
          async feed(tokens) {
            seen.push([...tokens[0]!]);
            const logits = new Float32Array(V).fill(-10);
            logits[EOT] = 5;
            return { positions: tokens[0]!.length, at: () => logits };
          },
          async reorder() {},
          dispose() {},
        };
      },
    };
    await decodeWindow(window, vocab, request({ context: [3, 4] }));
    expect(seen[0]).toEqual([12, 3, 4, SOT]);
  });
});

describe('decodeWindow: language per window', () => {
  // The toy vocabulary with two language tokens after the timestamps.
  const EN = 20;
  const ES = 21;
  const multi: DecoderVocabulary = { ...vocab, languages: new Map([['en', EN], ['es', ES]]) };

  /** A model that, at <|startoftranscript|>, gives the language logits `at`, and then says one word and ends. */
  function speaking(at: Record<number, number>): EncodedWindow & { fed: number[] } {
    const fed: number[] = [];
    return {
      fed,
      async start() {
        return {
          async feed(tokens) {
            fed.push(...tokens[0]!);
            const out = tokens[0]!.map((t) => {
              const logits = new Float32Array(24).fill(-10);
              if (t === SOT) for (const [id, v] of Object.entries(at)) logits[Number(id)] = v;
              else if (t === 1) logits[EOT] = 9;
              else logits[1] = 9;
              return logits;
            });
            return { positions: tokens[0]!.length, at: (_row, position) => out[position]! };
          },
          async reorder() {},
          dispose() {},
        };
      },
    };
  }

  it('keeps the language of the audio before unless another wins clearly', async () => {
    // Spanish a little likelier than English (0.62 against 0.38): not enough to leave English.
    const close = await decodeWindow(speaking({ [ES]: 0.5, [EN]: 0 }), multi, request({ language: null, previousLanguage: 'en' }));
    expect(close.language).toBe('en');
    expect(close.detected[0]).toMatchObject({ language: 'es' });
    // Spanish clearly (0.98): the window is Spanish.
    const clear = await decodeWindow(speaking({ [ES]: 4, [EN]: 0 }), multi, request({ language: null, previousLanguage: 'en' }));
    expect(clear.language).toBe('es');
    // Nothing before: the likeliest.
    expect((await decodeWindow(speaking({ [ES]: 0.5, [EN]: 0 }), multi, request({ language: null }))).language).toBe('es');
  });

  it('translates a window in another language, and only transcribes one already in English', async () => {
    const spanish = speaking({ [ES]: 4, [EN]: 0 });
    await decodeWindow(spanish, multi, request({ language: null, task: 'translate' }));
    expect(spanish.fed.slice(1, 3)).toEqual([ES, vocab.translate]);
    const english = speaking({ [EN]: 4, [ES]: 0 });
    await decodeWindow(english, multi, request({ language: null, task: 'translate' }));
    expect(english.fed.slice(1, 3)).toEqual([EN, vocab.transcribe]);
  });

  it("keeps, for word timing, the attention of the prompt's last token and of each token fed, through beams too", async () => {
    const rowsOf = (out: Awaited<ReturnType<typeof decodeWindow>>) => out.tokenAttention!.map((row) => row[0]);
    const greedy = await decodeWindow(fakeWindow(clean, -5, true), vocab, request());
    expect(rowsOf(greedy)).toEqual([16, 1, 2, 3]);
    // Two paths, the first likelier at its first step, then unsure of everything: the rows follow the kept beam.
    const forked = (h: number[]) => (h.length === 0 ? { 1: 5, 4: 4.9 } : h[0] === 1 ? {} : { [h.length < 3 ? 5 : EOT]: 8 });
    const beam = await decodeWindow(fakeWindow(forked, -5, true), vocab, request({ guards: { ...DEFAULT_GUARDS, beamSize: 2 } }));
    expect(rowsOf(beam)).toEqual([16, ...beam.tokens]);
    expect(beam.tokens[0]).toBe(4);
    expect((await decodeWindow(fakeWindow(clean), vocab, request())).tokenAttention).toBeUndefined();
  });
});
