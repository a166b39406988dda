import { describe, expect, it } from 'vitest';
import type { FinalDetail } from '../engine/live-transcriber.ts';
import { RecognitionBook, type RecognitionChange } from './recognition-results.ts';

const final = (utteranceId: number, text: string, revision = 0): FinalDetail => ({ text, start: 0, end: 1, utteranceId, language: 'en', revision, confidence: 0.8 });
/** A change as [resultIndex, [transcript, isFinal, confidence] per result]. */
const seen = (c: RecognitionChange | null) => c && [c.resultIndex, c.results.map((r) => [r[0]!.transcript, r.isFinal, r[0]!.confidence])];

describe('RecognitionBook', () => {
  it('keeps a revised final interim until the utterance ends, then makes it final once', () => {
    const book = new RecognitionBook({ interim: true, single: false });
    expect(seen(book.partial(1, 'The quick'))).toEqual([0, [['The quick', false, 0]]]);
    expect(seen(book.final(final(1, 'The quick brown fox.')))).toEqual([0, [['The quick brown fox.', false, 0]]]);
    expect(seen(book.final(final(1, 'The quick brown fox jumps.', 1)))).toEqual([0, [['The quick brown fox jumps.', false, 0]]]);
    expect(seen(book.end(1))).toEqual([0, [['The quick brown fox jumps.', true, 0.8]]]);
    expect(book.end(1)).toBeNull();
    expect(book.partial(1, 'late')).toBeNull();
    expect(seen(book.partial(2, 'Pack my'))).toEqual([1, [['The quick brown fox jumps.', true, 0.8], [' Pack my', false, 0]]]);
    expect(seen(book.final(final(2, 'Pack my box.')))).toEqual([1, [['The quick brown fox jumps.', true, 0.8], [' Pack my box.', false, 0]]]);
    expect(seen(book.end(2))?.[1]).toEqual([['The quick brown fox jumps.', true, 0.8], [' Pack my box.', true, 0.8]]);
  });

  it('without interim results, tells only finals, numbered among finals', () => {
    const book = new RecognitionBook({ interim: false, single: false });
    expect(book.partial(1, 'The quick')).toBeNull();
    expect(book.final(final(1, 'The quick brown fox.'))).toBeNull();
    expect(book.final(final(2, 'Pack my box.'))).toBeNull();
    expect(seen(book.end(1))).toEqual([0, [['The quick brown fox.', true, 0.8]]]);
    expect(seen(book.end(2))).toEqual([1, [['The quick brown fox.', true, 0.8], [' Pack my box.', true, 0.8]]]);
  });

  it('a final taken back (empty) removes the interim result; an utterance without words gets none', () => {
    const book = new RecognitionBook({ interim: true, single: false });
    book.partial(1, 'Um');
    expect(seen(book.final(final(1, '')))).toEqual([0, []]);
    expect(book.end(1)).toBeNull();
    expect(book.end(7)).toBeNull();
    expect(book.settled).toBe(false);
  });

  it('in single (non-continuous) mode, only the first utterance with words has a result', () => {
    const book = new RecognitionBook({ interim: true, single: true });
    book.partial(1, 'Hello');
    expect(book.partial(2, 'world')).toBeNull();
    book.final(final(1, 'Hello there.'));
    expect(seen(book.end(1))).toEqual([0, [['Hello there.', true, 0.8]]]);
    expect(book.settled).toBe(true);
  });

  it('partials alone never make a final result: an utterance whose final pass found no words goes', () => {
    const book = new RecognitionBook({ interim: true, single: false });
    book.partial(1, 'Thank you.');
    expect(seen(book.end(1))).toEqual([0, []]);
  });

  it('results behave like the browser’s lists: indexing, item(), length, iteration', () => {
    const book = new RecognitionBook({ interim: false, single: false });
    book.final({ ...final(1, '你好'), language: 'zh' });
    book.end(1);
    book.final({ ...final(2, '世界'), language: 'zh' });
    const { results } = book.end(2)!;
    expect(results.length).toBe(2);
    expect(results.item(1)?.item(0)?.transcript).toBe('世界');
    expect(results.item(2)).toBeNull();
    expect([...results].map((r) => r[0]!.transcript).join('')).toBe('你好世界');
    expect(Object.isFrozen(results)).toBe(true);
  });
});
