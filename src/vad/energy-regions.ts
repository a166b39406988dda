import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import type { TimeRange } from '../shared/time-range.ts';

export interface EnergyVadOptions {
  sampleRate?: number;
  /** Frames quieter than this are never speech. */
  floorDb?: number;
  /** Speech is this much louder than the recording's quiet frames… */
  aboveNoiseDb?: number;
  /** …but the bar never rises above this, so continuous speech is not cut into pieces. */
  ceilingDb?: number;
  /** Pauses shorter than this stay inside one region. */
  minGapMs?: number;
  /** Regions shorter than this are clicks. */
  minSpeechMs?: number;
}

const FRAME_MS = 20;

/**
 * Speech regions of a stretch of 16 kHz audio by frame energy, relative to its noise floor. Files use this to skip
 * silence before Whisper sees it; it costs one pass over the samples and no model.
 */
export function detectSpeechRegions(samples: Float32Array, opts: EnergyVadOptions = {}): TimeRange[] {
  const rate = opts.sampleRate ?? SAMPLE_RATE;
  const frame = Math.round((rate * FRAME_MS) / 1000);
  const count = Math.floor(samples.length / frame);
  if (count === 0) return [];
  const db = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i]! * samples[i]!;
    db[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  const sorted = Float32Array.from(db).sort();
  const noise = sorted[Math.floor(count * 0.1)]!;
  const threshold = Math.max(opts.floorDb ?? -45, Math.min(noise + (opts.aboveNoiseDb ?? 15), opts.ceilingDb ?? -35));

  const minGap = (opts.minGapMs ?? 500) / FRAME_MS;
  const minSpeech = (opts.minSpeechMs ?? 100) / FRAME_MS;
  const frames: [number, number][] = [];
  let start = -1;
  for (let f = 0; f <= count; f++) {
    const loud = f < count && db[f]! > threshold;
    if (loud && start < 0) start = f;
    if (!loud && start >= 0) {
      const last = frames.at(-1);
      if (last && start - last[1] < minGap) last[1] = f;
      else frames.push([start, f]);
      start = -1;
    }
  }
  const seconds = frame / rate;
  return frames.filter(([s, e]) => e - s >= minSpeech).map(([s, e]) => ({ start: s * seconds, end: e * seconds }));
}
