import { describe, expect, it } from 'vitest';
import { SpeechSegmenter, type SegmenterEvent } from './speech-segmenter.ts';

// Defaults: 512-sample frames (32 ms) at 16 kHz, pre-roll 4800 samples, end pad 2400, redemption 19 frames.
const FRAME = 512;

/** Silero on room tone: low, never quite zero. */
const QUIET = [0.02, 0.01, 0.03, 0.02, 0.05, 0.04, 0.02, 0.01, 0.02, 0.03];
/** Silero on a spoken phrase: a ramp up, high with wobbles, the odd low frame between syllables. */
const PHRASE = [0.58, 0.86, 0.97, 0.99, 0.98, 0.93, 0.71, 0.44, 0.88, 0.96, 0.99, 0.97, 0.9, 0.62, 0.81, 0.95, 0.98, 0.92, 0.83, 0.67];
const times = <T,>(n: number, part: readonly T[]): T[] => Array.from({ length: n }, () => part).flat();
const run = (n: number, p: number): number[] => Array.from({ length: n }, () => p);

function feed(seg: SpeechSegmenter, probabilities: readonly number[]): SegmenterEvent[] {
  return probabilities.flatMap((p) => seg.process(p));
}
/** Starts, ends and misfires: the events that change state. */
const boundaries = (events: SegmenterEvent[]): SegmenterEvent[] =>
  events.filter((e) => e.type === 'speech-start' || e.type === 'speech-end' || e.type === 'misfire');
const pauses = (events: SegmenterEvent[]): SegmenterEvent[] => events.filter((e) => e.type === 'speech-pause' || e.type === 'speech-resume');
const continues = (events: SegmenterEvent[]): number[] => events.flatMap((e) => (e.type === 'speech-continue' ? [e.endSample] : []));

