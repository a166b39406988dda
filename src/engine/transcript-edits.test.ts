import { describe, expect, it } from 'vitest';
import { speakerName } from './speakers.ts';
import { applyEdit, editText, inverse, renameSpeaker } from './transcript-edits.ts';
import type { Transcript } from './transcript.ts';

const words = [{ text: ' Hello', start: 0, end: 0.4, probability: 0.9 }, { text: ' wrld.', start: 0.4, end: 0.9, probability: 0.3 }];
const t: Transcript = {
  meta: { source: 'a.wav', model: 'm', device: 'wasm', dtype: 'q8/q8', task: 'transcribe', createdAt: '' },
  segments: [
    { start: 0, end: 1, text: ' Hello wrld.', words, speaker: 'SPEAKER_1' },
    { start: 1, end: 2, text: ' Bye.', speaker: 'SPEAKER_2' },
  ],
};

describe('editText', () => {
  it('replaces the text with the correction on one line, marks it edited and keeps the words for an undo', () => {
    const edit = editText(t, 0, '  Hello\n world. ')!;
    const after = applyEdit(t, edit);
    expect(after.segments[0]).toEqual({ start: 0, end: 1, text: 'Hello world.', words, speaker: 'SPEAKER_1', edited: true });
    expect(after.segments[1]).toBe(t.segments[1]);
    expect(t.segments[0]!.edited).toBeUndefined();
    expect(applyEdit(after, inverse(edit))).toEqual(t);
  });

  it('is null when nothing changes, when the text would be empty, or for a segment that is not there', () => {
    expect(editText(t, 1, 'Bye. ')).toBeNull();
    expect(editText(t, 1, ' \n ')).toBeNull();
    expect(editText(t, 5, 'x')).toBeNull();
  });
});

describe('renameSpeaker', () => {
  it('names a label for every segment of it, and a blank name gives the label back', () => {
    const named = applyEdit(t, renameSpeaker(t, 'SPEAKER_1', ' Ngozi ')!);
    expect(named.meta.speakers).toEqual({ SPEAKER_1: 'Ngozi' });
    expect(named.segments).toBe(t.segments);
    const both = applyEdit(named, renameSpeaker(named, 'SPEAKER_2', 'Ana')!);
    expect(both.meta.speakers).toEqual({ SPEAKER_1: 'Ngozi', SPEAKER_2: 'Ana' });
    expect(renameSpeaker(both, 'SPEAKER_2', 'Ana')).toBeNull();
    const cleared = applyEdit(named, renameSpeaker(named, 'SPEAKER_1', '  ')!);
    expect('speakers' in cleared.meta).toBe(false);
    const edit = renameSpeaker(both, 'SPEAKER_1', 'N.')!;
    expect(applyEdit(applyEdit(both, edit), inverse(edit)).meta.speakers).toEqual({ SPEAKER_1: 'Ngozi', SPEAKER_2: 'Ana' });
  });
});

describe('speakerName', () => {
  it('uses the given name, else makes the label readable, else keeps it', () => {
    expect(speakerName('SPEAKER_1', { SPEAKER_1: ' Ngozi ' })).toBe('Ngozi');
    expect(speakerName('SPEAKER_02', { SPEAKER_1: 'Ngozi' })).toBe('Speaker 2');
    expect(speakerName('SPEAKER_1', { SPEAKER_1: '  ' })).toBe('Speaker 1');
    expect(speakerName('host', undefined)).toBe('host');
  });
});
