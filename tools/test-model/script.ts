import type { Graph } from './onnx-graph.ts';
import { buildAlignment } from './alignment.ts';
import { HEARD } from './hearing.ts';
import { PHRASE_END, buildScriptTables } from './script-tables.ts';
import { ScriptOps } from './script-ops.ts';
import { readState } from './script-state.ts';
import { BEAM_TRAP, type TokenLayout, type Voices } from './spec.ts';
import type { ScriptIds } from './tokenizer.ts';

/**
 * The synthetic model's "knowledge": what to say next, as a function of what the encoder heard (hearing.ts) and
 * the tokens so far. Its logits are added to the random model's (scaled down to a thousandth, so they cannot
 * blur the fine margins below) and decide every greedy step, so the output is exact and known:
 *
 * - each speech region becomes the rest of a passage sentence (spec.ts LANGUAGE_PASSAGES: the Spanish passage for
 *   `<|es|>`, PASSAGE for every other language): it starts at the word after the last word of that passage in the
 *   history (prompt included) and runs to the sentence's end; with timestamps, `<|start|> words <|end|>` at the
 *   region's edges (20 ms grid); translate says a fixed phrase instead;
 * - a PROMPT_VOCABULARY word in the `<|startofprev|>` prompt is said in place of the passage word it stands for;
 * - loud non-speech and no speech: a hallucination over the loud part, " Thank you." at probability 0.25 a token
 *   for noise-like sound, the Amara.org credit with certainty for tonal sound;
 * - nothing loud and no speech: end-of-text straight away (or `<|notimestamps|>`/`<|0.00|>` first where the
 *   logits processors forbid end-of-text at the first step, which decodes to nothing);
 * - after `<|startoftranscript|>` (language detection): language logits favouring the language of the voice
 *   (the low or the high voice's, spec.ts Voices), and `<|nocaptions|>` above them where there is no speech
 *   (probability > 0.6 for loud non-speech);
 * - repetition pilot: the exact region start is the greedy choice of start timestamp, with the 20 timestamps
 *   around it a hair below (REPEAT_ESCAPE_MARGIN); from the exact start the sentence repeats without end, from
 *   any other it ends normally. Greedy decoding loops; sampling at temperature 0.2 escapes 94 % of the time. The
 *   choice sits on the start timestamp because only there are timestamps the sole candidates: transformers.js's
 *   timestamp processor forces a timestamp wherever their summed probability beats the best text token, so near
 *   ties between a looping word and ending timestamps could never loop greedily;
 * - low-confidence pilot: every passage word has GARBAGE_WORDS a little below it (probability ≈ 0.14 each step);
 * - beam-trap pilot: spec.ts BEAM_TRAP, a wrong word a little above the right one, then a flat step after it.
 *
 * The token history lives in the self-attention value cache (see decoder.ts), so the script needs no state of its
 * own and runs the same generation loop a real checkpoint does; a beam search that reorders the cache reorders
 * the history with it.
 */
/** Channels of the value cache that hold the history: the token id. */
export const HISTORY_CHANNELS = 1;
const BIG = 40;
/** How far the runners-up of flat logits sit below the scripted word: 8 of them make its probability 0.14. */
const FLAT_MARGIN = 0.3;
/** After the beam trap's wrong word, the eight runners-up sit this close: the next word's probability is 0.11. */
const TRAP_FLAT_MARGIN = 0.02;
/** " Thank you." tokens: three runners-up this close make each token's probability 0.25. */
const HALLUCINATION_MARGIN = 0.01;
/** The 20 timestamps around the exact start sit this far below it: P(exact) = 1 / (1 + 20 e^(−0.05/T)). */
const REPEAT_ESCAPE_MARGIN = 0.05;
const REPEAT_ESCAPE_STEPS = 10;
/** `<|nocaptions|>` at the language step for loud non-speech: probability ≈ 0.94 against the whole vocabulary. */
const NO_SPEECH_HALLUCINATING = 14;
/** Language logits after <|startoftranscript|>: the voice's language, the other voice's, a third. */
const DETECTED = [10, 8, 6.5];

export interface ScriptTokens {
  layout: TokenLayout;
  multilingual: boolean;
  ids: ScriptIds;
  /** The languages the model hears in a low and a high voice. */
  voices: Voices;
  /** Whether the decoder also needs the alignment (cross-attention for word timestamps). */
  timestamped: boolean;
}

