import { describe, expect, it } from 'vitest';
import { SpeechRegions } from './speech-regions.ts';

// 512-sample frames at 16 kHz: 32 ms each. Live rules: pre-roll 300 ms, end pad 150 ms, redemption 600 ms (19 frames).
const FRAME_S = 0.032;
const frames = (n: number, p: number): Float32Array => new Float32Array(n).fill(p);
const round = (x: number) => Math.round(x * 1000) / 1000;
const rounded = (r: { start: number; end: number }[]) => r.map((x) => ({ start: round(x.start), end: round(x.end) }));

describe('SpeechRegions', () => {
  it('turns scores into regions with the live pre-roll and end padding, and keeps speech open until redemption', () => {
    const regions = new SpeechRegions();
    regions.push(frames(50, 0.05)); // 0–1.6 s quiet
    regions.push(frames(50, 0.9)); // 1.6–3.2 s speech
    regions.push(frames(10, 0.05)); // 320 ms: not yet the end
    expect(rounded(regions.regionsFrom(0).regions)).toEqual([{ start: 1.3, end: 110 * FRAME_S }]);
    expect(regions.regionsFrom(0).open).toBeDefined();
    regions.push(frames(20, 0.05)); // now 600 ms of quiet: it ended
    const { regions: ended, open } = regions.regionsFrom(0);
    expect(rounded(ended)).toEqual([{ start: 1.3, end: round(3.2 + 0.15) }]);
    expect(open).toBeUndefined();
    expect(round(regions.scoredSeconds)).toBe(round(130 * FRAME_S));
  });

  it('never cuts long speech itself', () => {
    const regions = new SpeechRegions();
    regions.push(frames(2000, 0.9)); // 64 s
    regions.finish();
    expect(rounded(regions.regionsFrom(0).regions)).toEqual([{ start: 0, end: 64 }]);
  });

  it('drops a blip too short to be speech, also at the end of the file', () => {
    const regions = new SpeechRegions();
    regions.push(Float32Array.of(...frames(10, 0.05), ...frames(3, 0.9), ...frames(30, 0.05), ...frames(3, 0.9)));
    regions.finish();
    expect(regions.regionsFrom(0).regions).toEqual([]);
  });

  it('clips regions to where the job has got to, and forgets those it has passed', () => {
    const regions = new SpeechRegions();
    for (let k = 0; k < 3; k++) regions.push(Float32Array.of(...frames(40, 0.05), ...frames(40, 0.9)));
    regions.push(frames(40, 0.05));
    // Speech at frames 40–80, 120–160, 200–240 (1.28–2.56 s, 3.84–5.12 s, 6.4–7.68 s).
    expect(rounded(regions.regionsFrom(4).regions)).toEqual([{ start: 4, end: round(5.12 + 0.15) }, { start: round(6.4 - 0.3), end: round(7.68 + 0.15) }]);
    regions.discardBefore(5.3);
    expect(rounded(regions.regionsFrom(0).regions)).toEqual([{ start: round(6.4 - 0.3), end: round(7.68 + 0.15) }]);
  });
});
