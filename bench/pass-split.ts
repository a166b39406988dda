/**
 * Where a Whisper pass goes: log-mel features, encoder and decoder, from the timings the worker returns with each
 * window (src/engine/protocol.ts PassTimings) and the probe records per transcribe call. Pure, so it is tested in Node.
 */
import type { WorkerCall } from './pages/probe-api.ts';
import { percentile } from './stats.ts';

/** The passes the feature share of "an utterance's pass" is taken over: 2–4 s of audio, the bench's ~3 s phrases. */
export const UTTERANCE_PASS_SECONDS: readonly [number, number] = [2, 4];

export interface PassSplit {
  /** Transcribe calls that ran to the end and brought their timings. */
  passes: number;
  /** Medians per section, over those passes. */
  featuresMs: number | null;
  encoderMs: number | null;
  decoderMs: number | null;
  /** Passes with UTTERANCE_PASS_SECONDS of audio, and the median of features / (features + encoder + decoder) over them. */
  utterancePasses: number;
  utteranceFeatureShare: number | null;
}

type TimedCall = WorkerCall & { featuresMs: number; encoderMs: number; decoderMs: number };

const timed = (c: WorkerCall): c is TimedCall =>
  c.worker === 'whisper' && c.method === 'transcribe' && !c.failed && c.featuresMs !== undefined && c.encoderMs !== undefined && c.decoderMs !== undefined;

export function passSplit(calls: readonly WorkerCall[]): PassSplit {
  const passes = calls.filter(timed);
  const [low, high] = UTTERANCE_PASS_SECONDS;
  const utterance = passes.filter((c) => c.audioSeconds !== undefined && c.audioSeconds >= low && c.audioSeconds <= high);
  const shares = utterance.flatMap((c) => {
    const total = c.featuresMs + c.encoderMs + c.decoderMs;
    return total > 0 ? [c.featuresMs / total] : [];
  });
  return {
    passes: passes.length,
    featuresMs: percentile(passes.map((c) => c.featuresMs), 50),
    encoderMs: percentile(passes.map((c) => c.encoderMs), 50),
    decoderMs: percentile(passes.map((c) => c.decoderMs), 50),
    utterancePasses: utterance.length,
    utteranceFeatureShare: percentile(shares, 50),
  };
}
