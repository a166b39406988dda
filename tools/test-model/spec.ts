import { WHISPER_LANGUAGES } from '../../src/engine/languages.ts';
import type { WeightFormat } from './layers.ts';

export interface ModelDims {
  dModel: number;
  encoderLayers: number;
  decoderLayers: number;
  encoderHeads: number;
  decoderHeads: number;
  encoderFfn: number;
  decoderFfn: number;
  numMelBins: number;
  /**
   * Language tokens in the tokenizer: 99, or 100 for the large-v3 family, which added Cantonese after them and so
   * shifted every special token after the languages up by one (default 99).
   */
  languages?: 99 | 100;
  /**
   * The cross-attention heads, `[layer, head]`, that follow the audio (`alignment_heads` in
   * generation_config.json); default: every head of the upper half of the decoder.
   */
  alignmentHeads?: ReadonlyArray<readonly [number, number]>;
}

/**
 * `test` is as small as the architecture allows while keeping the real vocabulary, so tests load it in
 * milliseconds; `tiny`, `base` and `turbo` (large-v3-turbo) have the real models' dimensions, so their compute
 * cost is realistic. `turbo` also has large-v3's 128 mel bins, tokenizer layout and alignment heads; it is for the
 * benchmark (about 1.3 GB as an fp16 encoder), not for unit tests.
 */
export const PRESETS = {
  test: { dModel: 16, encoderLayers: 1, decoderLayers: 1, encoderHeads: 2, decoderHeads: 2, encoderFfn: 32, decoderFfn: 32, numMelBins: 80 },
  tiny: { dModel: 384, encoderLayers: 4, decoderLayers: 4, encoderHeads: 6, decoderHeads: 6, encoderFfn: 1536, decoderFfn: 1536, numMelBins: 80 },
  base: { dModel: 512, encoderLayers: 6, decoderLayers: 6, encoderHeads: 8, decoderHeads: 8, encoderFfn: 2048, decoderFfn: 2048, numMelBins: 80 },
  turbo: {
    dModel: 1280, encoderLayers: 32, decoderLayers: 4, encoderHeads: 20, decoderHeads: 20, encoderFfn: 5120, decoderFfn: 5120, numMelBins: 128,
    languages: 100,
    alignmentHeads: [[2, 4], [2, 11], [3, 3], [3, 6], [3, 11], [3, 14]],
  },
} satisfies Record<string, ModelDims>;
export type PresetName = keyof typeof PRESETS;

export const MAX_SOURCE_POSITIONS = 1500;
export const MAX_TARGET_POSITIONS = 448;
export const MEL_FRAMES = 3000;

/**
 * The special-token layout of real Whisper: English-only models shift every id down by one; large-v3's hundredth
 * language (`<|yue|>`) shifts every id after the languages up by one.
 */
export function tokenLayout(multilingual: boolean, languages: 99 | 100 = 99) {
  const eot = multilingual ? 50257 : 50256;
  const firstLanguage = eot + 2;
  const translate = firstLanguage + languages;
  const timestampBegin = translate + 6;
  return {
    eot,
    sot: eot + 1,
    firstLanguage,
    /** The language codes in token order (`<|en|>` first). */
    languageCodes: WHISPER_LANGUAGES.slice(0, languages).map(([code]) => code),
    translate,
    transcribe: translate + 1,
    startOfLm: translate + 2,
    startOfPrev: translate + 3,
    noSpeech: translate + 4,
    noTimestamps: translate + 5,
    timestampBegin,
    /** <|0.00|> … <|30.00|> in 0.02 s steps. */
    timestampCount: 1501,
    vocabSize: timestampBegin + 1501,
  };
}
export type TokenLayout = ReturnType<typeof tokenLayout>;

/**
 * What the model says for speech: a passage read as one endless cycle S1 → S2 → … → S6 → S1. The text of each
 * speech region starts at the word after the last passage word in the token history (the `<|startofprev|>` prompt
 * and the output so far) and runs to the end of that sentence; with no passage word in the history it starts at
 * S1. Every word is its own token and occurs once in the passage (" The" and " the" are different tokens), so
 * "the word after" is always defined.
 */
