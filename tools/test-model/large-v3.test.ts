import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { buildModel } from './generate.ts';
import { ModelProbe } from './model-probe.ts';
import { BEAM_TRAP, FIXTURE_FILES, PHRASES, PRESETS, SPANISH_PASSAGE, realParameterCount, tokenLayout, type ModelDims } from './spec.ts';
import { readWav } from '../wav.ts';
import { asrPipeline, audio, openSession, prepare, sessionOptions, sidecar } from './test-setup.ts';

// The turbo preset: large-v3-turbo's dimensions, 128 mel bins and large-v3's tokenizer layout (a hundredth
// language, <|yue|>, shifts every special token after the languages by one). The real preset is ~1.3 GB and for the
// benchmark; here a model with the same layout, mel bins, decoder shape and alignment heads but a narrow width and
// one encoder layer checks that the layout loads and transcribes.
const MODELS = '.cache/models-large-v3';
/** openai/whisper-large-v3-turbo as PyTorch counts it. */
const PUBLISHED_TURBO_PARAMETERS = 808_878_080;
const NARROW_TURBO: ModelDims = { ...PRESETS.turbo, dModel: 40, encoderLayers: 1, encoderHeads: 2, encoderFfn: 32, decoderFfn: 32 };
const REFERENCE = new URL('../../../shared/reference/', import.meta.url);
const SHARED_AUDIO = resolve('../shared/audio');

const files = buildModel({ preset: 'turbo', multilingual: true }).files as Record<string, Record<string, unknown>>;
const addedTokens = (tokenizer: Record<string, unknown>) => tokenizer.added_tokens as { id: number; content: string; special: boolean }[];

describe('the large-v3 layout', () => {
  it('has the special tokens where large-v3 has them', () => {
    const layout = tokenLayout(true, 100);
    expect(layout).toMatchObject({ eot: 50257, sot: 50258, firstLanguage: 50259, translate: 50359, transcribe: 50360, startOfLm: 50361, startOfPrev: 50362, noSpeech: 50363, noTimestamps: 50364, timestampBegin: 50365, vocabSize: 51866 });
    expect(layout.languageCodes).toHaveLength(100);
    const byId = new Map(addedTokens(files['tokenizer.json']!).map((t) => [t.id, t.content]));
    expect([50258, 50259, 50357, 50358, 50359, 50360, 50362, 50363, 50364, 50365, 51865].map((id) => byId.get(id))).toEqual([
      '<|startoftranscript|>', '<|en|>', '<|su|>', '<|yue|>', '<|translate|>', '<|transcribe|>', '<|startofprev|>', '<|nocaptions|>', '<|notimestamps|>', '<|0.00|>', '<|30.00|>',
    ]);
  });

  it('has large-v3-turbo configuration files', () => {
    expect(files['config.json']).toMatchObject({ d_model: 1280, encoder_layers: 32, decoder_layers: 4, encoder_attention_heads: 20, decoder_attention_heads: 20, encoder_ffn_dim: 5120, decoder_ffn_dim: 5120, num_mel_bins: 128, vocab_size: 51866, median_filter_width: 7 });
    const generation = files['generation_config.json']!;
    expect(generation).toMatchObject({ no_timestamps_token_id: 50364, prev_sot_token_id: 50362, task_to_id: { translate: 50359, transcribe: 50360 }, alignment_heads: [[2, 4], [2, 11], [3, 3], [3, 6], [3, 11], [3, 14]] });
    expect(Object.keys(generation.lang_to_id as object)).toHaveLength(100);
    expect((generation.lang_to_id as Record<string, number>)['<|yue|>']).toBe(50358);
    expect(files['preprocessor_config.json']).toMatchObject({ feature_size: 128 });
    expect(realParameterCount(PRESETS.turbo, 51866)).toBe(PUBLISHED_TURBO_PARAMETERS);
  });

  // whisper-tiny has the 99-language layout: large-v3's is the same up to the languages and one further after them.
  it.runIf(existsSync(REFERENCE))('is the real whisper-tiny layout shifted by one after the languages', () => {
    const real = addedTokens(JSON.parse(readFileSync(new URL('whisper-tiny/tokenizer.json', REFERENCE), 'utf8')));
    const shifted = real.map(({ id, content, special }) => ({ id: id >= 50358 ? id + 1 : id, content, special }));
    const ours = addedTokens(files['tokenizer.json']!).map(({ id, content, special }) => ({ id, content, special }));
    expect(ours.filter((t) => t.content !== '<|yue|>')).toEqual(shifted);
  });
});

describe('a narrow model with the turbo layout', () => {
  let probe: ModelProbe;
  beforeAll(async () => {
    await prepare(MODELS, { turbo: { preset: NARROW_TURBO, multilingual: true, timestamped: true } });
    probe = await ModelProbe.load('turbo', true);
  }, 120_000);

  it('hears with 128 mel bins: speech, the pilot tones, the voice', async () => {
    expect(probe.layout.noTimestamps).toBe(50364);
    const { speechStartSeconds, speechEndSeconds } = sidecar<{ speechStartSeconds: number; speechEndSeconds: number }>('speech.json');
    const out = await probe.generate(audio('speech.wav'));
    expect(out.segments.map((s) => s.text)).toEqual([PHRASES.transcribe]);
    expect(Math.abs(out.segments[0]!.start - speechStartSeconds)).toBeLessThan(0.1);
    expect(Math.abs(out.segments[0]!.end! - speechEndSeconds)).toBeLessThan(0.1);
    expect((await probe.generate(audio('repeat-trigger.wav'), { maxNewTokens: 60 })).tokens).toHaveLength(60);
    expect((await probe.generate(audio(FIXTURE_FILES.beamTrap))).text).toBe(BEAM_TRAP.greedy);
    expect((await probe.generate(audio('noise-loud.wav').subarray(0, 480000))).text).toBe(' Thank you.');
    const detected = await probe.detect(audio(FIXTURE_FILES.spanish));
    expect(detected.language).toBe(50262);
    expect((await probe.detect(audio('silence.wav'))).noSpeech).toBeGreaterThan(0.9);
  });

  it("transcribes through transformers.js's pipeline and the product's decoding loop, with word times", async () => {
    const asr = await asrPipeline('turbo');
    expect(((await asr(audio('speech.wav'), { language: 'en' })) as { text: string }).text).toBe(PHRASES.transcribe);
    const { words } = sidecar<{ words: { startSeconds: number; endSeconds: number }[] }>('words.json');
    const timed = (await asr(audio(FIXTURE_FILES.words), { language: 'en', return_timestamps: 'word' })) as { chunks: { timestamp: [number, number] }[] };
    timed.chunks.forEach((c, i) => expect(Math.abs(c.timestamp[0] - words[i]!.startSeconds)).toBeLessThan(0.1));
    const session = await openSession('turbo');
    expect(session.info.languages).toHaveLength(100);
    const result = await session.transcribe(1, audio(FIXTURE_FILES.spanish), sessionOptions({ language: null }));
    expect(result.language).toBe('es');
    expect(result.text).toBe(SPANISH_PASSAGE[0]);
  });

  it.runIf(existsSync(SHARED_AUDIO))('hears the real recordings in ../shared/audio as speech with 128 mel bins', async () => {
    for (const file of readdirSync(SHARED_AUDIO).filter((f) => f.endsWith('.wav'))) {
      const samples = readWav(join(SHARED_AUDIO, file)).samples.subarray(0, 30 * 16000);
      expect((await probe.detect(samples)).noSpeech, file).toBeLessThan(0.1);
    }
  }, 300_000);
});
