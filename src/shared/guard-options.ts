/**
 * The guards openai/whisper's `transcribe()` puts around each 30 s window, with its defaults. They run on every
 * window, files and live: the worker re-decodes a window at the next temperature when its text is too repetitive
 * (compression ratio) or too unsure (average log-probability), and a window the model itself calls silence is dropped.
 */
export interface GuardOptions {
  /** Tried in order until one passes; 0 is greedy, above 0 samples `bestOf` candidates (seeded, so runs repeat). */
  temperatures: readonly number[];
  /** Candidates drawn per temperature above 0; the likeliest one (average log-probability) is kept. */
  bestOf: number;
  /** Text whose gzip compression ratio is above this is a loop: decode again, hotter. */
  compressionRatioThreshold: number;
  /** Text whose average log-probability is below this is garbage: decode again, hotter. */
  logprobThreshold: number;
  /** A window the model gives this much no-speech probability, and whose text is unsure, is silence. */
  noSpeechThreshold: number;
  /** Give the model the text before the window as a `<|startofprev|>` prompt. */
  conditionOnPreviousText: boolean;
  /** After a window needed a temperature above this, the next window starts without a prompt (it may mislead). */
  promptResetOnTemperature: number;
}

export const DEFAULT_GUARDS: Readonly<GuardOptions> = Object.freeze({
  temperatures: Object.freeze([0, 0.2, 0.4, 0.6, 0.8, 1]),
  bestOf: 5,
  compressionRatioThreshold: 2.4,
  logprobThreshold: -1,
  noSpeechThreshold: 0.6,
  conditionOnPreviousText: true,
  promptResetOnTemperature: 0.5,
});

/** Guards off: one greedy pass, no window dropped, no prompt carried. */
export const NO_GUARDS: Readonly<GuardOptions> = Object.freeze({
  temperatures: Object.freeze([0]),
  bestOf: 1,
  compressionRatioThreshold: Number.POSITIVE_INFINITY,
  logprobThreshold: Number.NEGATIVE_INFINITY,
  noSpeechThreshold: Number.POSITIVE_INFINITY,
  conditionOnPreviousText: false,
  promptResetOnTemperature: Number.POSITIVE_INFINITY,
});

/** How one window was decoded: recorded per segment and exported, so a reader can see which text was hard won. */
export interface DecodingStats {
  /** The temperature of the kept candidate. */
  temperature: number;
  avgLogprob: number;
  compressionRatio: number;
  noSpeechProb: number;
}
