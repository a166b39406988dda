import { describe, expect, it } from 'vitest';
import { SpeakerClusters } from './speaker-clustering.ts';
import { labelSegments, speakerOf, speakerTurns, type SpeakerTurn } from './speaker-labels.ts';
import type { HeardVoice } from './speaker-protocol.ts';
import type { Segment } from './transcript.ts';

const TURNS: SpeakerTurn[] = [
  { start: 0.5, end: 3, speaker: 'SPEAKER_1' },
  { start: 3.8, end: 6, speaker: 'SPEAKER_2' },
  { start: 6.2, end: 6.6, speaker: 'SPEAKER_1' },
];

describe('speakerOf', () => {
  it('is the speaker heard longest within the range', () => {
    expect(speakerOf({ start: 0.4, end: 3.1 }, TURNS)).toBe('SPEAKER_1');
    expect(speakerOf({ start: 2.5, end: 5 }, TURNS)).toBe('SPEAKER_2');
    expect(speakerOf({ start: 5.8, end: 6.8 }, TURNS)).toBe('SPEAKER_1');
  });

  it('is undefined where no turn overlaps, touching included', () => {
    expect(speakerOf({ start: 3, end: 3.8 }, TURNS)).toBeUndefined();
    expect(speakerOf({ start: 7, end: 8 }, [])).toBeUndefined();
  });

  it('gives a tie to the speaker heard first', () => {
    const turns = [{ start: 0, end: 1, speaker: 'B' }, { start: 1, end: 2, speaker: 'A' }];
    expect(speakerOf({ start: 0.5, end: 1.5 }, turns)).toBe('B');
  });
});

describe('labelSegments', () => {
  it('labels each segment, and each word by its own time, falling back to the segment', () => {
    const segments: Segment[] = [
      { start: 0.5, end: 3, text: ' Good morning.' },
      {
        start: 3.8,
        end: 6.6,
        text: ' Fine, thanks. Yes.',
        words: [
          { text: ' Fine,', start: 3.8, end: 4.4, probability: 0.9 },
          { text: ' thanks.', start: 4.4, end: 5.9, probability: 0.9 },
          { text: ' Yes.', start: 6.25, end: 6.55, probability: 0.8 },
          { text: ' um', start: 6.1, end: 6.1, probability: 0.2 },
        ],
      },
      { start: 8, end: 9, text: ' (nobody heard)' },
    ];
    const labelled = labelSegments(segments, TURNS);
    expect(labelled.map((s) => s.speaker)).toEqual(['SPEAKER_1', 'SPEAKER_2', undefined]);
    expect(labelled[1]!.words!.map((w) => w.speaker)).toEqual(['SPEAKER_2', 'SPEAKER_2', 'SPEAKER_1', 'SPEAKER_2']);
    expect(labelled[2]).toBe(segments[2]);
    expect(segments[0]!.speaker).toBeUndefined();
  });
});

describe('speakerTurns', () => {
  const voice = (start: number, end: number, embedding: number[] | null, soloSeconds = end - start): HeardVoice => ({
    turns: [{ start, end }],
    soloSeconds,
    embedding: embedding && Float32Array.from(embedding),
  });

  it("gives each voice's turns the label its embedding is assigned, skipping voices that cannot be told", () => {
    const clusters = new SpeakerClusters();
    const turns = speakerTurns(
      [voice(0, 2, [1, 0]), voice(2.5, 4, [0, 1]), voice(4.2, 4.4, null, 0.2), voice(5, 5.5, [-1, 0], 0.5), voice(6, 8, [0.9, 0.1])],
      clusters,
    );
    expect(turns).toEqual([
      { start: 0, end: 2, speaker: 'SPEAKER_1' },
      { start: 2.5, end: 4, speaker: 'SPEAKER_2' },
      { start: 6, end: 8, speaker: 'SPEAKER_1' },
    ]);
  });

  it('keeps the labels across calls: the clusters belong to the transcript, not the window', () => {
    const clusters = new SpeakerClusters();
    speakerTurns([voice(0, 2, [1, 0]), voice(3, 5, [0, 1])], clusters);
    expect(speakerTurns([voice(0, 1.5, [0.1, 1])], clusters)).toEqual([{ start: 0, end: 1.5, speaker: 'SPEAKER_2' }]);
  });
});
