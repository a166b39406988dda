/**
 * The rules openai/whisper applies to the logits before every sampled token (`SuppressBlank`, `SuppressTokens`,
 * `ApplyTimestampRules` in whisper/decoding.py), on one row of logits in place. Pure, so each rule is tested in Node.
 */

export interface TokenRules {
  eot: number;
  /** The first timestamp token, `<|0.00|>`. */
  timestampBegin: number;
  noTimestamps: number;
  /** Never sampled: the generation config's `suppress_tokens` plus the control tokens. */
  suppress: readonly number[];
  /** Not allowed as the first sampled token: a blank (" ") and end-of-text. */
  suppressAtBegin: readonly number[];
  /** Latest first timestamp allowed, in 20 ms steps (openai's `max_initial_timestamp` of 1 s is 50); null for none. */
  maxInitialTimestampIndex: number | null;
  timestamps: boolean;
}

/** Applies every rule to `logits` (one row), given the tokens sampled so far in this row (the prompt excluded). */
export function applyTokenRules(logits: Float32Array, sampled: readonly number[], rules: TokenRules): void {
  if (sampled.length === 0) for (const id of rules.suppressAtBegin) logits[id] = Number.NEGATIVE_INFINITY;
  for (const id of rules.suppress) logits[id] = Number.NEGATIVE_INFINITY;
  if (rules.timestamps) applyTimestampRules(logits, sampled, rules);
}

function applyTimestampRules(logits: Float32Array, sampled: readonly number[], rules: TokenRules): void {
  const { eot, timestampBegin } = rules;
  const isTimestamp = (t: number | undefined) => t !== undefined && t >= timestampBegin;
  logits[rules.noTimestamps] = Number.NEGATIVE_INFINITY;

  // Timestamps come in pairs (start, end), except the last one before end-of-text.
  const last = sampled.at(-1);
  const lastWasTimestamp = isTimestamp(last);
  const penultimateWasTimestamp = sampled.length < 2 || isTimestamp(sampled.at(-2));
  if (lastWasTimestamp) {
    if (penultimateWasTimestamp) logits.fill(Number.NEGATIVE_INFINITY, timestampBegin);
    else logits.fill(Number.NEGATIVE_INFINITY, 0, eot);
  }

  // Timestamps never go back, and a segment has a nonzero length (or the decoder could loop on one instant).
  let lastTimestamp = -1;
  for (let i = sampled.length - 1; i >= 0; i--) {
    if (isTimestamp(sampled[i])) {
      lastTimestamp = sampled[i]!;
      break;
    }
  }
  if (lastTimestamp >= 0) {
    const floor = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
    logits.fill(Number.NEGATIVE_INFINITY, timestampBegin, floor);
  }

  if (sampled.length === 0) {
    // The text opens with a timestamp, and not a late one: Whisper would otherwise skip the window's first words.
    logits.fill(Number.NEGATIVE_INFINITY, 0, timestampBegin);
    if (rules.maxInitialTimestampIndex !== null) logits.fill(Number.NEGATIVE_INFINITY, timestampBegin + rules.maxInitialTimestampIndex + 1);
  }

  // Where the timestamps together are likelier than any text token, a timestamp it is.
  const logZ = logSumExp(logits, 0, logits.length);
  const timestampMass = logSumExp(logits, timestampBegin, logits.length) - logZ;
  let bestText = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < timestampBegin; i++) if (logits[i]! > bestText) bestText = logits[i]!;
  if (timestampMass > bestText - logZ) logits.fill(Number.NEGATIVE_INFINITY, 0, timestampBegin);
}

/** log Σ exp(x[from..to)), stable; -Infinity when every entry is -Infinity. */
export function logSumExp(x: Float32Array, from: number, to: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) if (x[i]! > max) max = x[i]!;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(x[i]! - max);
  return max + Math.log(sum);
}
