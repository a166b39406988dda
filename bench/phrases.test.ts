import { describe, expect, it } from 'vitest';
import { checkPhrases, countPhrase, differingUtterances } from './phrases.ts';

const PHRASE = ' The quick brown fox jumps over the lazy dog.';
const utterances = [{ start: 1, end: 3 }, { start: 5, end: 7 }, { start: 9, end: 11 }];
const seg = (start: number, end: number | null, text = PHRASE.trim()) => ({ start, end, text });
const twice = `${PHRASE}${PHRASE}`;

describe('checkPhrases', () => {
  it('accepts one phrase per utterance', () => {
    const check = checkPhrases([seg(0.9, 3.1), seg(4.9, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses');
    expect(check).toMatchObject({ phrases: 3, lost: 0, split: 0, duplicated: 0, merged: 0, spurious: 0, perUtterance: [1, 1, 1], ok: true });
  });

  it('finds an utterance cut in two at a window seam', () => {
    const check = checkPhrases([seg(0.9, 3.1), seg(4.9, 6), seg(6, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses');
    expect(check).toMatchObject({ phrases: 4, split: 1, duplicated: 0, perUtterance: [1, 2, 1], ok: false });
  });

  it('finds the same speech transcribed twice, in one segment or in two overlapping ones', () => {
    expect(checkPhrases([seg(0.9, 3.1, twice), seg(4.9, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses')).toMatchObject({ duplicated: 1, ok: false });
    expect(checkPhrases([seg(0.9, 3.1), seg(1, 3), seg(4.9, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses')).toMatchObject({ duplicated: 1, split: 1, ok: false });
  });

  it('finds lost utterances and made-up segments; an open end runs to the end of the audio', () => {
    const check = checkPhrases([seg(0.9, 3.1), seg(3.5, 4.5), seg(9, null)], utterances, PHRASE, 12, 'pauses');
    expect(check).toMatchObject({ lost: 1, spurious: 1, perUtterance: [1, 0, 1], ok: false });
  });

  it('accepts one segment over several utterances of continuous speech, but not other words', () => {
    expect(checkPhrases([seg(0.9, 11.1)], utterances, PHRASE, 12, 'continuous')).toMatchObject({ phrases: 1, merged: 2, ok: true });
    expect(checkPhrases([seg(0.9, 11.1)], utterances, PHRASE, 12, 'pauses')).toMatchObject({ merged: 2, ok: false });
    expect(checkPhrases([seg(0.9, 11.1, 'Something else.')], utterances, PHRASE, 12, 'continuous')).toMatchObject({ spurious: 1, lost: 3, ok: false });
  });

  it('compares two transcripts utterance by utterance', () => {
    const a = checkPhrases([seg(0.9, 3.1), seg(4.9, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses');
    const b = checkPhrases([seg(0.9, 3.1, twice), seg(4.9, 7.1), seg(8.9, 11.1)], utterances, PHRASE, 12, 'pauses');
    expect(differingUtterances(a, b)).toBe(1);
    expect(differingUtterances(a, a)).toBe(0);
  });

  it('counts any of several phrases (the passage\'s sentences)', () => {
    const passage = [PHRASE, ' Pack my box with five dozen liquor jugs.'];
    const check = checkPhrases([seg(0.9, 3.1), seg(4.9, 7.1, 'Pack my box with five dozen liquor jugs.'), seg(8.9, 11.1, 'Other words.')], utterances, passage, 12, 'pauses');
    expect(check).toMatchObject({ phrases: 2, spurious: 1, perUtterance: [1, 1, 0], ok: false });
    expect(countPhrase(`${PHRASE} Pack my box with five dozen liquor jugs.`, passage)).toBe(2);
  });

  it('counts phrases ignoring case and punctuation', () => {
    expect(countPhrase('the QUICK brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog.', PHRASE)).toBe(2);
    expect(countPhrase('the quick brown fox', PHRASE)).toBe(0);
  });
});
