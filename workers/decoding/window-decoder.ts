import type { LanguageGuess } from '../../src/engine/protocol.ts';
import type { DecodingStats, GuardOptions } from '../../src/shared/guard-options.ts';
import { mulberry32 } from '../../src/shared/random.ts';
import { compressionRatio, isSilence, needsFallback } from './fallback-rules.ts';
import { applyTokenRules, type TokenRules } from './logit-filters.ts';
import { beamSearch } from './beam-search.ts';
import { CancelledError, type Candidate, type DecoderRun, type EncodedWindow, type FedLogits } from './decoder-run.ts';
import { chooseToken, probabilityOf, softmaxOver } from './sampling.ts';
import { chooseLanguage } from '../../src/shared/language-switch.ts';

export { CancelledError, type DecoderRun, type EncodedWindow, type FedLogits };

/** Whisper's control tokens and what may be sampled. */
export interface DecoderVocabulary {
  sot: number;
  startOfPrev: number;
  noSpeech: number;
  transcribe: number | undefined;
  translate: number | undefined;
  /** Language code → token id, for multilingual models. */
  languages: ReadonlyMap<string, number>;
  rules: TokenRules;
  /** The text of generated tokens (timestamps and control tokens left out), for the compression ratio. */
  text(tokens: readonly number[]): string;
}

export interface WindowRequest {
  /** Tokens of the text before this window, already cut to what fits; empty for none. */
  context: readonly number[];
  /** A language code, or null to detect it from this window. Ignored by English-only models. */
  language: string | null;
  /** When detecting: the language of the audio before, kept unless another wins clearly (chooseLanguage). */
  previousLanguage?: string | null;
  /** Translate to English; a window already in English is transcribed. */
  task: 'transcribe' | 'translate';
  guards: GuardOptions;
  /** Openai's `sample_len`: half the decoder's 448 positions. */
  maxNewTokens: number;
  seed: number;
  /** Checked before every decoder step; a true answer ends the call with CancelledError. */
  cancelled(): boolean;
  /** The growing token list of the first candidate, after each step. */
  onTokens?(tokens: readonly number[]): void;
}

export interface DecodedWindow {
  /** The kept candidate's tokens, end-of-text excluded. */
  tokens: number[];
  /** log P of each of `tokens`, at temperature 1. */
  tokenLogprobs: number[];
  /**
   * Where the prompt's last token and then each token fed back attend, for decoders that tell (word timing); the
   * last token's may be missing.
   */
  tokenAttention?: Float32Array[];
  stats: DecodingStats;
  /** The language the text was decoded in, and the detection's candidates, best first (when it was detected). */
  language: string;
  detected: LanguageGuess[];
  /** The model called this window silence: its text must be dropped. */
  silence: boolean;
  /** Temperatures tried after the first. */
  fallbacks: number;
  /** How far the fallback went: the next window's prompt is dropped when this is above promptResetOnTemperature. */
  highestTemperature: number;
  decoderSteps: number;
}



interface Attempt extends DecodingStats {
  candidate: Candidate;
}

const DETECTED_LANGUAGES = 3;

/**
 * Decodes one encoded window the way openai/whisper's `transcribe()` decodes a segment: greedy first, then hotter
 * sampled candidates while the text loops (compression ratio) or is unsure (average log-probability), keeping the
 * first candidate that passes, or the likeliest of all when none does. The no-speech probability and the language
 * are read where the model predicts the language, right after `<|startoftranscript|>`, with the prompt before it
 * as in openai/whisper; detecting the language this way costs no second encoder pass.
 */
