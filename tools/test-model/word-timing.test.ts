import { AutoProcessor, Tensor, WhisperForConditionalGeneration } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelProbe } from './model-probe.ts';
import { FIXTURE_FILES, PASSAGE, PHRASES, WORD_GAP_SECONDS, passageText } from './spec.ts';
import { SAMPLE_RATE, asrPipeline, audio, openSession, prepare, sessionOptions, sidecar } from './test-setup.ts';

// Word timestamps from cross-attention (issue 16.1): a timestamped decoder outputs `cross_attentions.<layer>`, and
// its alignment heads follow the words, so transformers.js's DTW puts each word where it was said.
const MODELS = '.cache/models-word-timing';

interface Words {
  words: { word: string; startSeconds: number; endSeconds: number }[];
}
type WordChunk = { text: string; timestamp: [number, number | null] };

beforeAll(async () => {
  await prepare(MODELS, {
    plain: { preset: 'test', multilingual: true },
    timestamped: { preset: 'test', multilingual: true, timestamped: true },
    'timestamped.en': { preset: 'test', multilingual: false, timestamped: true },
  });
}, 120_000);

describe('the timestamped decoder', () => {
  it('outputs cross-attention per layer, [batch, heads, new tokens, 1500], summing to 1 over the frames', async () => {
    const processor = await AutoProcessor.from_pretrained('timestamped');
    const model = (await WhisperForConditionalGeneration.from_pretrained('timestamped', { dtype: 'fp32' })) as WhisperForConditionalGeneration;
    const { input_features } = (await processor(audio('speech.wav'))) as { input_features: Tensor };
    const prompt = [50258, 50259, 50359];
    const decoder_input_ids = new Tensor('int64', BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]);
    const out = (await model({ input_features, decoder_input_ids })) as unknown as Record<string, Tensor>;
    const attention = out['cross_attentions.0']!;
    expect(attention.dims).toEqual([1, 2, prompt.length, 1500]);
    const row = (attention.data as Float32Array).subarray(0, 1500);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const plain = (await WhisperForConditionalGeneration.from_pretrained('plain', { dtype: 'fp32' })) as WhisperForConditionalGeneration;
    expect(Object.keys(await plain({ input_features, decoder_input_ids })).some((k) => k.startsWith('cross_attentions'))).toBe(false);
  });

  it('says exactly what the plain model says, through transformers.js and through the product decoding loop', async () => {
    const [plain, timestamped] = await Promise.all([ModelProbe.load('plain', true), ModelProbe.load('timestamped', true)]);
    for (const name of ['speech.wav', 'pauses.wav', 'noise-loud.wav', 'silence.wav']) {
      const window = audio(name).subarray(0, 30 * SAMPLE_RATE);
      expect((await timestamped.generate(window)).tokens, name).toEqual((await plain.generate(window)).tokens);
    }
    const session = await openSession('timestamped');
    const result = await session.transcribe(1, audio('speech.wav'), sessionOptions());
    expect(result.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
  });
});

describe("transformers.js's word timestamps (return_timestamps: 'word')", () => {
  const expectWordsAt = (chunks: WordChunk[], truth: Words['words'], tolerance: number) => {
    expect(chunks.map((c) => c.text.trim().replace(/\.$/, ''))).toEqual(truth.map((w) => w.word));
    chunks.forEach((c, i) => {
      expect(Math.abs(c.timestamp[0] - truth[i]!.startSeconds), `${c.text} start`).toBeLessThan(tolerance);
      expect(Math.abs(c.timestamp[1]! - truth[i]!.endSeconds), `${c.text} end`).toBeLessThan(tolerance);
    });
  };

  it('puts each word of words.wav within 0.1 s of where it was said', async () => {
    const asr = await asrPipeline('timestamped');
    const { words } = sidecar<Words>('words.json');
    const out = (await asr(audio(FIXTURE_FILES.words), { language: 'en', return_timestamps: 'word' })) as { text: string; chunks: WordChunk[] };
    expect(out.text).toBe(PASSAGE[0]);
    // A word ends, and the next starts, where the gap between them is split: half a gap plus a frame at most.
    expectWordsAt(out.chunks, words, WORD_GAP_SECONDS / 2 + 0.04);
  });

  it('attaches the final "." to the last word, ending where its sound ends', async () => {
    const asr = await asrPipeline('timestamped');
    const { words } = sidecar<Words>('words.json');
    const out = (await asr(audio(FIXTURE_FILES.words), { language: 'en', return_timestamps: 'word' })) as { chunks: WordChunk[] };
    expect(out.chunks.at(-1)!.text).toBe(' dog.');
    expect(Math.abs(out.chunks.at(-1)!.timestamp[1]! - words.at(-1)!.endSeconds)).toBeLessThan(0.05);
  });

  it('splits continuous speech evenly over its region, in order, inside the region', async () => {
    const asr = await asrPipeline('timestamped');
    const { speechStartSeconds, speechEndSeconds } = sidecar<{ speechStartSeconds: number; speechEndSeconds: number }>('speech.json');
    const out = (await asr(audio('speech.wav'), { language: 'en', return_timestamps: 'word' })) as { chunks: WordChunk[] };
    expect(out.chunks).toHaveLength(9);
    const share = (speechEndSeconds - speechStartSeconds) / 9;
    out.chunks.forEach((c, i) => {
      expect(Math.abs(c.timestamp[0] - (speechStartSeconds + i * share)), c.text).toBeLessThan(0.1);
      expect(Math.abs(c.timestamp[1]! - (speechStartSeconds + (i + 1) * share)), c.text).toBeLessThan(0.1);
    });
  });

  it('times the words of every region of a window with pauses', async () => {
    const asr = await asrPipeline('timestamped');
    const utterances = sidecar<{ utterances: { startSeconds: number; endSeconds: number }[] }>('pauses.json').utterances.filter((u) => u.endSeconds < 25);
    const out = (await asr(audio('pauses.wav').subarray(0, 25 * SAMPLE_RATE), { language: 'en', return_timestamps: 'word' })) as { chunks: WordChunk[] };
    let at = 0;
    utterances.forEach((u, k) => {
      const count = passageText(k).trim().split(' ').length;
      const words = out.chunks.slice(at, at + count);
      at += count;
      expect(words.map((w) => w.text).join('')).toBe(passageText(k));
      expect(Math.abs(words[0]!.timestamp[0] - u.startSeconds)).toBeLessThan(0.1);
      expect(Math.abs(words.at(-1)!.timestamp[1]! - u.endSeconds)).toBeLessThan(0.1);
    });
    expect(at).toBe(out.chunks.length);
  });

  it('works for the English-only layout too', async () => {
    const asr = await asrPipeline('timestamped.en');
    const out = (await asr(audio(FIXTURE_FILES.words), { return_timestamps: 'word' })) as { chunks: WordChunk[] };
    expectWordsAt(out.chunks, sidecar<Words>('words.json').words, 0.1);
  });
});