export const PASSAGE: readonly string[] = [
  ' The quick brown fox jumps over the lazy dog.',
  ' Pack my box with five dozen liquor jugs.',
  ' How vexingly daft zebras jump.',
  ' Bright vixens quietly judge crazy waltzes.',
  ' Amazingly few discotheques provide jukeboxes.',
  ' Sixty zippers were quickly picked from woven jute bags.',
];

/**
 * The text of the `k`-th utterance (0-based) when every utterance before it was heard in full and is in the
 * history: in one window, or window after window with the previous text as the prompt.
 */
export function passageText(k: number): string {
  return PASSAGE[k % PASSAGE.length]!;
}

/**
 * What the model says for speech decoded with `<|es|>`: a passage of its own, read the same way as PASSAGE (its
 * words are tokens of their own too, none shared with PASSAGE). Every other language token gets PASSAGE.
 */
export const SPANISH_PASSAGE: readonly string[] = [
  ' El veloz murciélago hindú comía feliz cardillo y kiwi.',
  ' La cigüeña tocaba el saxofón detrás del palenque de paja.',
  ' Quiero ese whisky exótico junto al fuego.',
  ' Un jugoso zumbido llenaba nuestras noches tranquilas.',
];

/** The passage the model reads for each language token; languages not listed read PASSAGE. */
export const LANGUAGE_PASSAGES: Readonly<Record<string, readonly string[]>> = { en: PASSAGE, es: SPANISH_PASSAGE };

/** The transcribe phrase is the passage's first sentence (what a window without a prompt starts with). */
export const PHRASES = {
  transcribe: PASSAGE[0]!,
  translate: ' A translated sentence.',
} as const;

/**
 * What the model says for a window of loud non-speech without speech, as real Whisper does: noise-like sound gets
 * a low-confidence " Thank you." tonal sound (a chord, music) a confident subtitle credit.
 */
export const HALLUCINATIONS = {
  noise: ' Thank you.',
  tonal: ' Subtitles by the Amara.org community',
} as const;

/** Filler tokens: the runners-up of flat (low-confidence) logits, which sampling sometimes picks. */
export const GARBAGE_WORDS: readonly string[] = [' uh', ' um', ' er', ' ah', ' hmm', ' mhm', ' eh', ' oh'];

/**
 * Vocabulary the model knows but never says unprompted: when the `<|startofprev|>` prompt holds one of these
 * tokens, the model says it in place of the passage word it stands for, as real Whisper picks up names and terms
 * from its prompt. Each is one token (lower case, with its leading space: " quokka", as "…, quokka, …" tokenises).
 */
export const PROMPT_VOCABULARY: ReadonlyArray<{ word: string; replaces: string }> = [
  { word: ' quokka', replaces: ' fox' },
  { word: ' okapis', replaces: ' zebras' },
];

/**
 * Narrow-band pilot tones under speech that switch on failure modes (see hearing.ts and script.ts): faint enough
 * that no loudness measure notices them, visible to the model as one mel bin pair above its neighbours.
 */
export const PILOT_TONES_HZ = {
  /** Greedy decoding repeats the sentence until the length limit; sampling at temperature ≥ 0.2 escapes. */
  repeat: 5000,
  /** Flat logits: the right words, each with probability about 0.14. */
  lowConfidence: 7000,
  /** Greedy decoding takes a wrong word (BEAM_TRAP) that only beam search avoids. */
  beamTrap: 3500,
} as const;

/**
 * The beam-search trap (pilot tone PILOT_TONES_HZ.beamTrap): after " quick" the model puts " brow" 0.3 above
 * " brown" (probabilities 0.57 and 0.43), and after " brow" its next word ties with the eight GARBAGE_WORDS
 * (probability 0.11), while after " brown" it is certain. Greedy decoding says `greedy` with an average
 * log-probability of about −0.2 (no fallback rule fires: it is not unsure, and it does not repeat); a beam search
 * of 5 ranked by log-probability per token says `beam`, the passage's own sentence.
 */
export const BEAM_TRAP = {
  wrongWord: ' brow',
  rightWord: ' brown',
  /** How far the wrong word's logit sits above the right one's. */
  wrongLead: 0.3,
  greedy: ' The quick brow fox jumps over the lazy dog.',
  beam: PASSAGE[0]!,
} as const;

