import { describe, expect, it } from 'vitest';
import { SpeakerClusters, cosineSimilarity } from './speaker-clustering.ts';

/** A unit vector at `degrees` in the plane of the first two axes, in 4 dimensions. */
const at = (degrees: number, length = 1): number[] => {
  const r = (degrees * Math.PI) / 180;
  return [length * Math.cos(r), length * Math.sin(r), 0, 0];
};

describe('cosineSimilarity', () => {
  it('is the cosine of the angle, whatever the lengths, and 0 for a zero vector', () => {
    expect(cosineSimilarity(at(0), at(60, 5))).toBeCloseTo(0.5);
    expect(cosineSimilarity(at(10), at(190))).toBeCloseTo(-1);
    expect(cosineSimilarity([0, 0, 0, 0], at(0))).toBe(0);
  });
});

describe('SpeakerClusters', () => {
  it('numbers speakers in order of first appearance and gives a returning voice its label', () => {
    const clusters = new SpeakerClusters();
    expect(clusters.assign(at(0), 3)).toBe('SPEAKER_1');
    expect(clusters.assign(at(120), 3)).toBe('SPEAKER_2');
    expect(clusters.assign(at(10), 2)).toBe('SPEAKER_1');
    expect(clusters.assign(at(110, 7), 2)).toBe('SPEAKER_2');
    expect(clusters.assign(at(240), 2)).toBe('SPEAKER_3');
    expect(clusters.labels).toEqual(['SPEAKER_1', 'SPEAKER_2', 'SPEAKER_3']);
  });

  it('joins the most similar speaker when a voice is like two', () => {
    const clusters = new SpeakerClusters({ sameSpeaker: 0.5 });
    clusters.assign(at(0), 2);
    clusters.assign(at(70), 2);
    expect(clusters.assign(at(45), 2)).toBe('SPEAKER_2');
    expect(clusters.assign(at(20), 2)).toBe('SPEAKER_1');
  });

  it('lets a short voice join a speaker it is like, but never found one', () => {
    const clusters = new SpeakerClusters({ minNewSpeakerSeconds: 1 });
    expect(clusters.assign(at(0), 0.5)).toBeNull();
    expect(clusters.assign(at(0), 1)).toBe('SPEAKER_1');
    expect(clusters.assign(at(5), 0.4)).toBe('SPEAKER_1');
    expect(clusters.assign(at(150), 0.4)).toBeNull();
    expect(clusters.labels).toEqual(['SPEAKER_1']);
  });

  it('moves a centroid towards the voices that join it, weighted by their seconds', () => {
    const clusters = new SpeakerClusters({ sameSpeaker: Math.cos((50 * Math.PI) / 180) });
    clusters.assign(at(0), 1);
    // 40° joins, and with ten times the weight drags the centroid to about 36°: 80° is then within 50°.
    expect(clusters.assign(at(40), 10)).toBe('SPEAKER_1');
    expect(clusters.assign(at(80), 1)).toBe('SPEAKER_1');
    // Without that pull, 80° would have been a new speaker.
    const fresh = new SpeakerClusters({ sameSpeaker: Math.cos((50 * Math.PI) / 180) });
    fresh.assign(at(0), 1);
    expect(fresh.assign(at(80), 1)).toBe('SPEAKER_2');
  });

  it('uses the prefix it is given', () => {
    expect(new SpeakerClusters({ prefix: 'Voice ' }).assign(at(0), 2)).toBe('Voice 1');
  });
});
