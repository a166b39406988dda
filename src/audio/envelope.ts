import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/**
 * Points per second of the waveform overview handed out with each decoded chunk: 10 ms a point shows syllables at
 * any width a page has, and costs 200 bytes a second (1.4 MB for a 2-hour file). A 30 s chunk is a whole number of
 * points, so chunks' envelopes join without a seam.
 */
export const ENVELOPE_POINTS_PER_SECOND = 100;
export const SAMPLES_PER_POINT = SAMPLE_RATE / ENVELOPE_POINTS_PER_SECOND;

/** The lowest and highest sample of each point's span, scaled to −127…127: one byte each. */
export interface Envelope {
  min: Int8Array;
  max: Int8Array;
}

/** Full scale (±1) as a byte. */
export const ENVELOPE_SCALE = 127;

/**
 * The min/max envelope of `samples`, one point per `samplesPerPoint` (the last point may cover fewer). Rounded
 * outwards, so a sound never looks quieter than it is, and clipped to full scale.
 */
export function envelopeOf(samples: Float32Array, samplesPerPoint = SAMPLES_PER_POINT): Envelope {
  if (!(samplesPerPoint >= 1) || !Number.isInteger(samplesPerPoint)) throw new RangeError(`envelopeOf: samplesPerPoint must be a positive integer (got ${samplesPerPoint}).`);
  const points = Math.ceil(samples.length / samplesPerPoint);
  const min = new Int8Array(points);
  const max = new Int8Array(points);
  for (let p = 0; p < points; p++) {
    let lo = Infinity;
    let hi = -Infinity;
    const end = Math.min(samples.length, (p + 1) * samplesPerPoint);
    for (let i = p * samplesPerPoint; i < end; i++) {
      const s = samples[i]!;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    // A span of nothing but NaN (broken samples) is silence.
    min[p] = lo === Infinity ? 0 : toByte(Math.floor(lo * ENVELOPE_SCALE));
    max[p] = hi === -Infinity ? 0 : toByte(Math.ceil(hi * ENVELOPE_SCALE));
  }
  return { min, max };
}

const toByte = (v: number): number => Math.max(-ENVELOPE_SCALE, Math.min(ENVELOPE_SCALE, v));
