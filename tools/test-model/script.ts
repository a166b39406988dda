import { DType, type Graph } from './onnx-graph.ts';
import { HEARD } from './hearing.ts';
import { FIXED, PHRASE_END, buildScriptTables } from './script-tables.ts';
import { LANGUAGE_CODES, MAX_SOURCE_POSITIONS, MAX_TARGET_POSITIONS, type TokenLayout } from './spec.ts';
import type { ScriptIds } from './tokenizer.ts';
import { both, either, larger, smaller } from './webgpu-ops.ts';

/**
 * The synthetic model's "knowledge": what to say next, as a function of what the encoder heard (hearing.ts) and
 * the tokens so far. Its logits are added to the random model's (scaled down to a thousandth, so they cannot
 * blur the fine margins below) and decide every greedy step, so the output is exact and known:
 *
 * - each speech region becomes the rest of a passage sentence (spec.ts PASSAGE): it starts at the word after the
 *   last passage word in the history (prompt included) and runs to the sentence's end; with timestamps,
 *   `<|start|> words <|end|>` at the region's edges (20 ms grid); translate says a fixed phrase instead;
 * - loud non-speech and no speech: a hallucination over the loud part, " Thank you." at probability 0.25 a token
 *   for noise-like sound, the Amara.org credit with certainty for tonal sound;
 * - nothing loud and no speech: end-of-text straight away (or `<|notimestamps|>`/`<|0.00|>` first where the
 *   logits processors forbid end-of-text at the first step, which decodes to nothing);
 * - after `<|startoftranscript|>` (language detection): language logits favouring the configured language, and
 *   `<|nocaptions|>` above them where there is no speech (probability > 0.6 for loud non-speech);
 * - repetition pilot: the exact region start is the greedy choice of start timestamp, with the 20 timestamps
 *   around it a hair below (REPEAT_ESCAPE_MARGIN); from the exact start the sentence repeats without end, from
 *   any other it ends normally. Greedy decoding loops; sampling at temperature 0.2 escapes 94 % of the time. The
 *   choice sits on the start timestamp because only there are timestamps the sole candidates: transformers.js's
 *   timestamp processor forces a timestamp wherever their summed probability beats the best text token, so near
 *   ties between a looping word and ending timestamps could never loop greedily;
 * - low-confidence pilot: every passage word has GARBAGE_WORDS a little below it (probability ≈ 0.14 each step).
 *
 * The token history lives in the self-attention value cache (see decoder.ts), so the script needs no state of its
 * own and runs the same generation loop a real checkpoint does.
 */
/** Channels of the value cache that hold the history: the token id. */
export const HISTORY_CHANNELS = 1;
const BIG = 40;
/** How far the runners-up of flat logits sit below the scripted word: 8 of them make its probability 0.14. */
const FLAT_MARGIN = 0.3;
/** " Thank you." tokens: three runners-up this close make each token's probability 0.25. */
const HALLUCINATION_MARGIN = 0.01;
/** The 20 timestamps around the exact start sit this far below it: P(exact) = 1 / (1 + 20 e^(−0.05/T)). */
const REPEAT_ESCAPE_MARGIN = 0.05;
const REPEAT_ESCAPE_STEPS = 10;
/** `<|nocaptions|>` at the language step for loud non-speech: probability ≈ 0.94 against the whole vocabulary. */
const NO_SPEECH_HALLUCINATING = 14;

export interface ScriptTokens {
  layout: TokenLayout;
  multilingual: boolean;
  ids: ScriptIds;
  /** Language the model favours when asked to detect one. */
  language: string;
}

export interface Script {
  vocabSize: number;
  /** `[B, S, HISTORY_CHANNELS]` float codes of the new tokens. */
  encodeTokens(g: Graph, inputIds: string): string;
  /** `[B, V]` logits for the token after the last input token. */
  nextTokenLogits(g: Graph, inputIds: string, encoderStates: string, history: string): string;
}