export async function decodeWindow(window: EncodedWindow, vocab: DecoderVocabulary, request: WindowRequest): Promise<DecodedWindow> {
  const multilingual = vocab.languages.size > 0;
  let language = multilingual ? request.language : 'en';
  let detected: LanguageGuess[] = [];
  const attempts: Attempt[] = [];
  let steps = 0;
  for (const [index, temperature] of request.guards.temperatures.entries()) {
    const beams = temperature === 0 ? Math.max(1, request.guards.beamSize) : 1;
    const rows = temperature > 0 ? Math.max(1, request.guards.bestOf) : beams;
    const run = await window.start(rows);
    try {
      const prefix = prefixBefore(vocab, request.context);
      const after = (code: string) => [
        ...(multilingual ? [vocab.languages.get(code)!, request.task === 'translate' && code !== 'en' ? vocab.translate! : vocab.transcribe!] : []),
        ...(vocab.rules.timestamps ? [] : [vocab.rules.noTimestamps]),
      ];
      // The prompt up to <|startoftranscript|> first, on its own: the logits there give the no-speech probability and
      // the language, and a model is only asked about the last position it was fed (the synthetic test model too).
      let logits = await run.feed(repeat(rows, prefix));
      const sot = logits.at(0, prefix.length - 1);
      const noSpeechProb = probabilityOf(sot, vocab.noSpeech);
      if (language === null) {
        detected = detectLanguage(sot, vocab.languages);
        language = chooseLanguage(detected, request.previousLanguage ?? null);
      }
      const rest = after(language);
      if (rest.length > 0) logits = await run.feed(repeat(rows, rest));
      steps += rest.length > 0 ? 2 : 1;
      const random = mulberry32(request.seed * 7919 + index);
      const { candidates, steps: sampledSteps } =
        beams > 1 ? await beamSearch(run, logits, beams, vocab.rules, request) : await sample(run, logits, rows, temperature, random, vocab.rules, request);
      steps += sampledSteps;
      const candidate = best(candidates);
      const avgLogprob = candidate.sum / (candidate.tokens.length + 1);
      const ratio = await compressionRatio(vocab.text(candidate.tokens));
      attempts.push({ candidate, temperature, avgLogprob, compressionRatio: ratio, noSpeechProb });
    } finally {
      run.dispose();
    }
    if (!needsFallback(attempts.at(-1)!, request.guards)) break;
  }

  const last = attempts.at(-1)!;
  // When every temperature failed, the likeliest text is the best guess (faster-whisper's choice).
  const kept = needsFallback(last, request.guards) ? attempts.reduce((a, b) => (b.avgLogprob > a.avgLogprob ? b : a)) : last;
  const stats: DecodingStats = { temperature: kept.temperature, avgLogprob: kept.avgLogprob, compressionRatio: kept.compressionRatio, noSpeechProb: kept.noSpeechProb };
  return {
    tokens: kept.candidate.tokens,
    tokenLogprobs: kept.candidate.logprobs,
    ...(kept.candidate.attention ? { tokenAttention: kept.candidate.attention } : {}),
    stats,
    language: language ?? 'en',
    detected,
    silence: isSilence(stats, request.guards),
    fallbacks: attempts.length - 1,
    highestTemperature: last.temperature,
    decoderSteps: steps,
  };
}

function prefixBefore(vocab: DecoderVocabulary, context: readonly number[]): number[] {
  return context.length > 0 ? [vocab.startOfPrev, ...context, vocab.sot] : [vocab.sot];
}

const repeat = (rows: number, tokens: readonly number[]): number[][] => Array.from({ length: rows }, () => [...tokens]);

function detectLanguage(sotLogits: Float32Array, languages: ReadonlyMap<string, number>): LanguageGuess[] {
  const codes = [...languages.keys()];
  const probabilities = softmaxOver(sotLogits, codes.map((c) => languages.get(c)!));
  return codes
    .map((language, i) => ({ language, probability: probabilities[i]! }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, DETECTED_LANGUAGES);
}

/** Runs the decoder until every row has written end-of-text or the length limit. */
async function sample(
  run: DecoderRun,
  first: FedLogits,
  rows: number,
  temperature: number,
  random: () => number,
  rules: TokenRules,
  request: WindowRequest,
): Promise<{ candidates: Candidate[]; steps: number }> {
  // The prompt's last token leads each list of attention rows: it takes the audio before the first word.
  const candidates: Candidate[] = Array.from({ length: rows }, (_, r) => ({ tokens: [], logprobs: [], sum: 0, ...(first.attention ? { attention: [first.attention(r)] } : {}) }));
  const done = new Array<boolean>(rows).fill(false);
  const scratch = new Float32Array(first.at(0, 0).length);
  let logits = first;
  let steps = 0;
  for (let length = 0; length < request.maxNewTokens; length++) {
    for (let r = 0; r < rows; r++) {
      if (done[r]) continue;
      const c = candidates[r]!;
      scratch.set(logits.at(r, logits.positions - 1));
      applyTokenRules(scratch, c.tokens, rules);
      const { token, logprob } = chooseToken(scratch, temperature, random);
      c.sum += logprob;
      if (token === rules.eot) {
        done[r] = true;
        continue;
      }
      c.tokens.push(token);
      c.logprobs.push(logprob);
    }
    request.onTokens?.(candidates[0]!.tokens);
    if (done.every(Boolean) || length + 1 >= request.maxNewTokens) break;
    if (request.cancelled()) throw new CancelledError('Transcription cancelled.');
    logits = await run.feed(candidates.map((c, r) => [done[r] ? rules.eot : c.tokens.at(-1)!]));
    steps++;
    if (logits.attention) candidates.forEach((c, r) => done[r] || c.attention?.push(logits.attention!(r)));
  }
  return { candidates, steps };
}

/** openai/whisper's ranking without a length penalty: the highest log-probability per token. */
function best(candidates: Candidate[]): Candidate {
  const score = (c: Candidate) => c.sum / Math.max(1, c.tokens.length);
  return candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
}
