import { describe, expect, it } from 'vitest';
import type { Segment, Transcript } from '../engine/transcript';
import { toSrt } from './srt';

const transcript = (segments: Segment[], language?: string): Transcript => ({
  meta: { source: 'talk.webm', model: 'onnx-community/whisper-base', device: 'wasm', dtype: 'q8', task: 'transcribe', createdAt: '2025-01-01T00:00:00.000Z', ...(language ? { language } : {}) },
  segments,
});

describe('toSrt', () => {
  it('numbers cues and formats hour-long timestamps', () => {
    const srt = toSrt(transcript([
      { start: 0, end: 2.5, text: ' Hello.' },
      { start: 3723.456, end: 3725, text: 'Later.' },
    ]));
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:02,500\nHello.\n\n2\n01:02:03,456 --> 01:02:05,000\nLater.\n');
  });

  it('rounds to the millisecond without producing ,1000', () => {
    expect(toSrt(transcript([{ start: 59.9996, end: 61.0004, text: 'x' }])))
      .toBe('1\n00:01:00,000 --> 00:01:01,000\nx\n');
  });

  it('skips empty segments and keeps numbering consecutive', () => {
    const srt = toSrt(transcript([
      { start: 0, end: 1, text: 'a' },
      { start: 1, end: 2, text: '   ' },
      { start: 2, end: 3, text: '' },
      { start: 3, end: 4, text: 'b' },
    ]));
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:01,000\na\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n');
  });

  it('never ends a cue before it starts', () => {
    expect(toSrt(transcript([{ start: 5, end: 4, text: 'x' }]))).toBe('1\n00:00:05,000 --> 00:00:05,000\nx\n');
  });

  it('keeps special characters as they are and folds newlines so no blank line splits a cue', () => {
    expect(toSrt(transcript([{ start: 0, end: 1, text: '<b>&"é日本語\n\nnext' }])))
      .toBe('1\n00:00:00,000 --> 00:00:01,000\n<b>&"é日本語 next\n');
  });

  it('gives an empty file for an empty transcript', () => {
    expect(toSrt(transcript([]))).toBe('');
  });
});

describe('toSrt line limits and speakers', () => {
  it('keeps lines to 42 characters and cues to 2 lines, split on the words\' times, the speaker before each cue', () => {
    const text = 'We checked every figure in the report twice and found nothing wrong with the totals at all.';
    const words = text.split(' ').map((w, i) => ({ text: ` ${w}`, start: 10 + i * 0.4, end: 10.3 + i * 0.4, probability: 0.9 }));
    const t = transcript([{ start: 10, end: 17, text: ` ${text}`, words, speaker: 'SPEAKER_2' }]);
    expect(toSrt(t)).toBe(
      '1\n00:00:10,000 --> 00:00:15,100\nSpeaker 2: We checked every figure in the\nreport twice and found nothing wrong with\n\n'
      + '2\n00:00:15,200 --> 00:00:17,000\nSpeaker 2: the totals at all.\n',
    );
  });
});