export function buildScript(t: ScriptTokens): Script {
  const { layout } = t;
  const V = layout.vocabSize;
  const tables = buildScriptTables(t.ids, V);
  const vector = (entries: [number, number][]) => {
    const v = new Float32Array(V);
    for (const [id, value] of entries) v[id] = value;
    return v;
  };
  // Where end-of-text is forbidden at the first step, fall back to tokens that decode to nothing.
  const eotFallback = vector([[layout.noTimestamps, BIG / 2], [layout.timestampBegin, BIG / 3]]);
  const favoured = LANGUAGE_CODES.indexOf(t.language);
  if (favoured < 0) throw new Error(`unknown language "${t.language}"`);
  const [second, third] = ['en', 'es', 'de'].filter((c) => c !== t.language);
  const languages: [number, number][] = [[favoured, 10], [LANGUAGE_CODES.indexOf(second!), 8], [LANGUAGE_CODES.indexOf(third!), 6.5]];
  const languageLogits = vector(languages.map(([i, v]) => [layout.firstLanguage + i, v]));
  const hallucinationDetection = vector([...languages.map(([i, v]): [number, number] => [layout.firstLanguage + i, v]), [layout.noSpeech, NO_SPEECH_HALLUCINATING]]);
  const silenceDetection = vector([[layout.noSpeech, BIG]]);
  const flat = vector(t.ids.garbage.map((id) => [id, BIG - FLAT_MARGIN]));
  const unsure = vector(t.ids.garbage.slice(0, 3).map((id) => [id, BIG - HALLUCINATION_MARGIN]));

  return {
    vocabSize: V,
    encodeTokens(g, inputIds) {
      return g.op('Unsqueeze', [g.op('Cast', [inputIds], { to: DType.float }), g.ints([2])]);
    },

    nextTokenLogits(g, inputIds, encoderStates, history) {
      const int = (v: number) => g.scalar(v, DType.int64);
      const f = (v: number) => g.scalar(v);
      const op = (name: string, ...inputs: string[]) => g.op(name, inputs);
      const toFloat = (v: string) => g.op('Cast', [v], { to: DType.float });
      const toInt = (v: string) => g.op('Cast', [v], { to: DType.int64 });
      const reduce = (name: string, v: string) => g.op(name, [v], { axes: [1], keepdims: 0 });
      const count = (cond: string) => g.op('ReduceSum', [toFloat(cond), g.ints([1])], { keepdims: 0 });
      const any = (cond: string) => op('Greater', count(cond), f(0.5));
      const not = (v: string) => op('Not', v);
      const and = (...v: string[]) => both(g, ...v);
      const where = (c: string, a: string, b: string) => op('Where', c, a, b);
      const gather = (table: string, index: string) => op('Gather', table, index);
      const constant = (data: Float32Array | BigInt64Array, name: string) =>
        g.constant(data, [data.length], data instanceof Float32Array ? DType.float : DType.int64, name);
      const firstIndex = (cond: string) => g.op('ArgMax', [cond], { axis: 1, keepdims: 0 });
      const timestamp = (index: string) => op('Add', index, int(layout.timestampBegin));

      // The history: every token id so far, prompt included, padded with a token no rule looks at to the longest a
      // history can be, [B, 448]. A fixed shape lets WebGPU compile each of these ops' shaders once, not every step.
      const unpadded = toInt(g.op('Squeeze', [history, g.ints([2])]));
      const room = op('Sub', g.ints([MAX_TARGET_POSITIONS]), g.op('Slice', [g.op('Shape', [unpadded]), g.ints([1]), g.ints([2])]));
      const ids = g.op('Pad', [unpadded, g.op('Concat', [g.ints([0, 0, 0]), room], { axis: 0 }), int(layout.eot - 1)]);
      const position = constant(Float32Array.from({ length: MAX_TARGET_POSITIONS }, (_, i) => i), 'history_positions');
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
      const lastTime = smaller(g, larger(g, op('Sub', valueAt(ids, lastTimestamp.index), int(layout.timestampBegin)), int(0)), int(MAX_SOURCE_POSITIONS));
      const timestampCount = count(timestamps);
      const segmentOpen = op('Greater', op('Sub', timestampCount, op('Mul', op('Floor', op('Div', timestampCount, f(2))), f(2))), f(0.5));
      const noTimestamps = any(and(is(layout.noTimestamps), sinceStart));
      const translating = any(and(is(layout.translate), sinceStart));
      const regionsDone = g.op('ReduceSum', [op('Mul', gather(constant(tables.regionFinal, 'region_final'), ids), toFloat(sinceStart)), g.ints([1])], { keepdims: 0 });

      const last = g.op('Gather', [inputIds, op('Sub', g.op('Squeeze', [g.op('Slice', [g.op('Shape', [inputIds]), g.ints([1]), g.ints([2])]), g.ints([0])]), int(1))], { axis: 1 });
      const lastIsText = op('Less', last, int(layout.eot));
      const lastIsTimestamp = op('GreaterOrEqual', last, int(layout.timestampBegin));
      const lastIsStart = op('Equal', last, int(layout.sot));
      // The end of the prompt: a language, task or <|notimestamps|> token (or <|startoftranscript|> in English-only models).
      const lastIsPrompt = and(not(lastIsText), not(lastIsTimestamp), ...(t.multilingual ? [not(lastIsStart)] : []));

      // What the encoder heard.
      const heard = (c: number) => g.op('Squeeze', [g.op('Slice', [encoderStates, g.ints([c]), g.ints([c + 1]), g.ints([2])]), g.ints([2])]);
      const flag = (c: number) => op('Greater', g.op('Squeeze', [g.op('Slice', [heard(c), g.ints([0]), g.ints([1]), g.ints([1])]), g.ints([1])]), f(0.5));
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
      const { starts, ends } = edges(where(g.op('Unsqueeze', [hasSpeech, g.ints([1])]), speechMask, loudMask));
      const regions = g.op('ReduceSum', [starts, g.ints([1])], { keepdims: 0 });
      const positions = constant(Float32Array.from({ length: MAX_SOURCE_POSITIONS + 1 }, (_, i) => i), 'positions');
      const after = (e: string, time: string) => op('Mul', e, toFloat(op('Greater', positions, g.op('Unsqueeze', [toFloat(time), g.ints([1])]))));

      // Which text: the passage, or a fixed phrase (translation, hallucinations) by its row in the tables.
      const passageMode = and(hasSpeech, not(translating));
      const tonal = flag(HEARD.tonal);
      const row = where(and(hasSpeech, translating), int(FIXED.translate), where(tonal, int(FIXED.tonal), int(FIXED.noise)));
      const rowOffset = op('Mul', row, int(V));

      // Passage: the last passage word in the whole history, and whether its sentence is still open.
      const passageCode = constant(tables.passageCode, 'passage_code');
      const fixedMember = constant(tables.fixedMember, 'fixed_member');
      const codes = gather(passageCode, ids);
      const lastWord = lastWhere(op('Greater', codes, int(0)));
      const code = valueAt(codes, lastWord.index);
      const sentenceOpen = op('Greater', lastWord.at, lastWhere(is(tables.period)).at);
      const nextWord = gather(constant(tables.nextByCode, 'next_by_code'), code);
      const finalWord = op('Greater', gather(constant(tables.finalByCode, 'final_by_code'), code), f(0.5));
      const passageNext = where(and(sentenceOpen, finalWord), int(tables.period), nextWord);

      // Fixed phrase: the last of its tokens since the current segment began.
      const segmentStart = larger(g, lastWhere(is(layout.sot)).at, lastTimestamp.at);
      const inRow = (tokens: string, offset: string) => op('Add', tokens, offset);
      const member = op('Greater', gather(fixedMember, inRow(ids, g.op('Unsqueeze', [rowOffset, g.ints([1])]))), f(0.5));
      const lastMember = lastWhere(and(member, op('Greater', position, g.op('Unsqueeze', [segmentStart, g.ints([1])]))));
      const fixedFirst = gather(constant(tables.fixedFirst, 'fixed_first'), row);
      const fixedNextTable = constant(tables.fixedNext, 'fixed_next');
      const fixedNext = where(op('Less', lastMember.at, f(0)), fixedFirst, gather(fixedNextTable, inRow(valueAt(ids, lastMember.index), rowOffset)));

      const firstText = where(passageMode, nextWord, fixedFirst);
      const eot = int(layout.eot);
      const repeat = and(passageMode, flag(HEARD.repeatPilot));
      const exactStart = op('Greater', g.op('Squeeze', [g.op('GatherElements', [starts, g.op('Unsqueeze', [lastTime, g.ints([1])])], { axis: 1 }), g.ints([1])]), f(0.5));
      const looping = and(repeat, either(g, noTimestamps, exactStart));
      const regionEnd = where(
        looping,
        gather(constant(tables.sentenceFirstByCode, 'sentence_first'), code),
        where(noTimestamps, where(op('Less', regionsDone, regions), firstText, eot), timestamp(firstIndex(after(ends, lastTime)))),
      );
      const afterText = where(
        passageMode,
        where(op('Equal', last, int(tables.period)), regionEnd, passageNext),
        where(op('Equal', fixedNext, int(PHRASE_END)), regionEnd, fixedNext),
      );
      const nextStarts = after(starts, lastTime);
      const someRegion = op('Greater', regions, f(0.5));
      // An open segment with nothing heard is the <|0.00|> that stood in for end-of-text: it closes at once.
      const afterTimestamp = where(
        and(segmentOpen, someRegion),
        firstText,
        where(any(op('Greater', nextStarts, f(0.5))), timestamp(firstIndex(nextStarts)), eot),
      );
      const afterPrompt = where(someRegion, where(noTimestamps, firstText, timestamp(firstIndex(starts))), eot);
      const target = where(
        lastIsText,
        afterText,
        where(lastIsTimestamp, afterTimestamp, t.multilingual ? where(lastIsStart, int(-1), afterPrompt) : afterPrompt),
      );

      // Vocabulary-wide arithmetic in float (ids are exact in fp32): WebGPU runs float ops, not int64 ones.
      const vocab = constant(Float32Array.from({ length: V }, (_, i) => i), 'vocab');
      const targetColumn = g.op('Unsqueeze', [toFloat(target), g.ints([1])]);
      const column = (cond: string) => g.op('Unsqueeze', [toFloat(cond), g.ints([1])]);
      const when = (cond: string, values: Float32Array, name: string) => op('Mul', column(cond), constant(values, name));
      const oneHot = op('Mul', toFloat(op('Equal', targetColumn, vocab)), f(BIG));
      const safeTarget = larger(g, target, int(0));
      const targetIsWord = either(g, op('Greater', gather(passageCode, safeTarget), int(0)), op('Equal', target, int(tables.period)));
      const targetInRow = op('Greater', gather(fixedMember, inRow(safeTarget, rowOffset)), f(0.5));
      const startChoice = and(op('GreaterOrEqual', target, int(layout.timestampBegin)), either(g, lastIsPrompt, and(lastIsTimestamp, not(segmentOpen))));
      const distance = op('Abs', op('Sub', vocab, targetColumn));
      const nearStart = and(op('Less', distance, f(REPEAT_ESCAPE_STEPS + 0.5)), op('Greater', distance, f(0.5)), op('Greater', vocab, f(layout.timestampBegin - 0.5)));
      const escapes = op('Mul', op('Mul', toFloat(nearStart), f(BIG - REPEAT_ESCAPE_MARGIN)), column(and(repeat, startChoice)));

      const extras = [
        when(op('Equal', target, eot), eotFallback, 'eot_fallback'),
        when(and(passageMode, flag(HEARD.lowConfidencePilot), targetIsWord), flat, 'flat_logits'),
        when(and(hallucinating, not(tonal), targetInRow), unsure, 'unsure_logits'),
        escapes,
      ];
      if (t.multilingual) {
        const detection = where(
          g.op('Unsqueeze', [hasSpeech, g.ints([1])]),
          constant(languageLogits, 'language_logits'),
          where(g.op('Unsqueeze', [hallucinating, g.ints([1])]), constant(hallucinationDetection, 'hallucination_detection'), constant(silenceDetection, 'silence_detection')),
        );
        extras.push(op('Mul', column(lastIsStart), detection));
      } else {
        // English-only: the step after <|startoftranscript|> is also where Whisper's no-speech probability is read.
        extras.push(when(and(lastIsStart, not(hasSpeech)), vector([[layout.noSpeech, BIG + 4]]), 'no_speech'));
      }
      return extras.reduce((sum, e) => op('Add', sum, e), oneHot);
    },
  };
}