export interface ScriptOutputs {
  /** `[B, V]` logits for the token after the last input token. */
  logits: string;
  /** `[B, 1500]` where the last input token attends in the audio (timestamped models only). */
  alignment: string | null;
}

export interface Script {
  vocabSize: number;
  /** `[B, S, HISTORY_CHANNELS]` float codes of the new tokens. */
  encodeTokens(g: Graph, inputIds: string): string;
  outputs(g: Graph, inputIds: string, encoderStates: string, history: string): ScriptOutputs;
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
  const languageIndex = (code: string) => {
    const index = layout.languageCodes.indexOf(code);
    if (index < 0) throw new Error(`unknown language "${code}"`);
    return index;
  };
  // Where end-of-text is forbidden at the first step, fall back to tokens that decode to nothing.
  const eotFallback = vector([[layout.noTimestamps, BIG / 2], [layout.timestampBegin, BIG / 3]]);
  const detectionOrder = (first: string, second: string): [number, number][] => {
    const third = ['en', 'es', 'de'].find((c) => c !== first && c !== second)!;
    return [first, second, third].map((c, i) => [layout.firstLanguage + languageIndex(c), DETECTED[i]!]);
  };
  const lowVoice = detectionOrder(t.voices.low, t.voices.high);
  const highVoice = detectionOrder(t.voices.high, t.voices.low);
  const hallucinationDetection = vector([...lowVoice, [layout.noSpeech, NO_SPEECH_HALLUCINATING]]);
  const silenceDetection = vector([[layout.noSpeech, BIG]]);
  const flat = vector(t.ids.garbage.map((id) => [id, BIG - FLAT_MARGIN]));
  const trapFlat = vector(t.ids.garbage.map((id) => [id, BIG - TRAP_FLAT_MARGIN]));
  const trapLead = vector([[t.ids.beamTrap.wrong, BIG + BEAM_TRAP.wrongLead]]);
  const unsure = vector(t.ids.garbage.slice(0, 3).map((id) => [id, BIG - HALLUCINATION_MARGIN]));
  const languageTokens = tables.languages.map((code) => (t.multilingual ? layout.firstLanguage + languageIndex(code) : -1));

