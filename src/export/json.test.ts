import { describe, expect, it } from 'vitest';
import type { Segment, Transcript, TranscriptMeta } from '../engine/transcript';
import { toJson } from './json';

const meta: TranscriptMeta = {
  source: 'talk.webm', model: 'onnx-community/whisper-base', device: 'wasm', dtype: 'q8', task: 'transcribe', createdAt: '2025-01-01T00:00:00.000Z',
};
const transcript = (segments: Segment[], language?: string): Transcript => ({
  meta: language ? { ...meta, language } : meta,
  segments,
});

describe('toJson', () => {
  it('writes meta, language and millisecond-rounded segments as pretty JSON', () => {
    const json = toJson(transcript([
      { start: 0.12345, end: 59.9996, text: ' <b>&"é日本語 --> x\ny', language: 'ja', decoding: { temperature: 0.2, avgLogprob: -0.31234, compressionRatio: 1.5, noSpeechProb: 0.0123 } },
      { start: 3723.456, end: 3723, text: 'z' },
    ], 'ja'));
    expect(JSON.parse(json)).toEqual({
      meta: { ...meta, language: 'ja' },
      language: 'ja',
      segments: [
        { start: 0.123, end: 60, text: '<b>&"é日本語 --> x y', language: 'ja', temperature: 0.2, avgLogprob: -0.312, compressionRatio: 1.5, noSpeechProb: 0.012, speaker: null, edited: false, words: null },
        { start: 3723.456, end: 3723.456, text: 'z', language: null, temperature: null, avgLogprob: null, compressionRatio: null, noSpeechProb: null, speaker: null, edited: false, words: null },
      ],
    });
    expect(json.startsWith('{\n  "meta": {\n    "source": "talk.webm",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('falls back to the most common detected language, earliest on a tie', () => {
    const parse = (segments: Segment[]): unknown => (JSON.parse(toJson(transcript(segments))) as { language: unknown }).language;
    expect(parse([
      { start: 0, end: 1, text: 'a', language: 'en' },
      { start: 1, end: 2, text: 'b', language: 'fr' },
      { start: 2, end: 3, text: 'c', language: 'fr' },
    ])).toBe('fr');
    expect(parse([
      { start: 0, end: 1, text: 'a', language: 'de' },
      { start: 1, end: 2, text: 'b', language: 'en' },
    ])).toBe('de');
    expect(parse([{ start: 0, end: 1, text: 'a' }])).toBeNull();
  });

  it('drops empty segments and handles an empty transcript', () => {
    expect(JSON.parse(toJson(transcript([{ start: 0, end: 1, text: ' ' }])))).toEqual({ meta, language: null, segments: [] });
  });
});

describe('toJson with words, speakers and corrections', () => {
  it('writes each word with its times and probability, the speaker label, and the edited flag', () => {
    const json = JSON.parse(toJson({
      meta: { ...meta, speakers: { SPEAKER_1: 'Ngozi' }, vocabulary: 'Ngozi' },
      segments: [
        { start: 1, end: 2.5, text: ' Hello there.', speaker: 'SPEAKER_1', words: [
          { text: ' Hello', start: 1.0004, end: 1.4, probability: 0.98765 },
          { text: ' there.', start: 1.4, end: 2.5, probability: 0.312 },
        ] },
        { start: 3, end: 4, text: 'Corrected text.', edited: true, words: [{ text: ' Korrekted', start: 3, end: 4, probability: 0.2 }] },
      ],
    })) as { meta: unknown; segments: unknown[] };
    expect(json.meta).toEqual({ ...meta, speakers: { SPEAKER_1: 'Ngozi' }, vocabulary: 'Ngozi' });
    expect(json.segments).toEqual([
      expect.objectContaining({ text: 'Hello there.', speaker: 'SPEAKER_1', edited: false, words: [
        { text: 'Hello', start: 1, end: 1.4, probability: 0.988 },
        { text: 'there.', start: 1.4, end: 2.5, probability: 0.312 },
      ] }),
      // The words were timed for the text before the correction: they no longer match it.
      expect.objectContaining({ text: 'Corrected text.', speaker: null, edited: true, words: null }),
    ]);
  });
});
