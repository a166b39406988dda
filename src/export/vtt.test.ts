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

  it('wraps a cue in another language than the header in a <lang> span', () => {
    const vtt = toVtt(transcript([
      { start: 0, end: 1, text: 'Hello', language: 'en' },
      { start: 2, end: 3, text: 'Hola', language: 'es' },
    ], 'en'));
    expect(vtt).toBe('WEBVTT\nLanguage: en\n\n00:00:00.000 --> 00:00:01.000\nHello\n\n00:00:02.000 --> 00:00:03.000\n<lang es>Hola</lang>\n');
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
});

describe('toVtt with words and speakers', () => {
  const words = [
    { text: ' Hello', start: 1, end: 1.4, probability: 0.9 },
    { text: ' <there>', start: 1.5, end: 1.9, probability: 0.4 },
    { text: ' again.', start: 1.5, end: 2.5, probability: 0.8 },
  ];

  it('puts a timestamp tag before each word spoken after the cue starts, never two at one time, and escapes words', () => {
    expect(toVtt(transcript([{ start: 1, end: 2.5, text: ' Hello <there> again.', words }]))).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello <00:00:01.500>&lt;there&gt; again.\n',
    );
  });

  it('writes the speaker as a voice span and before the text', () => {
    const t = transcript([{ start: 1, end: 2.5, text: ' Hello <there> again.', words, speaker: 'SPEAKER_1' }]);
    t.meta.speakers = { SPEAKER_1: 'Ana & <Bo>' };
    expect(toVtt(t)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana &amp; <Bo&gt;>Ana &amp; &lt;Bo&gt;: Hello <00:00:01.500>&lt;there&gt; again.</v>\n');
  });

  it('gives a corrected segment no word tags, and splits long segments into two-line cues', () => {
    expect(toVtt(transcript([{ start: 1, end: 2.5, text: 'Hi again.', words, edited: true }]))).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHi again.\n');
    const long = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    expect(toVtt(transcript([{ start: 0, end: 10, text: long }]))).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:08.272\none two three four five six seven eight\nnine ten eleven twelve thirteen fourteen\n\n00:00:08.272 --> 00:00:10.000\nfifteen sixteen\n',
    );
  });
});
