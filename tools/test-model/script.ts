import { DType, type Graph } from './onnx-graph.ts';
import { LANGUAGE_CODES, MAX_SOURCE_POSITIONS, type TokenLayout } from './spec.ts';

/**
 * The synthetic model's "knowledge": what to say next, as a function of the encoder's speech mask and the tokens
 * so far. Its logits are added to the random model's and are large enough to decide every greedy step, so the
 * output is exact and known:
 *
 * - each speech region of the window becomes one phrase; with timestamps, `<|start|> phrase <|end|>` where start
 *   and end are the region's edges (20 ms resolution); without, the phrases follow each other;
 * - no speech: end-of-text straight away (or `<|0.00|>`/`<|notimestamps|>` first where the logits processors
 *   forbid end-of-text at the first step, which decodes to nothing);
 * - after `<|startoftranscript|>` (language detection) a fixed distribution over language tokens that favours
 *   the configured language, or `<|nospeech|>` for silence;
 * - the translate task says a different phrase, so tests can see the task reached the model.
 *
 * The token history lives in the self-attention value cache (see decoder.ts), so the script needs no state of its
 * own and runs the same generation loop a real checkpoint does.
 */
export const HISTORY_CHANNELS = 5;
/** Channels of the history: 0 timestamp index + 1, 1 phrase-final word, 2 `<|startoftranscript|>`, 3 `<|notimestamps|>`, 4 `<|translate|>`. */
const BIG = 40;

const Kind = { other: 0, word: 1, lastWord: 2, startOfTranscript: 3, timestamp: 5 } as const;

export interface ScriptTokens {
  layout: TokenLayout;
  multilingual: boolean;
  /** Token ids of each task's phrase. */
  phrases: { transcribe: number[]; translate: number[] };
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
  const kind = new BigInt64Array(V);
  const next = new BigInt64Array(V).fill(-1n);
  const channels = new Float32Array(V * 4);
  for (const ids of [t.phrases.transcribe, t.phrases.translate]) {
    ids.forEach((id, i) => {
      const last = i === ids.length - 1;
      kind[id] = BigInt(last ? Kind.lastWord : Kind.word);
      if (!last) next[id] = BigInt(ids[i + 1]!);
      else channels[id * 4] = 1;
    });
  }
  if (t.multilingual) kind[layout.sot] = BigInt(Kind.startOfTranscript);
  for (let id = layout.timestampBegin; id < V; id++) kind[id] = BigInt(Kind.timestamp);
  channels[layout.sot * 4 + 1] = 1;
  channels[layout.noTimestamps * 4 + 2] = 1;
  channels[layout.translate * 4 + 3] = 1;

  // Where end-of-text is forbidden at the first step, fall back to tokens that decode to nothing.
  const eotFallback = new Float32Array(V);
  eotFallback[layout.noTimestamps] = BIG / 2;
  eotFallback[layout.timestampBegin] = BIG / 3;

  const languageLogits = new Float32Array(V);
  const favoured = LANGUAGE_CODES.indexOf(t.language);
  if (favoured < 0) throw new Error(`unknown language "${t.language}"`);
  const runnersUp = ['en', 'es', 'de'].filter((c) => c !== t.language).slice(0, 2);
  languageLogits[layout.firstLanguage + favoured] = 10;
  languageLogits[layout.firstLanguage + LANGUAGE_CODES.indexOf(runnersUp[0]!)] = 8;
  languageLogits[layout.firstLanguage + LANGUAGE_CODES.indexOf(runnersUp[1]!)] = 6.5;
  const noSpeechLogits = new Float32Array(V);
  noSpeechLogits[layout.noSpeech] = BIG;

