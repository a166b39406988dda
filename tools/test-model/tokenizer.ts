import { BEAM_TRAP, GARBAGE_WORDS, HALLUCINATIONS, LANGUAGE_PASSAGES, PHRASES, PROMPT_VOCABULARY, type TokenLayout } from './spec.ts';

/** GPT-2's byte-to-printable-character table: the alphabet of byte-level BPE. */
const isPrintable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
const BYTE_TO_CHAR: string[] = [];
for (let b = 0, extra = 0; b < 256; b++) BYTE_TO_CHAR.push(String.fromCharCode(isPrintable(b) ? b : 256 + extra++));
/** The alphabet in GPT-2's id order: printable bytes first, then the rest. */
const BYTE_CHARS = [...BYTE_TO_CHAR.filter((_, b) => isPrintable(b)), ...BYTE_TO_CHAR.filter((_, b) => !isPrintable(b))];
const toByteLevel = (text: string) => Array.from(new TextEncoder().encode(text), (b) => BYTE_TO_CHAR[b]!).join('');

/** Characters Whisper never lets the model emit alone (from OpenAI's `non_speech_tokens`). */
const SUPPRESSED_SYMBOLS = '"#()*+/:;<=>@[\\]^_`{|}~';

/** Token ids of everything the script says. */
export interface ScriptIds {
  /** Per language with a passage of its own (LANGUAGE_PASSAGES): each sentence, its final "." included. */
  passages: Record<string, number[][]>;
  /** PROMPT_VOCABULARY: each word's token and the passage word it stands in for. */
  vocabulary: { word: number; replaces: number }[];
  beamTrap: { wrong: number; right: number };
  translate: number[];
  hallucinations: { noise: number[]; tonal: number[] };
  garbage: number[];
}

export interface BuiltTokenizer {
  tokenizerJson: object;
  tokenizerConfigJson: object;
  ids: ScriptIds;
  suppressTokens: number[];
}

/**
 * Added tokens: the control tokens are special; timestamps are not (they stay in decoded output). Only the
 * multilingual layout lists timestamps, as in the real files.
 */
export function specialTokens(layout: TokenLayout, withTimestamps: boolean): { id: number; content: string; special: boolean }[] {
  const list = [
    { id: layout.eot, content: '<|endoftext|>' },
    { id: layout.sot, content: '<|startoftranscript|>' },
    // The English-only checkpoints still spell Hebrew with its old code.
    ...layout.languageCodes.map((code, i) => ({ id: layout.firstLanguage + i, content: `<|${code === 'he' && !withTimestamps ? 'iw' : code}|>` })),
    { id: layout.translate, content: '<|translate|>' },
    { id: layout.transcribe, content: '<|transcribe|>' },
    { id: layout.startOfLm, content: '<|startoflm|>' },
    { id: layout.startOfPrev, content: '<|startofprev|>' },
    { id: layout.noSpeech, content: '<|nocaptions|>' },
    { id: layout.noTimestamps, content: '<|notimestamps|>' },
  ].map((t) => ({ ...t, special: true }));
  if (withTimestamps) {
    for (let i = 0; i < layout.timestampCount; i++) {
      list.push({ id: layout.timestampBegin + i, content: `<|${(i * 0.02).toFixed(2)}|>`, special: false });
    }
  }
  return list;
}

/**
 * A byte-level BPE tokenizer with Whisper's id layout: ids 0–255 are the byte alphabet (as in GPT-2, so the
 * suppressed punctuation keeps its real ids), then the script's words and the merges that build them, then filler
 * tokens up to end-of-text, then the special tokens. Real English-only checkpoints ship no timestamp tokens in
 * their tokenizer; this mirrors that.
 */
export function buildTokenizer(layout: TokenLayout, multilingual: boolean): BuiltTokenizer {
  const vocab = new Map<string, number>();
  BYTE_CHARS.forEach((c, i) => vocab.set(c, i));
  const merges: string[] = [];
  const wordIds = (text: string): number[] =>
    // A word, with a web address's dots inside it ("Amara.org" is one token, as the model emits it), or a full stop.
    (text.match(/ ?\p{L}+(?:\.\p{Ll}+)*|[.]/gu) ?? []).map((word) => {
      const chars = Array.from(toByteLevel(word));
      let piece = chars[0]!;
      for (const c of chars.slice(1)) {
        const merged = piece + c;
        if (!vocab.has(merged)) {
          merges.push(`${piece} ${c}`);
          vocab.set(merged, vocab.size);
        }
        piece = merged;
      }
      return vocab.get(piece)!;
    });
  const one = (word: string) => {
    const [id, ...rest] = wordIds(word);
    if (id === undefined || rest.length > 0) throw new Error(`"${word}" must be one word`);
    return id;
  };
  const ids: ScriptIds = {
    passages: Object.fromEntries(Object.entries(LANGUAGE_PASSAGES).map(([code, passage]) => [code, passage.map(wordIds)])),
    vocabulary: PROMPT_VOCABULARY.map(({ word, replaces }) => ({ word: one(word), replaces: one(replaces) })),
    beamTrap: { wrong: one(BEAM_TRAP.wrongWord), right: one(BEAM_TRAP.rightWord) },
    translate: wordIds(PHRASES.translate),
    hallucinations: { noise: wordIds(HALLUCINATIONS.noise), tonal: wordIds(HALLUCINATIONS.tonal) },
    garbage: GARBAGE_WORDS.flatMap(wordIds),
  };
  for (let id = vocab.size; id < layout.eot; id++) vocab.set(`${BYTE_CHARS[220]}~${id}`, id);
  vocab.set('<|endoftext|>', layout.eot);

  const specials = specialTokens(layout, multilingual);
  const suppressTokens = [
    ...Array.from(SUPPRESSED_SYMBOLS, (c) => vocab.get(c)!),
    layout.sot,
    layout.translate,
    layout.transcribe,
    layout.startOfLm,
    layout.startOfPrev,
    layout.noSpeech,
  ].sort((a, b) => a - b);

  const special = (content: string) => {
    const id = specials.find((s) => s.content === content)!.id;
    return { id: content, ids: [id], tokens: [content] };
  };
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(({ id, content, special }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: !special, special })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '<|startoftranscript|>', type_id: 0 } },
        { SpecialToken: { id: '<|notimestamps|>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '<|endoftext|>', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '<|startoftranscript|>', type_id: 0 } },
        { SpecialToken: { id: '<|notimestamps|>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '<|endoftext|>', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['<|endoftext|>', '<|startoftranscript|>', '<|notimestamps|>'].map((c) => [c, special(c)])),
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  };

  const endOfText = '<|endoftext|>';
  const tokenizerConfigJson = {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(
      specials.map(({ id, content, special }) => [String(id), { content, lstrip: false, normalized: !special, rstrip: false, single_word: false, special }]),
    ),
    additional_special_tokens: specials.filter((s) => s.special).map((s) => s.content),
    bos_token: endOfText,
    clean_up_tokenization_spaces: true,
    eos_token: endOfText,
    errors: 'replace',
    model_max_length: 1024,
    pad_token: endOfText,
    processor_class: 'WhisperProcessor',
    return_attention_mask: false,
    tokenizer_class: 'WhisperTokenizer',
    unk_token: endOfText,
  };
  return { tokenizerJson, tokenizerConfigJson, ids, suppressTokens };
}
