import { HEARD } from './hearing.ts';
import { FIXED, type ScriptTables } from './script-tables.ts';
import type { ScriptOps } from './script-ops.ts';
import { MAX_SOURCE_POSITIONS, MAX_TARGET_POSITIONS, type TokenLayout } from './spec.ts';

export interface StateSetup {
  layout: TokenLayout;
  multilingual: boolean;
  tables: ScriptTables;
  /** Per language in `tables.languages`: its language token (multilingual models). */
  languageTokens: number[];
}

/**
 * What the script knows at a decoding step, as graph values: the token history (read back from the value cache),
 * what the encoder heard, and where the passage stands. The next-token logits (script.ts) and the alignment
 * (alignment.ts) are both computed from it.
 */
export type ScriptState = ReturnType<typeof readState>;

export function readState(o: ScriptOps, s: StateSetup, inputIds: string, encoderStates: string, history: string) {
  const { g, int, f, op, toFloat, toInt, not, and, or, where, gather, reduce, count, any, column, constant } = o;
  const { layout, tables } = s;

  // The history: every token id so far, prompt included, padded with a token no rule looks at to the longest a
  // history can be, [B, 448]. A fixed shape lets WebGPU compile each of these ops' shaders once, not every step.
  const unpadded = toInt(g.op('Squeeze', [history, g.ints([2])]));
  const length = g.op('Slice', [g.op('Shape', [unpadded]), g.ints([1]), g.ints([2])]);
  const room = op('Sub', g.ints([MAX_TARGET_POSITIONS]), length);
  const ids = g.op('Pad', [unpadded, g.op('Concat', [g.ints([0, 0, 0]), room], { axis: 0 }), int(layout.eot - 1)]);
  const position = o.range(MAX_TARGET_POSITIONS, 'history_positions');
  /** Positions before the token just fed (the last one of the history). */
  const beforeLast = op('Less', position, op('Sub', toFloat(length), f(1.5)));
  /** The last position where `cond` holds: `at` its position (−1 if none), `index` for GatherElements. */
  const lastWhere = (cond: string) => {
    const score = where(cond, position, f(-1));
    return { at: reduce('ReduceMax', score), index: g.op('ArgMax', [score], { axis: 1, keepdims: 1 }) };
  };
  const valueAt = (values: string, index: string) => g.op('Squeeze', [g.op('GatherElements', [values, index], { axis: 1 }), g.ints([1])]);
  const is = (id: number) => op('Equal', ids, int(id));

  const sinceStart = op('Greater', g.op('CumSum', [toFloat(is(layout.sot)), int(1)]), f(0.5));
  const isTimestamp = op('GreaterOrEqual', ids, int(layout.timestampBegin));
  const timestamps = and(isTimestamp, sinceStart);
  const lastTimestamp = lastWhere(timestamps);
  const lastTime = o.min(o.max(op('Sub', valueAt(ids, lastTimestamp.index), int(layout.timestampBegin)), int(0)), int(MAX_SOURCE_POSITIONS));
  const timestampCount = count(timestamps);
  const segmentOpen = op('Greater', op('Sub', timestampCount, op('Mul', op('Floor', op('Div', timestampCount, f(2))), f(2))), f(0.5));
  const noTimestamps = any(and(is(layout.noTimestamps), sinceStart));
  const translating = any(and(is(layout.translate), sinceStart));
  const isRegionFinal = op('Mul', gather(constant(tables.regionFinal, 'region_final'), ids), toFloat(sinceStart));
  const regionsDone = o.sum(isRegionFinal);

  const last = g.op('Gather', [inputIds, op('Sub', g.op('Squeeze', [g.op('Slice', [g.op('Shape', [inputIds]), g.ints([1]), g.ints([2])]), g.ints([0])]), int(1))], { axis: 1 });
  const lastIsText = op('Less', last, int(layout.eot));
  const lastIsTimestamp = op('GreaterOrEqual', last, int(layout.timestampBegin));
  const lastIsStart = op('Equal', last, int(layout.sot));
  // The end of the prompt: a language, task or <|notimestamps|> token (or <|startoftranscript|> in English-only models).
  const lastIsPrompt = and(not(lastIsText), not(lastIsTimestamp), ...(s.multilingual ? [not(lastIsStart)] : []));
  /** Tokens of the `<|startofprev|>` prompt: everything before <|startoftranscript|>. */
  const inPrompt = (id: number) => any(and(is(id), not(sinceStart)));

  // What the encoder heard.
  const heard = (c: number) => g.op('Squeeze', [g.op('Slice', [encoderStates, g.ints([c]), g.ints([c + 1]), g.ints([2])]), g.ints([2])]);
  const flag = (c: number) => op('Greater', g.op('Squeeze', [g.op('Slice', [heard(c), g.ints([0]), g.ints([1]), g.ints([1])]), g.ints([1])]), f(0.5));
  /** Region edges over 1501 positions: `starts` at a region's first frame, `ends` at the frame after its last. */
  const edges = (mask: string) => {
    const zero = op('Mul', g.op('Slice', [mask, g.ints([0]), g.ints([1]), g.ints([1])]), f(0));
    const before = g.op('Concat', [zero, mask], { axis: 1 });
    const current = g.op('Concat', [mask, zero], { axis: 1 });
    return { starts: op('Mul', current, op('Sub', f(1), before)), ends: op('Mul', before, op('Sub', f(1), current)) };
  };
  const speechMask = toFloat(op('Greater', heard(HEARD.speech), f(0.5)));
  const loudMask = toFloat(op('Greater', heard(HEARD.loud), f(0.5)));
  const hasSpeech = op('Greater', reduce('ReduceMax', speechMask), f(0.5));
  const hallucinating = and(not(hasSpeech), op('Greater', reduce('ReduceMax', loudMask), f(0.5)));
  const { starts, ends } = edges(where(column(hasSpeech), speechMask, loudMask));
  const regions = o.sum(starts);
  const frames = o.range(MAX_SOURCE_POSITIONS + 1, 'positions');
  const after = (e: string, time: string) => op('Mul', e, toFloat(op('Greater', frames, column(toFloat(time)))));
  const islands = edges(toFloat(op('Greater', heard(HEARD.island), f(0.5))));

  // Which text: the passage, or a fixed phrase (translation, hallucinations) by its row in the tables.
  const passageMode = and(hasSpeech, not(translating));
  const tonal = flag(HEARD.tonal);
  const row = where(and(hasSpeech, translating), int(FIXED.translate), where(tonal, int(FIXED.tonal), int(FIXED.noise)));
  const rowOffset = op('Mul', row, int(layout.vocabSize));

  // The passage of the decoding language (the first one for every language without its own), and in it the last
  // word of the whole history, and whether its sentence is still open.
  const firstLanguage = op('Mul', last, int(0));
  const language = s.multilingual
    ? s.languageTokens.reduce((index, token, i) => (i === 0 ? index : where(any(and(is(token), sinceStart)), int(i), index)), firstLanguage)
    : firstLanguage;
  // A stand-in word (a prompt-vocabulary word, the beam trap's) counts as its passage word where the model said it,
  // or where the prompt has it in its sentence (after the word before the one it stands for), not in a word list.
  const passageCode = constant(tables.passageCode, 'passage_code');
  const allCodes = gather(passageCode, ids);
  const previousCodes = g.op('Slice', [g.op('Pad', [allCodes, g.ints([0, 1, 0, 0]), int(0)]), g.ints([0]), g.ints([MAX_TARGET_POSITIONS]), g.ints([1])]);
  const inSentence = or(sinceStart, op('Equal', previousCodes, op('Sub', allCodes, int(1))));
  const standIn = op('Greater', gather(constant(tables.standIn, 'stand_in'), ids), f(0.5));
  const codes = where(and(standIn, not(inSentence)), int(0), allCodes);
  const ownWord = and(op('Greater', codes, int(0)), op('Equal', gather(constant(tables.languageByCode, 'language_by_code'), codes), column(toFloat(language))));
  const lastWord = lastWhere(ownWord);
  const code = where(op('Less', lastWord.at, f(0)), gather(constant(tables.startCode, 'start_code'), language), valueAt(codes, lastWord.index));
  const sentenceOpen = op('Greater', lastWord.at, lastWhere(is(tables.period)).at);
  const nextWord = gather(constant(tables.nextByCode, 'next_by_code'), code);
  const finalWord = op('Greater', gather(constant(tables.finalByCode, 'final_by_code'), code), f(0.5));

  return {
    ids, position, beforeLast, lastWhere, valueAt, is, inPrompt,
    sinceStart, isTimestamp, lastTimestamp, lastTime, segmentOpen, noTimestamps, translating, isRegionFinal, regionsDone,
    last, lastIsText, lastIsTimestamp, lastIsStart, lastIsPrompt,
    flag, speechMask, loudMask, hasSpeech, hallucinating, starts, ends, regions, frames, after, islands,
    passageMode, tonal, row, rowOffset,
    passageCode, codes, code, sentenceOpen, nextWord, finalWord,
  };
}
