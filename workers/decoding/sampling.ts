import { logSumExp } from './logit-filters.ts';

export interface Choice {
  token: number;
  /** log P(token) at temperature 1, after the token rules: what openai/whisper sums into `avg_logprob`. */
  logprob: number;
}

/**
 * Picks the next token of one row: the most likely at temperature 0, otherwise a draw from softmax(logits / T) with
 * the caller's seeded generator, so a fallback decodes the same way on every run. `logits` is not modified.
 */
export function chooseToken(logits: Float32Array, temperature: number, random: () => number): Choice {
  const logZ = logSumExp(logits, 0, logits.length);
  let token = 0;
  if (temperature <= 0) {
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[token]!) token = i;
  } else {
    token = drawScaled(logits, temperature, random);
  }
  return { token, logprob: logits[token]! - logZ };
}

function drawScaled(logits: Float32Array, temperature: number, random: () => number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += Math.exp((logits[i]! - max) / temperature);
  let target = random() * total;
  let last = 0;
  for (let i = 0; i < logits.length; i++) {
    const weight = Math.exp((logits[i]! - max) / temperature);
    if (weight === 0) continue;
    last = i;
    target -= weight;
    if (target <= 0) return i;
  }
  return last;
}

/** Softmax of `logits` restricted to `ids` (every other token masked out), in the order of `ids`. */
export function softmaxOver(logits: Float32Array, ids: readonly number[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const id of ids) max = Math.max(max, logits[id]!);
  const weights = ids.map((id) => Math.exp(logits[id]! - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** P(token) under the full softmax of `logits`. */
export function probabilityOf(logits: Float32Array, token: number): number {
  return Math.exp(logits[token]! - logSumExp(logits, 0, logits.length));
}
