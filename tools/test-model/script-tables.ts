import type { ScriptIds } from './tokenizer.ts';

/** The fixed phrases, in the order of their rows in the tables: the mode index the script computes. */
export const FIXED = { translate: 0, noise: 1, tonal: 2 } as const;
/** In a fixed phrase's next-token row: not in the phrase, or its last token. */
const NOT_IN_PHRASE = -1;
export const PHRASE_END = -2;

/**
 * Lookup tables over the vocabulary (or over passage word codes) that the script's graph gathers from. Built once
 * per model; every table is a plain typed array so it can be checked here without ONNX.
 */
export interface ScriptTables {
  /** Per token: 1 … W for the passage's words in reading order, 0 otherwise. */
  passageCode: BigInt64Array;
  /** Per code (0 = no passage word yet): the token that follows, the next sentence's first word after a final word. */
  nextByCode: BigInt64Array;
  /** Per code: 1 where the word ends its sentence (the "." comes next). */
  finalByCode: Float32Array;
  /** Per code: the first word of its sentence (where a repetition loop goes back to). */
  sentenceFirstByCode: BigInt64Array;
  /** [3 × V] rows, one per fixed phrase (FIXED): 1 where the token belongs to the phrase. */
  fixedMember: Float32Array;
  /** [3 × V]: the next token of the phrase, PHRASE_END after its last, NOT_IN_PHRASE elsewhere. */
  fixedNext: BigInt64Array;
  /** Each fixed phrase's first token. */
  fixedFirst: BigInt64Array;
  /** Per token: 1 where it ends what the script says for one region (counted when timestamps are off). */
  regionFinal: Float32Array;
  period: number;
}

export function buildScriptTables(ids: ScriptIds, vocabSize: number): ScriptTables {
  const V = vocabSize;
  const words = ids.passage.flatMap((sentence) => sentence.slice(0, -1));
  const period = ids.passage[0]!.at(-1)!;
  if (ids.passage.some((s) => s.at(-1) !== period)) throw new Error('every passage sentence must end with the same "." token');
  if (new Set(words).size !== words.length || words.includes(period)) {
    throw new Error('every passage word must be its own token and occur once, or the word after it is ambiguous');
  }

  const passageCode = new BigInt64Array(V);
  const W = words.length;
  const nextByCode = new BigInt64Array(W + 1);
  const finalByCode = new Float32Array(W + 1);
  const sentenceFirstByCode = new BigInt64Array(W + 1);
  nextByCode[0] = BigInt(words[0]!);
  let code = 0;
  for (const sentence of ids.passage) {
    for (const word of sentence.slice(0, -1)) {
      code++;
      passageCode[word] = BigInt(code);
      nextByCode[code] = BigInt(words[code % W]!);
      sentenceFirstByCode[code] = BigInt(sentence[0]!);
    }
    finalByCode[code] = 1;
  }

  const fixed = [ids.translate, ids.hallucinations.noise, ids.hallucinations.tonal];
  const fixedMember = new Float32Array(3 * V);
  const fixedNext = new BigInt64Array(3 * V).fill(BigInt(NOT_IN_PHRASE));
  const regionFinal = new Float32Array(V);
  regionFinal[period] = 1;
  fixed.forEach((phrase, row) => {
    if (new Set(phrase).size !== phrase.length) throw new Error('a fixed phrase must not repeat a token');
    phrase.forEach((id, i) => {
      fixedMember[row * V + id] = 1;
      fixedNext[row * V + id] = BigInt(i + 1 < phrase.length ? phrase[i + 1]! : PHRASE_END);
    });
    regionFinal[phrase.at(-1)!] = 1;
  });
  return {
    passageCode,
    nextByCode,
    finalByCode,
    sentenceFirstByCode,
    fixedMember,
    fixedNext,
    fixedFirst: BigInt64Array.from(fixed, (p) => BigInt(p[0]!)),
    regionFinal,
    period,
  };
}
