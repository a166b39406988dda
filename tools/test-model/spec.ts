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
}

/**
 * `test` is as small as the architecture allows while keeping the real vocabulary, so tests load it in
 * milliseconds; `tiny` and `base` have the real models' dimensions, so their compute cost is realistic.
 */
export const PRESETS = {
  test: { dModel: 16, encoderLayers: 1, decoderLayers: 1, encoderHeads: 2, decoderHeads: 2, encoderFfn: 32, decoderFfn: 32, numMelBins: 80 },
  tiny: { dModel: 384, encoderLayers: 4, decoderLayers: 4, encoderHeads: 6, decoderHeads: 6, encoderFfn: 1536, decoderFfn: 1536, numMelBins: 80 },
  base: { dModel: 512, encoderLayers: 6, decoderLayers: 6, encoderHeads: 8, decoderHeads: 8, encoderFfn: 2048, decoderFfn: 2048, numMelBins: 80 },
} satisfies Record<string, ModelDims>;
export type PresetName = keyof typeof PRESETS;

export const MAX_SOURCE_POSITIONS = 1500;
export const MAX_TARGET_POSITIONS = 448;
export const MEL_FRAMES = 3000;
/** Whisper's 99 languages; large-v3's Cantonese is not part of the tiny/base layout. */
export const LANGUAGE_CODES = WHISPER_LANGUAGES.slice(0, 99).map(([code]) => code);

/** The special-token layout of real Whisper: English-only models shift every id down by one. */
export function tokenLayout(multilingual: boolean) {
  const eot = multilingual ? 50257 : 50256;
  const timestampBegin = eot + 107;
  return {
    eot,
    sot: eot + 1,
    firstLanguage: eot + 2,
    translate: eot + 101,
    transcribe: eot + 102,
    startOfLm: eot + 103,
    startOfPrev: eot + 104,
    noSpeech: eot + 105,
    noTimestamps: eot + 106,
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

/** The transcribe phrase is the passage's first sentence (what a window without a prompt starts with). */
export const PHRASES = {
  transcribe: PASSAGE[0]!,
  translate: ' A translated sentence.',
} as const;

/**
 * What the model says for a window of loud non-speech without speech, as real Whisper does: noise-like sound gets
 * a low-confidence " Thank you.", tonal sound (a chord, music) a confident subtitle credit.
 */
export const HALLUCINATIONS = {
  noise: ' Thank you.',
  tonal: ' Subtitles by the Amara.org community',
} as const;

/** Filler tokens: the runners-up of flat (low-confidence) logits, which sampling sometimes picks. */
export const GARBAGE_WORDS: readonly string[] = [' uh', ' um', ' er', ' ah', ' hmm', ' mhm', ' eh', ' oh'];

/**
 * Narrow-band pilot tones under speech that switch on failure modes (see hearing.ts and script.ts): faint enough
 * that no loudness measure notices them, visible to the model as one mel bin pair above its neighbours.
 */
export const PILOT_TONES_HZ = {
  /** Greedy decoding repeats the sentence until the length limit; sampling at temperature ≥ 0.2 escapes. */
  repeat: 5000,
  /** Flat logits: the right words, each with probability about 0.14. */
  lowConfidence: 7000,
} as const;

export interface GenerateOptions {
  preset: PresetName | ModelDims;
  multilingual: boolean;
  /** The language the model "hears" when asked to detect one (multilingual only). */
  language?: string;
  /** Storage of the encoder's and decoder's weights. */
  dtypes?: ReadonlyArray<WeightFormat>;
  seed?: number;
}

export function dimsOf(preset: PresetName | ModelDims): ModelDims {
  return typeof preset === 'string' ? PRESETS[preset] : preset;
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
