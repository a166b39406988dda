import { describe, expect, it } from 'vitest';
import type { Segment } from '../../engine/transcript';
import { findMatches, segmentAt, segmentText, textPieces, wordAt } from './segment-text';

const words = [
  { text: ' The', start: 1, end: 1.2, probability: 0.9 },
  { text: ' cat', start: 1.2, end: 1.5, probability: 0.3 },
  { text: ' does', start: 1.8, end: 2, probability: 0.9 },
  { text: "n't", start: 2, end: 2.1, probability: 0.9 },
  { text: ' ', start: 2.1, end: 2.1, probability: 0.9 },
  { text: ' sit.', start: 2.2, end: 2.6, probability: 0.8 },
];
const segment: Segment = { start: 1, end: 2.6, text: " The cat doesn't sit.", words };

describe('segmentText', () => {
  it('joins the words as written, with each word\'s place', () => {
    const shown = segmentText(segment);
    expect(shown.text).toBe("The cat doesn't sit.");
    expect(shown.words.map((w) => [shown.text.slice(w.start, w.end), w.index])).toEqual([['The', 0], ['cat', 1], ['does', 2], ["n't", 3], ['sit.', 5]]);
  });

  it('shows the text alone for a segment without words, or corrected since', () => {
    expect(segmentText({ start: 0, end: 1, text: '  Hello\n there ' })).toEqual({ text: 'Hello there', words: [] });
    expect(segmentText({ ...segment, text: 'The dog sat.', edited: true })).toEqual({ text: 'The dog sat.', words: [] });
  });
});

describe('wordAt', () => {
  it('lights the word being spoken and keeps it lit through a pause', () => {
    expect([0.9, 1, 1.3, 1.6, 2.05, 2.15, 2.5, 2.6].map((t) => wordAt(words, t))).toEqual([-1, 0, 1, 1, 3, 4, 5, -1]);
    expect(wordAt([], 1)).toBe(-1);
  });
});

describe('segmentAt', () => {
  it('finds the segment being played, or none in a gap, before the first and after the last', () => {
    const segments = [0, 2, 5, 9].map((start) => ({ start, end: start + 1.5, text: 'x' }));
    expect([-0.1, 0, 1.4, 1.6, 2, 5.2, 7, 9.5, 11].map((t) => segmentAt(segments, t))).toEqual([-1, 0, 0, -1, 1, 2, -1, 3, -1]);
    expect(segmentAt([], 3)).toBe(-1);
  });
});

describe('findMatches', () => {
  it('finds every hit in order, ignoring case, with spaces matching any run of spaces, and treats the query as text', () => {
    expect(findMatches(['The cat. the Cat', 'no', 'a  cat'], 'the cat')).toEqual([
      { segment: 0, start: 0, end: 7 },
      { segment: 0, start: 9, end: 16 },
    ]);
    expect(findMatches(['a (b)? c', 'x'], '(b)?')).toEqual([{ segment: 0, start: 2, end: 6 }]);
    expect(findMatches(['ÉCOLE école'], 'école')).toHaveLength(2);
    expect(findMatches(['anything'], '  ')).toEqual([]);
  });
});

describe('textPieces', () => {
  it('cuts the text into words and the stretches between, with hits as runs, one hit across several words', () => {
    const shown = segmentText(segment);
    const pieces = textPieces(shown, [{ start: 4, end: 13, current: true }]);
    expect(pieces.map((p) => [p.word, p.runs.map((r) => `${r.text}:${r.highlight}`)])).toEqual([
      [0, ['The:none']],
      [-1, [' :none']],
      [1, ['cat:current']],
      [-1, [' :current']],
      [2, ['does:current']],
      [3, ['n:current', "'t:none"]],
      [-1, [' :none']],
      [5, ['sit.:none']],
    ]);
  });

  it('is one piece for plain text without hits', () => {
    expect(textPieces({ text: 'Hello', words: [] }, [])).toEqual([{ word: -1, runs: [{ text: 'Hello', highlight: 'none' }] }]);
  });
});
