import { describe, expect, it } from 'vitest';
import type { Cue } from './cues';
import { SUBTITLE_LIMITS, plainLines, subtitleCues } from './subtitle-cues';

const LONG = 'The committee met on Tuesday to review the budget for next year and agreed to postpone the vote until the spring session.';

/** Times the words of `text` evenly from `startMs`, 300 ms each. */
const timed = (text: string, startMs: number) =>
  text.split(' ').map((w, i) => ({ text: w, startMs: startMs + i * 300, endMs: startMs + i * 300 + 250, probability: 0.9 }));

describe('subtitleCues', () => {
  it('keeps a short segment as one cue on one line', () => {
    expect(subtitleCues({ startMs: 0, endMs: 1000, text: 'Hi there.' }).map(plainLines)).toEqual([['Hi there.']]);
  });

  it('splits long text into cues of at most two lines of 42 characters, balanced, with time shared by characters', () => {
    const cues = subtitleCues({ startMs: 10_000, endMs: 22_000, text: LONG });
    expect(cues.map(plainLines)).toEqual([
      ['The committee met on Tuesday to review', 'the budget for next year and agreed to'],
      ['postpone the vote until', 'the spring session.'],
    ]);
    for (const cue of cues) for (const line of plainLines(cue)) expect(line.length).toBeLessThanOrEqual(SUBTITLE_LIMITS.maxLineChars);
    expect(cues[0]!.startMs).toBe(10_000);
    expect(cues.at(-1)!.endMs).toBe(22_000);
    // The first cue holds 63 of the 100 letters: about that share of the time.
    expect(cues[0]!.endMs).toBe(cues[1]!.startMs);
    expect(cues[0]!.endMs).toBeGreaterThan(17_000);
    expect(cues[0]!.endMs).toBeLessThan(18_500);
  });

  it('splits at the words\' own times where the model gave them', () => {
    const words = timed(LONG, 10_000);
    const cues = subtitleCues({ startMs: 9_900, endMs: 16_000, text: LONG, words });
    expect(cues).toHaveLength(2);
    const lastOfFirst = words[14]!; // "to" ends the first cue
    expect(cues[0]!.lines.flat().at(-1)!.text).toBe('to');
    expect([cues[0]!.startMs, cues[0]!.endMs]).toEqual([9_900, lastOfFirst.endMs]);
    expect([cues[1]!.startMs, cues[1]!.endMs]).toEqual([words[15]!.startMs, 16_000]);
    expect(cues[1]!.lines[0]![0]).toEqual({ text: 'postpone', startMs: words[15]!.startMs, endMs: words[15]!.endMs });
  });

  it('puts the speaker before every cue of the segment and counts it in the line', () => {
    const cues = subtitleCues({ startMs: 0, endMs: 9000, text: LONG, speaker: { label: 'SPEAKER_1', name: 'Ngozi Okonjo' } });
    const lines = cues.map(plainLines);
    expect(lines.every((l) => l[0]!.startsWith('Ngozi Okonjo: '))).toBe(true);
    for (const line of lines.flat()) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('cuts a "word" longer than a line (text without spaces) into line-long pieces', () => {
    const text = '日本語'.repeat(30);
    const cues = subtitleCues({ startMs: 0, endMs: 9000, text });
    expect(cues.map(plainLines)).toEqual([['日本語'.repeat(14), '日本語'.repeat(14)], ['日本語'.repeat(2)]]);
  });

  it('never lets a cue end before it starts or overlap the one before when word times overlap', () => {
    const words = timed(LONG, 0).map((w, i) => (i === 15 ? { ...w, startMs: 0 } : w));
    const cues: Cue[] = [{ startMs: 0, endMs: 8000, text: LONG, words }];
    const [first, second] = subtitleCues(cues[0]!);
    expect(second!.startMs).toBe(first!.endMs);
    expect(second!.endMs).toBeGreaterThanOrEqual(second!.startMs);
  });
});
