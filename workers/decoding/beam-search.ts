import { applyTokenRules, logSumExp, type TokenRules } from './logit-filters.ts';
import { CancelledError, type Candidate, type DecoderRun, type FedLogits } from './decoder-run.ts';

interface Beam extends Candidate {
  /** The row of the decoder run this beam's cache is in. */
  row: number;
}

/**
 * openai/whisper's beam search (BeamSearchDecoder, patience 1): `width` beams decoded as one batch; at each step every
 * beam proposes its width + 1 likeliest next tokens, the likeliest `width` continuations survive (their caches moved to
 * their rows), and a continuation that ends the text is set aside, until `width` texts have ended or the length limit.
 * What comes back is every ended text (or, if none ended, the surviving beams), for the caller to rank.
 */
export async function beamSearch(
  run: DecoderRun,
  first: FedLogits,
  width: number,
  rules: TokenRules,
  limits: { maxNewTokens: number; cancelled(): boolean; onTokens?(tokens: readonly number[]): void },
): Promise<{ candidates: Candidate[]; steps: number }> {
  let beams: Beam[] = [{ tokens: [], logprobs: [], sum: 0, row: 0, ...(first.attention ? { attention: [first.attention(0)] } : {}) }];
  const finished: Candidate[] = [];
  const scratch = new Float32Array(first.at(0, 0).length);
  let logits = first;
  let steps = 0;
  for (let length = 0; length < limits.maxNewTokens && finished.length < width; length++) {
    const proposals = new Map<string, Beam & { token: number; logprob: number }>();
    for (const beam of beams) {
      scratch.set(logits.at(beam.row, logits.positions - 1));
      applyTokenRules(scratch, beam.tokens, rules);
      const logZ = logSumExp(scratch, 0, scratch.length);
      for (const token of topTokens(scratch, width + 1)) {
        const logprob = scratch[token]! - logZ;
        const key = [...beam.tokens, token].join(',');
        const sum = beam.sum + logprob;
        // At the first step every beam is the same text: one proposal per distinct continuation.
        if ((proposals.get(key)?.sum ?? Number.NEGATIVE_INFINITY) < sum) proposals.set(key, { ...beam, sum, token, logprob });
      }
    }
    const next: Beam[] = [];
    for (const p of [...proposals.values()].sort((a, b) => b.sum - a.sum)) {
      if (p.token === rules.eot) {
        if (finished.length < width) finished.push({ tokens: p.tokens, logprobs: p.logprobs, sum: p.sum, ...(p.attention ? { attention: p.attention } : {}) });
      } else {
        next.push({ tokens: [...p.tokens, p.token], logprobs: [...p.logprobs, p.logprob], sum: p.sum, row: p.row, ...(p.attention ? { attention: p.attention } : {}) });
        if (next.length === width) break;
      }
    }
    limits.onTokens?.(next[0]?.tokens ?? []);
    if (finished.length >= width || next.length === 0 || length + 1 >= limits.maxNewTokens) {
      beams = next;
      break;
    }
    if (limits.cancelled()) throw new CancelledError('Transcription cancelled.');
    // Each surviving beam continues from its parent's cache; rows without a beam repeat the last one (unused).
    const parents = Array.from({ length: width }, (_, r) => (next[r] ?? next.at(-1)!).row);
    await run.reorder(parents);
    logits = await run.feed(parents.map((_, r) => [(next[r] ?? next.at(-1)!).tokens.at(-1)!]));
    steps++;
    // Beams share their parents' lists: each gets a new one with the row of the token it was just fed.
    const fed = logits;
    beams = next.map((b, r) => ({ ...b, row: r, ...(fed.attention ? { attention: [...(b.attention ?? []), fed.attention(r)] } : {}) }));
  }
  return { candidates: finished.length > 0 ? finished : beams, steps };
}

/** The indices of the `k` largest finite values, largest first. */
function topTokens(logits: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v === Number.NEGATIVE_INFINITY) continue;
    if (top.length < k) {
      top.push(i);
      top.sort((a, b) => logits[b]! - logits[a]!);
    } else if (v > logits[top[k - 1]!]!) {
      top[k - 1] = i;
      top.sort((a, b) => logits[b]! - logits[a]!);
    }
  }
  return top;
}
