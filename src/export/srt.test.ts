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

  it("starts each cue with its speaker's name, or its label", () => {
    const t = transcript([
      { start: 0, end: 1, text: ' Hi.', speaker: 'SPEAKER_1' },
      { start: 1, end: 2, text: ' Hello.', speaker: 'SPEAKER_2' },
      { start: 2, end: 3, text: ' (unknown)' },
    ]);
    expect(toSrt({ ...t, meta: { ...t.meta, speakers: { SPEAKER_1: 'Alice\nSmith', SPEAKER_2: ' ' } } })).toBe(
      '1\n00:00:00,000 --> 00:00:01,000\nAlice Smith: Hi.\n\n2\n00:00:01,000 --> 00:00:02,000\nSPEAKER_2: Hello.\n\n3\n00:00:02,000 --> 00:00:03,000\n(unknown)\n',
    );
  });

  it('gives an empty file for an empty transcript', () => {
    expect(toSrt(transcript([]))).toBe('');
  });
});
