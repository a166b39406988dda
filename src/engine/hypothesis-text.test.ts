import { describe, expect, it } from 'vitest';
import { cutRepeatedText, isHallucination } from './hypothesis-text.ts';

describe('hypothesis text rules', () => {
  it('knows Whisper stock inventions, whatever the case and punctuation', () => {
    expect(isHallucination(' Thank you.')).toBe(true);
    expect(isHallucination('SUBTITLES BY THE AMARA.ORG COMMUNITY')).toBe(true);
    expect(isHallucination('')).toBe(true);
    expect(isHallucination(' Thank you for the coffee.')).toBe(false);
  });

  it('cuts a word said four times in a row, and a sentence said three times, to the first', () => {
    expect(cutRepeatedText(' no no no no way')).toBe(' no way');
    expect(cutRepeatedText(' no no no way')).toBe(' no no no way');
    const phrase = 'The quick brown fox jumps over the lazy dog.';
    expect(cutRepeatedText(` ${phrase} ${phrase} ${phrase} ${phrase} Then`)).toBe(` ${phrase} Then`);
    expect(cutRepeatedText(` ${phrase} ${phrase}`)).toBe(` ${phrase} ${phrase}`);
  });

  it('leaves ordinary text alone, spacing included', () => {
    expect(cutRepeatedText(' It is what it is.')).toBe(' It is what it is.');
  });
});
