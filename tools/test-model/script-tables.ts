import type { ScriptIds } from './tokenizer.ts';

/** The fixed phrases, in the order of their rows in the tables: the mode index the script computes. */
export const FIXED = { translate: 0, noise: 1, tonal: 2 } as const;
/** In a fixed phrase's next-token row: not in the phrase, or its last token. */
const NOT_IN_PHRASE = -1;
export const PHRASE_END = -2;

/**
 * Lookup tables over the vocabulary (or over passage word codes) that the script's graph gathers from. Built once
 * per model; every table is a plain typed array so it can be checked here without ONNX.
 *
 * Passage words are numbered in one code space for all passages (LANGUAGE_PASSAGES, in `languages` order): each
 * passage has a start code (no word of it said yet) followed by its words in reading order. Code 0 is no word.
 */
export interface ScriptTables {
  /** The languages with a passage, in code order; index 0 is the one every other language reads. */
  languages: string[];
  /** Per language (same order): its start code. */
  startCode: BigInt64Array;
  /**
   * Per token: its passage word's code, 0 for other tokens. A prompt-vocabulary word and the beam trap's wrong word
   * carry the code of the word they stand in for, so the passage goes on after them.
   */
  passageCode: BigInt64Array;
  /** Per token: 1 for those stand-in words. */
  standIn: Float32Array;
  /** Per code: the index of its language in `languages` (−1 for code 0). */
  languageByCode: Float32Array;
  /** Per code: the token that follows (a start code: the passage's first word; a final word: the next sentence's first). */
  nextByCode: BigInt64Array;
  /** Per code: 1 where the word ends its sentence (the "." comes next). */
  finalByCode: Float32Array;
  /** Per code: the first word of its sentence (where a repetition loop goes back to). */
  sentenceFirstByCode: BigInt64Array;
  /** Per code: how many words of its sentence follow it. */
  wordsLeftByCode: Float32Array;
  /** [3 × V] rows, one per fixed phrase (FIXED): 1 where the token belongs to the phrase. */
  fixedMember: Float32Array;
  /** [3 × V]: the next token of the phrase, PHRASE_END after its last, NOT_IN_PHRASE elsewhere. */
  fixedNext: BigInt64Array;
  /** [3 × V]: how many words (not counting a final ".") of the phrase follow the token. */
  fixedWordsLeft: Float32Array;
  /** Each fixed phrase's first token. */
  fixedFirst: BigInt64Array;
  /** Per token: 1 where it ends what the script says for one region (counted when timestamps are off). */
  regionFinal: Float32Array;
  period: number;
}

export function buildScriptTables(ids: ScriptIds, vocabSize: number): ScriptTables {
  const V = vocabSize;
  const languages = Object.keys(ids.passages);
  const passages = Object.values(ids.passages);
  const period = passages[0]![0]!.at(-1)!;
  if (passages.some((p) => p.some((s) => s.at(-1) !== period))) throw new Error('every passage sentence must end with the same "." token');
  const words = passages.flatMap((p) => p.flatMap((sentence) => sentence.slice(0, -1)));
  if (new Set(words).size !== words.length || words.includes(period)) {
    throw new Error('every passage word must be its own token and occur once, or the word after it is ambiguous');
  }

  const codes = 1 + languages.length + words.length;
  const passageCode = new BigInt64Array(V);
  const languageByCode = new Float32Array(codes).fill(-1);
  const nextByCode = new BigInt64Array(codes);
  const finalByCode = new Float32Array(codes);
  const sentenceFirstByCode = new BigInt64Array(codes);
  const wordsLeftByCode = new Float32Array(codes);
  const startCode = new BigInt64Array(languages.length);
  let code = 0;
  passages.forEach((passage, language) => {
    const own = passage.flatMap((sentence) => sentence.slice(0, -1));
    const first = ++code;
    startCode[language] = BigInt(first);
    languageByCode[first] = language;
    nextByCode[first] = BigInt(own[0]!);
    let index = 0;
    for (const sentence of passage) {
      const sentenceWords = sentence.slice(0, -1);
      sentenceWords.forEach((word, i) => {
        code++;
        index++;
        passageCode[word] = BigInt(code);
        languageByCode[code] = language;
        nextByCode[code] = BigInt(own[index % own.length]!);
        sentenceFirstByCode[code] = BigInt(sentenceWords[0]!);
        wordsLeftByCode[code] = sentenceWords.length - 1 - i;
      });
      finalByCode[code] = 1;
    }
  });
  const standIn = new Float32Array(V);
  for (const { word, replaces } of [...ids.vocabulary, { word: ids.beamTrap.wrong, replaces: ids.beamTrap.right }]) {
    if (passageCode[word] !== 0n || passageCode[replaces] === 0n) throw new Error('a stand-in word must be new and stand in for a passage word');
    passageCode[word] = passageCode[replaces]!;
    standIn[word] = 1;
  }

  const fixed = [ids.translate, ids.hallucinations.noise, ids.hallucinations.tonal];
  const fixedMember = new Float32Array(3 * V);
  const fixedNext = new BigInt64Array(3 * V).fill(BigInt(NOT_IN_PHRASE));
  const fixedWordsLeft = new Float32Array(3 * V);
  const regionFinal = new Float32Array(V);
  regionFinal[period] = 1;
  fixed.forEach((phrase, row) => {
    if (new Set(phrase).size !== phrase.length) throw new Error('a fixed phrase must not repeat a token');
    const phraseWords = phrase.filter((id) => id !== period).length;
    phrase.forEach((id, i) => {
      fixedMember[row * V + id] = 1;
      fixedNext[row * V + id] = BigInt(i + 1 < phrase.length ? phrase[i + 1]! : PHRASE_END);
      fixedWordsLeft[row * V + id] = Math.max(0, phraseWords - 1 - i);
    });
    regionFinal[phrase.at(-1)!] = 1;
  });
  return {
    languages,
    startCode,
    passageCode,
    standIn,
    languageByCode,
    nextByCode,
    finalByCode,
    sentenceFirstByCode,
    wordsLeftByCode,
    fixedMember,
    fixedNext,
    fixedWordsLeft,
    fixedFirst: BigInt64Array.from(fixed, (p) => BigInt(p[0]!)),
    regionFinal,
    period,
  };
}
