import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_TOKENS, promptTokens } from './prompt-tokens.ts';

// A token per word: 'w12' is token 12, so the tokens show which words were kept.
const encode = (text: string): number[] => text.trim().split(/\s+/).map((w) => Number(w.slice(1)));
const words = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `w${from + i}`).join(' ');

describe('promptTokens', () => {
  it('is the last 223 tokens of the text heard before when there are no words to expect', () => {
    expect(promptTokens(encode, words(0, 5), undefined)).toEqual([0, 1, 2, 3, 4]);
    const long = promptTokens(encode, words(0, 300), '');
    expect(long).toHaveLength(MAX_PROMPT_TOKENS);
    expect(long[0]).toBe(300 - MAX_PROMPT_TOKENS);
    expect(long.at(-1)).toBe(299);
    expect(promptTokens(encode, '  ', undefined)).toEqual([]);
  });

  it('puts the words to expect first and keeps them; the text heard fills the rest with its latest tokens', () => {
    expect(promptTokens(encode, undefined, words(1000, 3))).toEqual([1000, 1001, 1002]);
    expect(promptTokens(encode, words(0, 4), words(1000, 2))).toEqual([1000, 1001, 0, 1, 2, 3]);
    const full = promptTokens(encode, words(0, 300), words(1000, 20));
    expect(full).toHaveLength(MAX_PROMPT_TOKENS);
    expect(full.slice(0, 20)).toEqual(encode(words(1000, 20)));
    expect(full[20]).toBe(300 - (MAX_PROMPT_TOKENS - 20));
    expect(full.at(-1)).toBe(299);
  });

  it('never exceeds the limit, even with more words to expect than fit', () => {
    expect(promptTokens(encode, words(0, 10), words(1000, 400))).toEqual(encode(words(1000, MAX_PROMPT_TOKENS)));
  });
});
