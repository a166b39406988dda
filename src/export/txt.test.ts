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

  it('marks where a mixed-language recording changes language', () => {
    expect(toTxt(transcript([
      { start: 0, end: 2, text: 'Hello.', language: 'en' },
      { start: 3, end: 4, text: 'Hola.', language: 'es' },
      { start: 5, end: 6, text: '¿Qué tal?', language: 'es' },
      { start: 7, end: 8, text: 'Bye.', language: 'en' },
    ], 'en'))).toBe('Language: English\n[00:00:00] Hello.\n[Language: Spanish]\n[00:00:03] Hola.\n[00:00:05] ¿Qué tal?\n[Language: English]\n[00:00:07] Bye.\n');
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
});

describe('toTxt with speakers', () => {
  it('writes the speaker\'s name, as the user gave it, before each line', () => {
    const t = transcript([{ start: 0, end: 1, text: ' Hi.', speaker: 'SPEAKER_1' }, { start: 1, end: 2, text: ' Hello.', speaker: 'SPEAKER_2' }, { start: 2, end: 3, text: ' Music.' }]);
    t.meta.speakers = { SPEAKER_1: 'Ngozi' };
    expect(toTxt(t)).toBe('[00:00:00] Ngozi: Hi.\n[00:00:01] Speaker 2: Hello.\n[00:00:02] Music.\n');
  });
});
