/**
 * What openai/whisper's guards did in a run, read from the probe's record of the app's calls to its Whisper worker:
 * how many windows needed the temperature fallback, and what reached the model from a file that holds no speech.
 */
import type { WorkerCall } from './pages/probe-api.ts';
import type { TimedText } from './phrases.ts';

/** The windows the app had its Whisper worker transcribe (failed and cancelled calls left out). */
export const windowCalls = (calls: readonly WorkerCall[]): WorkerCall[] => calls.filter((c) => c.worker === 'whisper' && c.method === 'transcribe' && !c.failed);

export interface FallbackCount {
  windows: number;
  /** Windows read again above temperature 0 (the greedy reading compressed too well or was too unlikely). */
  fellBack: number;
  /** The highest temperature any window went to; null when no window reported one. */
  highestTemperature: number | null;
}

export function fallbackCount(calls: readonly WorkerCall[]): FallbackCount {
  const windows = windowCalls(calls);
  const temperatures = windows.flatMap((c) => (c.highestTemperature === undefined ? [] : [c.highestTemperature]));
  return {
    windows: windows.length,
    fellBack: windows.filter((c) => (c.fallbacks ?? 0) > 0).length,
    highestTemperature: temperatures.length ? Math.max(...temperatures) : null,
  };
}

/** One side's run over a file with no speech in it. */
export interface NonSpeechSide {
  /** Calls to the model: ours, windows; the reference, 30 s chunks (encoder runs). */
  calls: number;
  /** Seconds of the file's audio given to the model: all of it is non-speech. */
  secondsSent: number;
  /** Whatever text came out ('' for none). */
  text: string;
}

const joined = (segments: readonly TimedText[]): string => segments.map((s) => s.text.trim()).filter(Boolean).join(' ');

/** Ours: the windows the app sent (it skips what its speech detector rejects) and the transcript it kept. */
export function oursOnNonSpeech(calls: readonly WorkerCall[], segments: readonly TimedText[]): NonSpeechSide {
  const windows = windowCalls(calls);
  return { calls: windows.length, secondsSent: windows.reduce((n, c) => n + (c.audioSeconds ?? 0), 0), text: joined(segments) };
}

/** The reference: the pipeline encodes every chunk of the file, so the whole file reaches the model. */
export function referenceOnNonSpeech(encoderRuns: number, durationSeconds: number, chunks: readonly TimedText[]): NonSpeechSide {
  return { calls: encoderRuns, secondsSent: encoderRuns > 0 ? durationSeconds : 0, text: joined(chunks) };
}