describe("the worker's word timing (cross-attention DTW in our own decoding loop)", () => {
  const sessionWords = async (name: string, file: string, options = sessionOptions()) => {
    const session = await openSession(name);
    const result = await session.transcribe(1, audio(file).subarray(0, 30 * SAMPLE_RATE), options);
    return { session, result, words: result.segments.flatMap((s) => s.words ?? []) };
  };

  it('puts each word of words.wav within 0.1 s of where it was said, with its probability', async () => {
    const { session, words } = await sessionWords('timestamped', FIXTURE_FILES.words);
    const truth = sidecar<Words>('words.json').words;
    expect(session.info.wordTimings).toBe(true);
    expect(words.map((w) => w.text.trim().replace(/\.$/, ''))).toEqual(truth.map((w) => w.word));
    words.forEach((w, i) => {
      expect(Math.abs(w.start - truth[i]!.startSeconds), `${w.text} start`).toBeLessThan(0.1);
      expect(Math.abs(w.end - truth[i]!.endSeconds), `${w.text} end`).toBeLessThan(0.1);
      expect(w.probability).toBeGreaterThan(0);
      expect(w.probability).toBeLessThanOrEqual(1);
    });
  });

  it('times the words of each segment of a window with pauses, inside that segment', async () => {
    const { result } = await sessionWords('timestamped', 'pauses.wav');
    const utterances = sidecar<{ utterances: { startSeconds: number; endSeconds: number }[] }>('pauses.json').utterances;
    expect(result.segments.length).toBeGreaterThan(2);
    result.segments.forEach((segment, k) => {
      const words = segment.words!;
      expect(words.map((w) => w.text).join('')).toBe(segment.text);
      // The last utterance runs past the 30 s window: its end is not in this audio.
      if (utterances[k]!.endSeconds > 29.5) return;
      expect(Math.abs(words[0]!.start - utterances[k]!.startSeconds), segment.text).toBeLessThan(0.1);
      expect(Math.abs(words.at(-1)!.end - utterances[k]!.endSeconds), segment.text).toBeLessThan(0.1);
    });
  });

  it('times words without timestamp tokens too, and with the English-only layout', async () => {
    const truth = sidecar<Words>('words.json').words;
    for (const [name, options] of [['timestamped', { ...sessionOptions(), timestamps: false }], ['timestamped.en', { ...sessionOptions(), language: null }]] as const) {
      const { words } = await sessionWords(name, FIXTURE_FILES.words, options);
      expect(words, name).toHaveLength(truth.length);
      words.forEach((w, i) => expect(Math.abs(w.start - truth[i]!.startSeconds), `${name} ${w.text}`).toBeLessThan(0.1));
    }
  });

  it('gives segment times only, and says so, for a decoder without cross-attention', async () => {
    const { session, result } = await sessionWords('plain', FIXTURE_FILES.words);
    expect(session.info.wordTimings).toBe(false);
    expect(result.segments.length).toBeGreaterThan(0);
    expect(result.segments.every((s) => s.words === undefined)).toBe(true);
  });
});
