import { describe, expect, it } from 'vitest';
import { groupWords, type TimedToken } from './word-groups.ts';
import { tokenStartTimes, warpStarts } from './word-timing.ts';

const timed = (pieces: string[], starts: number[], end: number, logprobs = pieces.map(() => -0.1)): TimedToken[] =>
  pieces.map((piece, i) => ({ piece, start: starts[i]!, next: starts[i + 1] ?? end, logprob: logprobs[i]! }));
const join = (tokens: TimedToken[]) => (first: number, end: number) => tokens.slice(first, end).map((t) => t.piece).join('');

describe('groupWords', () => {
  it('starts a word at a leading space, keeps word pieces and closing punctuation with the word before', () => {
    const tokens = timed([' The', ' cat', ' does', "n't", ' sit', '.'], [1, 1.2, 1.5, 1.7, 1.8, 2.1], 3, [-0.1, -1.2, -0.1, -0.3, -0.1, -0.05]);
    const words = groupWords(tokens, 'en', join(tokens));
    expect(words.map((w) => w.text)).toEqual([' The', ' cat', " doesn't", ' sit.']);
    expect(words.map((w) => [w.start, w.end])).toEqual([[1, 1.2], [1.2, 1.5], [1.5, 1.8], [1.8, 2.12]]);
    expect(words[1]!.probability).toBeCloseTo(Math.exp(-1.2));
    expect(words[2]!.probability).toBeCloseTo(Math.exp(-0.3));
  });

  it('joins opening punctuation to the word after it', () => {
    const tokens = timed([' He', ' said', ' "', 'yes', '."'], [0, 0.3, 0.6, 0.62, 0.9], 1.2);
    expect(groupWords(tokens, 'en', join(tokens)).map((w) => w.text)).toEqual([' He', ' said', ' "yes."']);
  });

  it('makes each character a word where words have no spaces, keeping a character cut across tokens whole', () => {
    const tokens = timed(['今', '天', '\uFFFD', '\uFFFD', '。'], [0, 0.2, 0.4, 0.45, 0.6], 0.8);
    const words = groupWords(tokens, 'zh', join(tokens));
    expect(words).toHaveLength(3);
    expect(words.map((w) => w.start)).toEqual([0, 0.2, 0.4]);
  });
});

describe('word timing by dynamic time warping', () => {
  it('gives each token the first frame the cheapest path reaches it at', () => {
    // Token 0 is cheap on frames 0-2, token 1 on 3-5, token 2 on 6-9.
    const frames = 10;
    const cost = new Float32Array(3 * frames).fill(1);
    [[0, 0, 3], [1, 3, 6], [2, 6, 10]].forEach(([t, from, to]) => cost.fill(-1, t! * frames + from!, t! * frames + to!));
    expect(warpStarts(cost, 3, frames)).toEqual([0, 3, 6]);
  });

  it('reads the alignment heads: a token starts where its attention peaks, a silence going to the token before', () => {
    const frames = 100;
    const peaks = [[0, 100], [20, 40], [40, 60], [60, 100]];
    // Two heads that agree; the first row attends evenly (the prompt's last token).
    const rows = peaks.map(([from, to], t) => {
      const row = new Float32Array(2 * frames);
      for (let h = 0; h < 2; h++) for (let f = 0; f < frames; f++) row[h * frames + f] = t === 0 ? 0.01 : f >= from! && f < to! ? 0.05 : 0.001;
      return row;
    });
    const starts = tokenStartTimes(rows, 2, frames);
    expect(starts.slice(1).map((s) => Math.round(s * 50))).toEqual([20, 40, 60]);
  });
});