/**
 * The voice decides the language the model detects: speech whose lowest harmonics sit low (a typical male voice,
 * espeak-ng's default, fundamental ≈ 100 Hz) is heard as `low`, a high voice (fundamental ≳ 180 Hz, espeak-ng's
 * `+f4` variant at pitch 80: ≈ 250 Hz) as `high`. Defaults: `low` is GenerateOptions.language, `high` the first of
 * en, es, de that differs from it.
 */
export interface Voices {
  low: string;
  high: string;
}

/** The test media the generator's features are checked with (scripts/make-fixtures.ts writes them). */
export const FIXTURE_FILES = {
  /** The words of PASSAGE[0], each spoken alone, joined by WORD_GAP_SECONDS of silence; words.json has their times. */
  words: 'words.wav',
  /** SPANISH_PASSAGE[0] in a high Spanish voice (espeak-ng es+f4, pitch 80). */
  spanish: 'spanish.wav',
  /** Three English utterances in the default (low) voice, then three Spanish ones in a high voice, over ~55 s. */
  mixedLanguages: 'mixed-languages.wav',
  /** speech.wav with the beam-trap pilot tone under it. */
  beamTrap: 'beam-trap.wav',
} as const;

/** Silence between the words of words.wav: shorter than a pause that ends a speech region (0.6 s). */
export const WORD_GAP_SECONDS = 0.07;

export interface GenerateOptions {
  preset: PresetName | ModelDims;
  multilingual: boolean;
  /** The language the model "hears" in a low voice when asked to detect one (multilingual only). */
  language?: string;
  /** The languages of a low and a high voice (multilingual only); see Voices for the defaults. */
  voices?: Partial<Voices>;
  /**
   * The decoder also outputs `cross_attentions.<layer>` (`[batch, heads, new tokens, 1500]`), as the onnx-community
   * `_timestamped` exports do, with the alignment heads following the words (word timestamps by DTW).
   */
  timestamped?: boolean;
  /** Storage of the encoder's and decoder's weights: one file of each per format (default fp32). */
  dtypes?: ReadonlyArray<WeightFormat>;
  /** The encoder's formats where they differ from `dtypes` (large-v3-turbo on WebGPU: fp16 encoder, q4 decoder). */
  encoderDtypes?: ReadonlyArray<WeightFormat>;
  decoderDtypes?: ReadonlyArray<WeightFormat>;
  seed?: number;
}

export function dimsOf(preset: PresetName | ModelDims): ModelDims {
  return typeof preset === 'string' ? PRESETS[preset] : preset;
}

/** The alignment heads of a model of these dimensions. */
export function alignmentHeadsOf(d: ModelDims): [number, number][] {
  if (d.alignmentHeads) return d.alignmentHeads.map(([l, h]) => [l, h]);
  const heads: [number, number][] = [];
  for (let l = Math.floor(d.decoderLayers / 2); l < d.decoderLayers; l++) for (let h = 0; h < d.decoderHeads; h++) heads.push([l, h]);
  return heads;
}

/** The languages of the two voices (see Voices). */
export function voicesOf(options: Pick<GenerateOptions, 'language' | 'voices'>): Voices {
  const low = options.voices?.low ?? options.language ?? 'en';
  return { low, high: options.voices?.high ?? ['en', 'es', 'de'].find((c) => c !== low)! };
}

/**
 * Parameter count of a real Whisper checkpoint of these dimensions (what `model.num_parameters()` reports in
 * PyTorch): convolutions, both positional tables, attention (k_proj has no bias), layer norms, feed-forward,
 * and the token embedding, which the output projection shares.
 */
export function realParameterCount(d: ModelDims, vocabSize: number): number {
  const m = d.dModel;
  const attn = 4 * m * m + 3 * m;
  const ln = 2 * m;
  const ffn = (f: number) => m * f + f + f * m + m;
  const encoder =
    d.numMelBins * m * 3 + m + m * m * 3 + m + MAX_SOURCE_POSITIONS * m + d.encoderLayers * (attn + 2 * ln + ffn(d.encoderFfn)) + ln;
  const decoder =
    vocabSize * m + MAX_TARGET_POSITIONS * m + d.decoderLayers * (2 * attn + 3 * ln + ffn(d.decoderFfn)) + ln;
  return encoder + decoder;
}
