import { describe, expect, it } from 'vitest';
import type { Segment, Transcript } from '../engine/transcript';
import { toVtt } from './vtt';

const transcript = (segments: Segment[], language?: string): Transcript => ({
  meta: { source: 'talk.webm', model: 'onnx-community/whisper-base', device: 'wasm', dtype: 'q8', task: 'transcribe', createdAt: '2025-01-01T00:00:00.000Z', ...(language ? { language } : {}) },
  segments,
});

describe('toVtt', () => {
  it('writes the header, the language and dotted timestamps', () => {
    const vtt = toVtt(transcript([
      { start: 0.5, end: 1.25, text: 'Bonjour' },
      { start: 3723.456, end: 3724, text: 'Au revoir' },
    ], 'fr'));
    expect(vtt).toBe(
      'WEBVTT\nLanguage: fr\n\n00:00:00.500 --> 00:00:01.250\nBonjour\n\n01:02:03.456 --> 01:02:04.000\nAu revoir\n',
    );
  });

  it('is only the header for an empty transcript', () => {
    expect(toVtt(transcript([]))).toBe('WEBVTT\n');
    expect(toVtt(transcript([{ start: 0, end: 1, text: ' \n ' }]))).toBe('WEBVTT\n');
  });

  it('escapes markup characters and keeps other characters', () => {
    expect(toVtt(transcript([{ start: 0, end: 1, text: '<b>&"é日本語' }])))
      .toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n&lt;b&gt;&amp;"é日本語\n');
  });

  it('never lets cue text contain --> or a blank line', () => {
    const vtt = toVtt(transcript([{ start: 0, end: 1, text: 'a --> b\n\nc\r\nd' }]));
    expect(vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na → b c d\n');
    const cueText = vtt.split('\n').slice(3).join('\n');
    expect(cueText).not.toContain('-->');
  });

  it('rounds to the millisecond without producing .1000', () => {
    expect(toVtt(transcript([{ start: 59.9996, end: 60.5, text: 'x' }])))
      .toBe('WEBVTT\n\n00:01:00.000 --> 00:01:00.500\nx\n');
  });

  it("starts each cue with its speaker's name, escaped like the text", () => {
    const t = transcript([{ start: 0, end: 1, text: ' Hi.', speaker: 'SPEAKER_1' }]);
    expect(toVtt({ ...t, meta: { ...t.meta, speakers: { SPEAKER_1: '<Al & Bo>' } } })).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n&lt;Al &amp; Bo&gt;: Hi.\n');
  });
});
