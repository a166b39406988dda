import { describe, expect, it } from 'vitest';
import type { Segment, Transcript } from '../engine/transcript';
import { toTxt } from './txt';

const transcript = (segments: Segment[], language?: string): Transcript => ({
  meta: { source: 'talk.webm', model: 'onnx-community/whisper-base', device: 'wasm', dtype: 'q8', task: 'transcribe', createdAt: '2025-01-01T00:00:00.000Z', ...(language ? { language } : {}) },
  segments,
});

describe('toTxt', () => {
  it('writes a language header then one timed line per segment, hours always shown', () => {
    expect(toTxt(transcript([
      { start: 0, end: 2, text: ' Hallo.' },
      { start: 3723.456, end: 3725, text: 'Tschüss.' },
    ], 'de'))).toBe('Language: German\n[00:00:00] Hallo.\n[01:02:03] Tschüss.\n');
  });

  it('omits the header when the language is unknown and shows unknown codes as they are', () => {
    expect(toTxt(transcript([{ start: 1, end: 2, text: 'hi' }]))).toBe('[00:00:01] hi\n');
    expect(toTxt(transcript([], 'xx'))).toBe('Language: xx\n');
  });

  it('truncates to the second after millisecond rounding', () => {
    expect(toTxt(transcript([{ start: 59.9996, end: 61, text: 'a' }, { start: 59.5, end: 61, text: 'b' }])))
      .toBe('[00:01:00] a\n[00:00:59] b\n');
  });

  it('skips empty segments, folds newlines and keeps special characters', () => {
    expect(toTxt(transcript([
      { start: 0, end: 1, text: '' },
      { start: 1, end: 2, text: '<b>&"é日本語\nnext' },
    ]))).toBe('[00:00:01] <b>&"é日本語 next\n');
  });

  it('is empty for an empty transcript without a language', () => {
    expect(toTxt(transcript([]))).toBe('');
  });

  it("puts each speaker's name after the time", () => {
    const t = transcript([
      { start: 0, end: 1, text: ' Hi.', speaker: 'SPEAKER_1' },
      { start: 1, end: 2, text: ' Hello.', speaker: 'SPEAKER_2' },
    ]);
    expect(toTxt({ ...t, meta: { ...t.meta, speakers: { SPEAKER_2: 'Bob' } } })).toBe('[00:00:00] SPEAKER_1: Hi.\n[00:00:01] Bob: Hello.\n');
  });
});