  return {
    vocabSize: V,
    encodeTokens(g, inputIds) {
      const o = new ScriptOps(g);
      return g.op('Unsqueeze', [o.toFloat(inputIds), g.ints([2])]);
    },

    outputs(g, inputIds, encoderStates, history) {
      const o = new ScriptOps(g);
      const { int, f, op, not, and, or, where, gather, any, column, constant } = o;
      const s = readState(o, { layout, multilingual: t.multilingual, tables, languageTokens }, inputIds, encoderStates, history);
      const { ids, position, lastWhere, valueAt, is, passageMode, row, rowOffset, last } = s;
      const timestamp = (index: string) => op('Add', index, int(layout.timestampBegin));

      const passageNext = where(and(s.sentenceOpen, s.finalWord), int(tables.period), s.nextWord);

      // Fixed phrase: the last of its tokens since the current segment began.
      const fixedMember = constant(tables.fixedMember, 'fixed_member');
      const segmentStart = o.max(lastWhere(is(layout.sot)).at, s.lastTimestamp.at);
      const inRow = (tokens: string, offset: string) => op('Add', tokens, offset);
      const member = op('Greater', gather(fixedMember, inRow(ids, column(rowOffset))), f(0.5));
      const lastMember = lastWhere(and(member, op('Greater', position, column(segmentStart))));
      const fixedFirst = gather(constant(tables.fixedFirst, 'fixed_first'), row);
      const fixedNextTable = constant(tables.fixedNext, 'fixed_next');
      const fixedNext = where(op('Less', lastMember.at, f(0)), fixedFirst, gather(fixedNextTable, inRow(valueAt(ids, lastMember.index), rowOffset)));

      const firstText = where(passageMode, s.nextWord, fixedFirst);
      const eot = int(layout.eot);
      const repeat = and(passageMode, s.flag(HEARD.repeatPilot));
      const exactStart = op('Greater', g.op('Squeeze', [g.op('GatherElements', [s.starts, column(s.lastTime)], { axis: 1 }), g.ints([1])]), f(0.5));
      const looping = and(repeat, or(s.noTimestamps, exactStart));
      const regionEnd = where(
        looping,
        gather(constant(tables.sentenceFirstByCode, 'sentence_first'), s.code),
        where(s.noTimestamps, where(op('Less', s.regionsDone, s.regions), firstText, eot), timestamp(o.firstIndex(s.after(s.ends, s.lastTime)))),
      );
      const afterText = where(
        passageMode,
        where(op('Equal', last, int(tables.period)), regionEnd, passageNext),
        where(op('Equal', fixedNext, int(PHRASE_END)), regionEnd, fixedNext),
      );
      const nextStarts = s.after(s.starts, s.lastTime);
      const someRegion = op('Greater', s.regions, f(0.5));
      // An open segment with nothing heard is the <|0.00|> that stood in for end-of-text: it closes at once.
      const afterTimestamp = where(
        and(s.segmentOpen, someRegion),
        firstText,
        where(any(op('Greater', nextStarts, f(0.5))), timestamp(o.firstIndex(nextStarts)), eot),
      );
      const afterPrompt = where(someRegion, where(s.noTimestamps, firstText, timestamp(o.firstIndex(s.starts))), eot);
      const scripted = where(
        s.lastIsText,
        afterText,
        where(s.lastIsTimestamp, afterTimestamp, t.multilingual ? where(s.lastIsStart, int(-1), afterPrompt) : afterPrompt),
      );
      // A vocabulary word of the prompt stands in for its passage word.
      const target = t.ids.vocabulary.reduce(
        (next, { word, replaces }) => where(and(op('Equal', next, int(replaces)), s.inPrompt(word)), int(word), next),
        scripted,
      );

      // Vocabulary-wide arithmetic in float (ids are exact in fp32): WebGPU runs float ops, not int64 ones.
      const vocab = constant(Float32Array.from({ length: V }, (_, i) => i), 'vocab');
      const targetColumn = column(o.toFloat(target));
      const when = (cond: string, values: Float32Array, name: string) => op('Mul', column(o.toFloat(cond)), constant(values, name));
      const oneHot = op('Mul', o.toFloat(op('Equal', targetColumn, vocab)), f(BIG));
      const safeTarget = o.max(target, int(0));
      const targetIsWord = or(op('Greater', gather(s.passageCode, safeTarget), int(0)), op('Equal', target, int(tables.period)));
      const targetInRow = op('Greater', gather(fixedMember, inRow(safeTarget, rowOffset)), f(0.5));
      const startChoice = and(op('GreaterOrEqual', target, int(layout.timestampBegin)), or(s.lastIsPrompt, and(s.lastIsTimestamp, not(s.segmentOpen))));
      const distance = op('Abs', op('Sub', vocab, targetColumn));
      const nearStart = and(op('Less', distance, f(REPEAT_ESCAPE_STEPS + 0.5)), op('Greater', distance, f(0.5)), op('Greater', vocab, f(layout.timestampBegin - 0.5)));
      const escapes = op('Mul', op('Mul', o.toFloat(nearStart), f(BIG - REPEAT_ESCAPE_MARGIN)), column(o.toFloat(and(repeat, startChoice))));
      const trap = and(passageMode, s.flag(HEARD.beamTrapPilot));

      const extras = [
        when(op('Equal', target, eot), eotFallback, 'eot_fallback'),
        when(and(passageMode, s.flag(HEARD.lowConfidencePilot), targetIsWord), flat, 'flat_logits'),
        when(and(s.hallucinating, not(s.tonal), targetInRow), unsure, 'unsure_logits'),
        when(and(trap, op('Equal', target, int(t.ids.beamTrap.right))), trapLead, 'trap_lead'),
        when(and(trap, op('Equal', last, int(t.ids.beamTrap.wrong))), trapFlat, 'trap_flat'),
        escapes,
      ];
      if (t.multilingual) {
        const voiced = where(column(s.flag(HEARD.highVoice)), constant(vector(highVoice), 'high_voice_languages'), constant(vector(lowVoice), 'low_voice_languages'));
        const detection = where(
          column(s.hasSpeech),
          voiced,
          where(column(s.hallucinating), constant(hallucinationDetection, 'hallucination_detection'), constant(silenceDetection, 'silence_detection')),
        );
        extras.push(op('Mul', column(o.toFloat(s.lastIsStart)), detection));
      } else {
        // English-only: the step after <|startoftranscript|> is also where Whisper's no-speech probability is read.
        extras.push(when(and(s.lastIsStart, not(s.hasSpeech)), vector([[layout.noSpeech, BIG + 4]]), 'no_speech'));
      }
      return {
        logits: extras.reduce((sum, e) => op('Add', sum, e), oneHot),
        alignment: t.timestamped ? buildAlignment(o, s, tables, layout) : null,
      };
    },
  };
}
