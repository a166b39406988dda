import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDS } from '../shared/guard-options.ts';
import { keptSegments } from './window-text.ts';

const thanks = [{ start: 0, end: 10, text: ' Thank you.' }];
const evidence = (speech: { start: number; end: number }[], noSpeechProb = 0.1) => ({ speech, noSpeechProb, guards: DEFAULT_GUARDS });

describe('keptSegments', () => {
  it('drops a stock phrase over audio with little speech, or that the model calls no speech', () => {
    expect(keptSegments(thanks, evidence([{ start: 4, end: 5 }]))).toEqual([]);
    expect(keptSegments(thanks, evidence([{ start: 0, end: 10 }], 0.8))).toEqual([]);
  });

  it('keeps a stock phrase someone really said', () => {
    const said = [{ start: 2, end: 2.8, text: ' Thank you.' }];
    expect(keptSegments(said, evidence([{ start: 1.9, end: 2.9 }]))).toEqual(said);
  });

  it('keeps speech and cuts its loops', () => {
    const loop = ' The end. The end. The end. The end.';
    expect(keptSegments([{ start: 0, end: 3, text: loop }], evidence([{ start: 0, end: 3 }]))).toEqual([{ start: 0, end: 3, text: ' The end.' }]);
  });
});
