import { describe, expect, it } from 'vitest';
import { applyTokenRules, type TokenRules } from './logit-filters.ts';
import { chooseToken } from './sampling.ts';

// Text 0-9, end-of-text 10, <|notimestamps|> 11, timestamps 12-19 (0.00 … 0.14 s).
const rules: TokenRules = { eot: 10, timestampBegin: 12, noTimestamps: 11, suppress: [7], suppressAtBegin: [0, 10], maxInitialTimestampIndex: 2, timestamps: true };
const allowed = (sampled: number[], r: TokenRules = rules, fill = 0): number[] => {
  const logits = new Float32Array(20).fill(fill);
  applyTokenRules(logits, sampled, r);
  return [...logits.keys()].filter((i) => logits[i]! > Number.NEGATIVE_INFINITY);
};

describe('the token rules of openai/whisper', () => {
  it('opens with an early timestamp, never a blank or end-of-text', () => {
    expect(allowed([])).toEqual([12, 13, 14]);
    expect(allowed([], { ...rules, timestamps: false })).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('pairs timestamps: after a start comes text (or the end), after text and a timestamp comes a start or the end', () => {
    expect(allowed([13])).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10]);
    // text then a closing timestamp: the next is another timestamp not before it, or end-of-text (here outweighed
    // by the timestamps together, so a timestamp is forced)
    expect(allowed([13, 3, 15])).toEqual([15, 16, 17, 18, 19]);
    const endLikely = new Float32Array(20).fill(0);
    endLikely[10] = 5;
    applyTokenRules(endLikely, [13, 3, 15], rules);
    expect(endLikely[10]).toBe(5);
  });

  it('never lets time go back, and gives a segment a nonzero length', () => {
    const after = allowed([13, 3]);
    expect(after.filter((t) => t >= 12)).toEqual([14, 15, 16, 17, 18, 19]);
  });

  it('forces a timestamp when the timestamps together outweigh every text token', () => {
    const logits = new Float32Array(20).fill(-10);
    logits[3] = 1;
    for (let t = 12; t < 20; t++) logits[t] = 0.5; // each less likely than word 3, together more
    applyTokenRules(logits, [13, 3], rules);
    expect(logits[3]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('suppresses the configured tokens everywhere and <|notimestamps|> with timestamps on', () => {
    expect(allowed([13, 3])).not.toContain(7);
    expect(allowed([13, 3])).not.toContain(11);
  });
});

describe('chooseToken', () => {
  it('is the argmax at temperature 0, with its log-probability at temperature 1', () => {
    const logits = Float32Array.of(0, 2, 1);
    const choice = chooseToken(logits, 0, () => 0.5);
    expect(choice.token).toBe(1);
    expect(choice.logprob).toBeCloseTo(2 - Math.log(1 + Math.exp(2) + Math.exp(1)), 6);
  });

  it('draws in proportion to softmax(logits / T)', () => {
    const logits = Float32Array.of(0, Math.log(3));
    // P(1) = 0.75 at T = 1: a draw below 0.25 of the total lands on 0, above it on 1.
    expect(chooseToken(logits, 1, () => 0.2).token).toBe(0);
    expect(chooseToken(logits, 1, () => 0.3).token).toBe(1);
    // At T = 0.5 the odds square: P(0) = 1/10.
    expect(chooseToken(logits, 0.5, () => 0.09).token).toBe(0);
    expect(chooseToken(logits, 0.5, () => 0.11).token).toBe(1);
  });
});
