import { describe, expect, it } from 'vitest';
import { localSpeakers, localVoices, stretches, tidyRanges } from './local-voices.ts';

const ID2LABEL = { '0': 'NO_SPEAKER', '1': 'SPEAKER_00', '2': 'SPEAKER_01', '3': 'SPEAKER_02', '4': 'SPEAKER_00 + SPEAKER_01', '5': 'SPEAKER_00 + SPEAKER_02', '6': 'SPEAKER_01 + SPEAKER_02' };

describe('localSpeakers', () => {
  it("reads pyannote's powerset labels", () => {
    expect(localSpeakers('NO_SPEAKER')).toEqual([]);
    expect(localSpeakers('SPEAKER_02')).toEqual([2]);
    expect(localSpeakers('SPEAKER_00 + SPEAKER_01')).toEqual([0, 1]);
  });
});

describe('tidyRanges', () => {
  it('closes short gaps, drops short pieces, and sorts', () => {
    expect(tidyRanges([{ start: 3, end: 4 }, { start: 0, end: 1 }, { start: 1.1, end: 2 }, { start: 5, end: 5.05 }])).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 4 },
    ]);
  });

  it('keeps a flicker that a gap joins to its turn', () => {
    expect(tidyRanges([{ start: 0, end: 0.05 }, { start: 0.1, end: 1 }])).toEqual([{ start: 0, end: 1 }]);
  });
});

describe('localVoices', () => {
  it('gives each local speaker its turns, shifted to the audio clock, in order of first turn', () => {
    const runs = [
      { id: 0, start: 0, end: 0.5 },
      { id: 2, start: 0.5, end: 2 },
      { id: 0, start: 2, end: 2.1 },
      { id: 2, start: 2.1, end: 3 },
      { id: 0, start: 3, end: 4 },
      { id: 1, start: 4, end: 6 },
      { id: 1, start: 6.5, end: 6.55 },
    ];
    expect(localVoices(runs, ID2LABEL, 10)).toEqual([
      { turns: [{ start: 10.5, end: 13 }], solo: [{ start: 10.5, end: 13 }] },
      { turns: [{ start: 14, end: 16 }], solo: [{ start: 14, end: 16 }] },
    ]);
  });

  it('counts overlapped speech in both turns but in neither solo', () => {
    const runs = [
      { id: 1, start: 0, end: 2 },
      { id: 4, start: 2, end: 3 },
      { id: 2, start: 3, end: 5 },
    ];
    expect(localVoices(runs, ID2LABEL)).toEqual([
      { turns: [{ start: 0, end: 3 }], solo: [{ start: 0, end: 2 }] },
      { turns: [{ start: 2, end: 5 }], solo: [{ start: 3, end: 5 }] },
    ]);
  });

  it('gives nothing for silence or classes the labels do not know', () => {
    expect(localVoices([{ id: 0, start: 0, end: 5 }], ID2LABEL)).toEqual([]);
    expect(localVoices([{ id: 9, start: 0, end: 5 }], ID2LABEL)).toEqual([]);
  });
});

describe('stretches', () => {
  it('cuts audio into equal stretches of at most the limit', () => {
    expect(stretches(100, 40)).toEqual([[0, 33], [33, 67], [67, 100]]);
    expect(stretches(40, 40)).toEqual([[0, 40]]);
    expect(stretches(0, 40)).toEqual([[0, 0]]);
  });
});
