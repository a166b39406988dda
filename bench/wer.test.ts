import { describe, expect, it } from 'vitest';
import { alignWords, combineWer, normaliseEnglish, spellInteger, wordErrorRate } from './wer.ts';

describe('normaliseEnglish', () => {
  it('lowercases and turns punctuation into spaces', () => {
    expect(normaliseEnglish('And so, my fellow Americans: ask NOT!')).toBe('and so my fellow americans ask not');
    expect(normaliseEnglish('a well-known fact…')).toBe('a well known fact');
  });

  it('joins contractions and possessives, with straight or curly apostrophes', () => {
    expect(normaliseEnglish("Don't stop; it’s John's")).toBe('dont stop its johns');
    expect(normaliseEnglish("'quoted' words")).toBe('quoted words');
  });

  it('drops bracketed annotations and fillers, and strips diacritics', () => {
    expect(normaliseEnglish('[MUSIC] um, the café (laughs) uh is open')).toBe('the cafe is open');
  });

  it('spells numbers out only when asked', () => {
    expect(normaliseEnglish('In 1961, 3 men')).toBe('in 1961 3 men');
    expect(normaliseEnglish('In 1961, 3 men', { numbersToWords: true })).toBe('in one thousand nine hundred sixty one three men');
    expect(normaliseEnglish('1,250 people', { numbersToWords: true })).toBe('one thousand two hundred fifty people');
  });

  it('gives an empty string for text with no words', () => {
    expect(normaliseEnglish(' ... ')).toBe('');
  });
});

describe('spellInteger', () => {
  it.each([
    ['0', 'zero'],
    ['7', 'seven'],
    ['15', 'fifteen'],
    ['40', 'forty'],
    ['99', 'ninety nine'],
    ['100', 'one hundred'],
    ['2005', 'two thousand five'],
    ['1000000', 'one million'],
    ['12345678', 'twelve million three hundred forty five thousand six hundred seventy eight'],
  ])('%s → %s', (digits, words) => expect(spellInteger(digits)).toBe(words));

  it('reads very long digit strings digit by digit', () => {
    expect(spellInteger('1234567890123')).toBe('one two three four five six seven eight nine zero one two three');
  });
});

describe('word error rate', () => {
  it('is zero for the same words written differently', () => {
    expect(wordErrorRate('The quick brown fox.', 'the QUICK, brown fox').wer).toBe(0);
  });

  it('counts substitutions, deletions and insertions', () => {
    expect(alignWords(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual({ referenceWords: 3, substitutions: 1, deletions: 0, insertions: 0 });
    expect(alignWords(['a', 'b', 'c'], ['a', 'c'])).toEqual({ referenceWords: 3, substitutions: 0, deletions: 1, insertions: 0 });
    expect(alignWords(['a', 'b'], ['a', 'b', 'b'])).toEqual({ referenceWords: 2, substitutions: 0, deletions: 0, insertions: 1 });
    const r = wordErrorRate('one two three four', 'one too three four five');
    expect(r).toMatchObject({ substitutions: 1, insertions: 1, errors: 2, wer: 0.5 });
  });

  it('handles empty sides', () => {
    expect(wordErrorRate('', '').wer).toBe(0);
    expect(wordErrorRate('hello world', '')).toMatchObject({ deletions: 2, wer: 1 });
    expect(wordErrorRate('', 'hello')).toMatchObject({ insertions: 1, wer: 1 });
  });

  it('combines files by total edits over total reference words', () => {
    const a = wordErrorRate('a b c d', 'a b c d');
    const b = wordErrorRate('e f', 'e g');
    expect(combineWer([a, b])).toMatchObject({ referenceWords: 6, errors: 1, wer: 1 / 6 });
  });
});