  return {
    vocabSize: V,
    encodeTokens(g, inputIds) {
      const isTimestamp = g.op('GreaterOrEqual', [inputIds, g.scalar(layout.timestampBegin, DType.int64)]);
      const index = g.op('Cast', [g.op('Sub', [inputIds, g.scalar(layout.timestampBegin - 1, DType.int64)])], { to: DType.float });
      const c0 = g.op('Where', [isTimestamp, index, g.scalar(0)]);
      const table = g.constant(channels, [V, 4], DType.float, 'history_codes');
      return g.op('Concat', [g.op('Unsqueeze', [c0, g.ints([2])]), g.op('Gather', [table, inputIds])], { axis: 2 });
    },

    nextTokenLogits(g, inputIds, encoderStates, history) {
      const int = (v: number) => g.scalar(v, DType.int64);
      const f = (v: number) => g.scalar(v);
      const toFloat = (v: string) => g.op('Cast', [v], { to: DType.float });
      const channel = (i: number) => g.op('Squeeze', [g.op('Slice', [history, g.ints([i]), g.ints([i + 1]), g.ints([2])]), g.ints([2])]);
      const reduceSum = (v: string) => g.op('ReduceSum', [v, g.ints([1])], { keepdims: 0 });
      const reduceMax = (v: string) => g.op('ReduceMax', [v], { axes: [1], keepdims: 0 });
      const firstIndex = (cond: string) => g.op('ArgMax', [cond], { axis: 1, keepdims: 0 });
      const any = (cond: string) => g.op('Greater', [reduceMax(cond), f(0.5)]);

      // Only tokens from <|startoftranscript|> on count: a previous-text prompt may come before it.
      const since = toFloat(g.op('Greater', [g.op('CumSum', [channel(2), int(1)]), f(0.5)]));
      const lastTimestamp = g.op('Sub', [reduceMax(g.op('Mul', [channel(0), since])), f(1)]);
      const phrasesDone = reduceSum(g.op('Mul', [channel(1), since]));
      const noTimestamps = any(g.op('Mul', [channel(3), since]));
      const translating = any(g.op('Mul', [channel(4), since]));

      const seqLength = g.op('Squeeze', [g.op('Slice', [g.op('Shape', [inputIds]), g.ints([1]), g.ints([2])]), g.ints([0])]);
      const last = g.op('Gather', [inputIds, g.op('Sub', [seqLength, int(1)])], { axis: 1 });
      const lastKind = g.op('Gather', [g.constant(kind, [V], DType.int64, 'token_kind'), last]);
      const nextWord = g.op('Gather', [g.constant(next, [V], DType.int64, 'next_word'), last]);

      // Region edges on the 1501 timestamp positions: starts where speech begins, ends where it stops.
      const mask = toFloat(g.op('Greater', [g.op('Squeeze', [g.op('Slice', [encoderStates, g.ints([0]), g.ints([1]), g.ints([2])]), g.ints([2])]), f(0.5)]));
      const zero = g.op('Mul', [g.op('Slice', [mask, g.ints([0]), g.ints([1]), g.ints([1])]), f(0)]);
      const before = g.op('Concat', [zero, mask], { axis: 1 });
      const current = g.op('Concat', [mask, zero], { axis: 1 });
      const starts = g.op('Mul', [current, g.op('Sub', [f(1), before])]);
      const ends = g.op('Mul', [before, g.op('Sub', [f(1), current])]);
      const regions = reduceSum(starts);
      const hasSpeech = g.op('Greater', [regions, f(0.5)]);
      const positions = g.constant(Float32Array.from({ length: MAX_SOURCE_POSITIONS + 1 }, (_, i) => i), [MAX_SOURCE_POSITIONS + 1], DType.float, 'positions');
      const after = (edges: string, t: string) => g.op('Mul', [edges, toFloat(g.op('Greater', [positions, g.op('Unsqueeze', [t, g.ints([1])])]))]);
      const timestamp = (index: string) => g.op('Add', [index, int(layout.timestampBegin)]);

      const lastTime = g.op('Min', [g.op('Max', [g.op('Sub', [toFloat(last), f(layout.timestampBegin)]), f(0)]), f(MAX_SOURCE_POSITIONS)]);
      const lastTimeIndex = g.op('Unsqueeze', [g.op('Cast', [lastTime], { to: DType.int64 }), g.ints([1])]);
      const lastIsStart = g.op('Greater', [g.op('Squeeze', [g.op('GatherElements', [starts, lastTimeIndex], { axis: 1 }), g.ints([1])]), f(0.5)]);
      const nextStarts = after(starts, lastTime);

      const eot = int(layout.eot);
      const firstWord = g.op('Where', [translating, int(t.phrases.translate[0]!), int(t.phrases.transcribe[0]!)]);
      const afterLastWord = g.op('Where', [
        noTimestamps,
        g.op('Where', [g.op('Less', [phrasesDone, regions]), firstWord, eot]),
        timestamp(firstIndex(after(ends, lastTimestamp))),
      ]);
      const afterTimestamp = g.op('Where', [lastIsStart, firstWord, g.op('Where', [any(nextStarts), timestamp(firstIndex(nextStarts)), eot])]);
      const afterPrompt = g.op('Where', [hasSpeech, g.op('Where', [noTimestamps, firstWord, timestamp(firstIndex(starts))]), eot]);
      const is = (k: number) => g.op('Equal', [lastKind, int(k)]);
      const target = g.op('Where', [
        is(Kind.word),
        nextWord,
        g.op('Where', [
          is(Kind.lastWord),
          afterLastWord,
          g.op('Where', [is(Kind.timestamp), afterTimestamp, g.op('Where', [is(Kind.startOfTranscript), int(-1), afterPrompt])]),
        ]),
      ]);

      const vocab = g.constant(BigInt64Array.from({ length: V }, (_, i) => BigInt(i)), [V], DType.int64, 'vocab');
      const oneHot = g.op('Mul', [toFloat(g.op('Equal', [g.op('Unsqueeze', [target, g.ints([1])]), vocab])), f(BIG)]);
      const column = (cond: string) => g.op('Unsqueeze', [toFloat(cond), g.ints([1])]);
      const fallback = g.op('Mul', [column(g.op('Equal', [target, eot])), g.constant(eotFallback, [V], DType.float, 'eot_fallback')]);
      const detection = g.op('Where', [
        g.op('Unsqueeze', [hasSpeech, g.ints([1])]),
        g.constant(languageLogits, [V], DType.float, 'language_logits'),
        g.constant(noSpeechLogits, [V], DType.float, 'no_speech_logits'),
      ]);
      const atStart = g.op('Mul', [column(is(Kind.startOfTranscript)), detection]);
      return g.op('Add', [g.op('Add', [oneHot, fallback]), atStart]);
    },
  };
}