describe('SpeechSegmenter', () => {
  it('keeps a short dip inside the utterance and ends it after the redemption time', () => {
    const seg = new SpeechSegmenter();
    const dip = [0.3, 0.12, 0.05, 0.04, 0.08, 0.21, 0.33, 0.29]; // 8 frames, 256 ms: a breath, not the end
    const probabilities = [...times(2, QUIET), ...PHRASE, ...dip, ...PHRASE, ...times(3, QUIET)];
    const events = feed(seg, probabilities);
    // Speech starts at frame 20 (sample 10240); 20 + 20 + 8 + 20 = 68 frames, the last speech frame ends at 34816.
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 10240 - 4800, onsetSample: 10240 },
      { type: 'speech-end', utteranceId: 1, startSample: 5440, endSample: 34816 + 2400, forced: false },
    ]);
    // Continues every frame from the start frame until the 19th silent frame (frame 86), which ends it instead.
    const ends = continues(events);
    expect(ends).toHaveLength(86 - 20);
    expect(ends[0]).toBe(21 * FRAME);
    expect(ends.at(-1)).toBe(86 * FRAME);
    expect(events.at(-1)).toMatchObject({ type: 'speech-end' });
    expect(events.findIndex((e) => e.type === 'speech-end')).toBe(events.length - 1);
  });

  it('says when speech pauses after 64 ms of quiet frames and when it resumes, before redemption decides', () => {
    const seg = new SpeechSegmenter();
    const dip = [0.3, 0.12, 0.05, 0.04, 0.08, 0.21, 0.33, 0.29]; // 8 quiet frames
    const events = feed(seg, [...times(2, QUIET), ...PHRASE, ...dip, ...PHRASE, ...times(3, QUIET)]);
    // 64 ms is 2 frames. The phrase's own 0.44 frame is one quiet frame, not a pause. The dip's second frame (frame 41)
    // pauses after the last voiced frame (39, ending at 40 × 512); the second phrase (frame 48) resumes; after it, the
    // second quiet frame pauses again, and redemption ends the utterance 17 frames later.
    expect(pauses(events)).toEqual([
      { type: 'speech-pause', utteranceId: 1, voicedEndSample: 40 * FRAME },
      { type: 'speech-resume', utteranceId: 1 },
      { type: 'speech-pause', utteranceId: 1, voicedEndSample: 68 * FRAME },
    ]);
    const order = events.map((e) => e.type).filter((t) => t !== 'speech-continue');
    expect(order).toEqual(['speech-start', 'speech-pause', 'speech-resume', 'speech-pause', 'speech-end']);
  });

  it('never pauses when the pause would be as long as redemption', () => {
    const seg = new SpeechSegmenter({ pauseMs: 600 });
    expect(pauses(feed(seg, [...PHRASE, ...times(3, QUIET)]))).toEqual([]);
  });

  it('calls a 100 ms blip a misfire, and lets the next pre-roll reach over it', () => {
    const seg = new SpeechSegmenter();
    const events = feed(seg, [...QUIET, 0.74, 0.93, 0.61, 0.2, ...times(2, QUIET), 0.66, ...PHRASE, ...times(2, QUIET)]);
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 10 * FRAME - 4800, onsetSample: 10 * FRAME },
      { type: 'misfire', utteranceId: 1 },
      // Frame 34: its pre-roll (sample 12608) overlaps the blip, which was given to no utterance.
      { type: 'speech-start', utteranceId: 2, startSample: 34 * FRAME - 4800, onsetSample: 34 * FRAME },
      { type: 'speech-end', utteranceId: 2, startSample: 12608, endSample: 55 * FRAME + 2400, forced: false },
    ]);
  });

  it('neither starts nor ends speech on frames between the two thresholds', () => {
    const seg = new SpeechSegmenter();
    expect(feed(seg, [...QUIET, ...run(40, 0.45), ...QUIET])).toEqual([]);

    // Speech at frame 60, then 40 frames in the band: still speaking (a drawn-out vowel), so all of it is kept.
    const events = feed(seg, [0.9, 0.95, 0.9, 0.9, 0.92, 0.88, 0.9, 0.9, ...run(40, 0.4), ...run(18, 0.1), 0.45, ...run(19, 0.2)]);
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 60 * FRAME - 4800, onsetSample: 60 * FRAME },
      // 18 quiet frames were one short of redemption; the band frame after them (frame 126) resets the count and is speech.
      { type: 'speech-end', utteranceId: 1, startSample: 25920, endSample: 127 * FRAME + 2400, forced: false },
    ]);
  });

  it('cuts 70 s of speech into contiguous utterances no longer than maxUtteranceMs', () => {
    const seg = new SpeechSegmenter({ maxUtteranceMs: 30000 });
    const events = feed(seg, [...run(50, 0.03), ...times(Math.ceil(2188 / PHRASE.length), PHRASE).slice(0, 2188), ...run(30, 0.03)]);
    const firstStart = 50 * FRAME - 4800;
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: firstStart, onsetSample: 50 * FRAME },
      { type: 'speech-end', utteranceId: 1, startSample: firstStart, endSample: 978 * FRAME, forced: true },
      { type: 'speech-start', utteranceId: 2, startSample: 978 * FRAME, onsetSample: 978 * FRAME },
      { type: 'speech-end', utteranceId: 2, startSample: 978 * FRAME, endSample: 1915 * FRAME, forced: true },
      { type: 'speech-start', utteranceId: 3, startSample: 1915 * FRAME, onsetSample: 1915 * FRAME },
      { type: 'speech-end', utteranceId: 3, startSample: 1915 * FRAME, endSample: 2238 * FRAME + 2400, forced: false },
    ]);
    for (const e of events) if (e.type === 'speech-end') expect(e.endSample - e.startSample).toBeLessThanOrEqual(480000);
  });

  it('does not start a new utterance after a forced cut that falls in a pause', () => {
    const seg = new SpeechSegmenter({ maxUtteranceMs: 1000, preSpeechPadMs: 0 });
    // Speech from frame 0; the cut falls at frame 30 (its end, 15872, + 512 > 16000), the 6th frame of a pause.
    const events = feed(seg, [...run(25, 0.9), ...run(10, 0.1), ...run(10, 0.9), ...run(19, 0.1)]);
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 0, onsetSample: 0 },
      { type: 'speech-end', utteranceId: 1, startSample: 0, endSample: 31 * FRAME, forced: true },
      { type: 'speech-start', utteranceId: 2, startSample: 35 * FRAME, onsetSample: 35 * FRAME },
      { type: 'speech-end', utteranceId: 2, startSample: 35 * FRAME, endSample: 45 * FRAME, forced: false },
    ]);
  });

  it('keeps a short tail after a forced cut: it is the end of real speech, not a misfire', () => {
    const seg = new SpeechSegmenter({ maxUtteranceMs: 1000, preSpeechPadMs: 0 });
    const events = feed(seg, [...run(33, 0.9), ...run(19, 0.1)]);
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 0, onsetSample: 0 },
      { type: 'speech-end', utteranceId: 1, startSample: 0, endSample: 31 * FRAME, forced: true },
      { type: 'speech-start', utteranceId: 2, startSample: 31 * FRAME, onsetSample: 31 * FRAME },
      { type: 'speech-end', utteranceId: 2, startSample: 31 * FRAME, endSample: 33 * FRAME, forced: false },
    ]);
  });

  it('ends the utterance in progress on flush, at the last frame it was given', () => {
    const seg = new SpeechSegmenter();
    feed(seg, [...QUIET, ...PHRASE]);
    expect(seg.flush()).toEqual([{ type: 'speech-end', utteranceId: 1, startSample: 10 * FRAME - 4800, endSample: 30 * FRAME, forced: false }]);
    expect(seg.flush()).toEqual([]);

    // Flushed in the middle of the trailing silence: the end pad still applies.
    feed(seg, [...PHRASE, ...run(5, 0.05)]);
    expect(seg.flush()).toEqual([{ type: 'speech-end', utteranceId: 2, startSample: 30 * FRAME, endSample: 50 * FRAME + 2400, forced: false }]);

    feed(seg, [0.9, 0.9]);
    expect(seg.flush()).toEqual([{ type: 'misfire', utteranceId: 3 }]);
  });

  it('clamps the pre-roll at the stream start and at the previous utterance end', () => {
    const seg = new SpeechSegmenter({ redemptionMs: 200 }); // 7 frames
    const events = feed(seg, [0.01, 0.02, 0.04, ...run(27, 0.9), ...run(7, 0.1), ...PHRASE, ...run(7, 0.1)]);
    expect(boundaries(events)).toEqual([
      { type: 'speech-start', utteranceId: 1, startSample: 0, onsetSample: 3 * FRAME },
      { type: 'speech-end', utteranceId: 1, startSample: 0, endSample: 30 * FRAME + 2400, forced: false },
      // 37 × 512 − 4800 = 14144 would reach back into utterance 1.
      { type: 'speech-start', utteranceId: 2, startSample: 30 * FRAME + 2400, onsetSample: 37 * FRAME },
      { type: 'speech-end', utteranceId: 2, startSample: 17760, endSample: 57 * FRAME + 2400, forced: false },
    ]);
  });

  it('starts over on reset', () => {
    const seg = new SpeechSegmenter();
    feed(seg, [...QUIET, ...PHRASE, ...times(2, QUIET)]);
    seg.reset();
    expect(seg.flush()).toEqual([]);
    expect(boundaries(feed(seg, [0.1, 0.9]))).toEqual([{ type: 'speech-start', utteranceId: 1, startSample: 0, onsetSample: FRAME }]);
  });

  it('rejects thresholds the wrong way round', () => {
    expect(() => new SpeechSegmenter({ positiveSpeechThreshold: 0.3, negativeSpeechThreshold: 0.5 })).toThrow(RangeError);
  });
});
