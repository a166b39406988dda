import { describe, expect, it } from 'vitest';
import type { Transcript } from '../engine/transcript';
import { EXPORT_FORMATS, EXPORT_MIME, exportFileName, formatTranscript } from './index';

const t: Transcript = {
  meta: { source: 'talk.webm', model: 'm', device: 'webgpu', dtype: 'fp16,q4', task: 'transcribe', createdAt: '2025-01-01T00:00:00.000Z' },
  segments: [{ start: 1, end: 2, text: 'hi' }],
};

describe('formatTranscript', () => {
  it('dispatches to each format', () => {
    expect(formatTranscript(t, 'txt')).toBe('[00:00:01] hi\n');
    expect(formatTranscript(t, 'srt')).toBe('1\n00:00:01,000 --> 00:00:02,000\nhi\n');
    expect(formatTranscript(t, 'vtt')).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n');
    expect((JSON.parse(formatTranscript(t, 'json')) as { segments: unknown }).segments).toEqual([{ start: 1, end: 2, text: 'hi', language: null, temperature: null, avgLogprob: null, compressionRatio: null, noSpeechProb: null, speaker: null, edited: false, words: null }]);
  });

  it('has a MIME type for every format', () => {
    expect(EXPORT_FORMATS.map((f) => EXPORT_MIME[f])).toEqual([
      'text/plain;charset=utf-8', 'application/x-subrip;charset=utf-8', 'text/vtt;charset=utf-8', 'application/json;charset=utf-8',
    ]);
  });
});

describe('exportFileName', () => {
  it('replaces the last extension', () => {
    expect(exportFileName('talk.webm', 'srt')).toBe('talk.srt');
    expect(exportFileName('talk.final.mp4', 'vtt')).toBe('talk.final.vtt');
  });

  it('appends to names without an extension', () => {
    expect(exportFileName('microphone', 'txt')).toBe('microphone.txt');
    expect(exportFileName('.hidden', 'json')).toBe('.hidden.json');
  });

  it('drops folders and falls back when nothing is left', () => {
    expect(exportFileName('C:\\rec\\a.wav', 'txt')).toBe('a.txt');
    expect(exportFileName('dir/b.ogg', 'txt')).toBe('b.txt');
    expect(exportFileName('', 'srt')).toBe('transcript.srt');
    expect(exportFileName('  ', 'srt')).toBe('transcript.srt');
  });
});
