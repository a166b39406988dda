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
  /**
   * Beams searched at temperature 0 (1: greedy). A beam of 5 reads each window as five texts at once: about five
   * times the decoder's work, for the text whose words are likeliest together rather than one at a time.
   */
  beamSize: number;
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
  beamSize: 1,
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
  beamSize: 1,
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

/**
 * The guards' settings by the names pages use, as URL parameters (`?no-speech-threshold=0.5`) and as attributes of
 * `<whisper-recorder>`. `guards="off"` starts from NO_GUARDS instead of the defaults.
 */
export const GUARD_SETTINGS = ['guards', 'temperatures', 'best-of', 'beam-size', 'compression-ratio-threshold', 'logprob-threshold', 'no-speech-threshold', 'condition-on-previous-text'] as const;
export type GuardSetting = (typeof GUARD_SETTINGS)[number];

const ON = /^(on|true|1|yes)$/i;
const OFF = /^(off|false|0|no)$/i;

/**
 * Guard options from settings given as text (absent or empty: the default). What cannot be read is reported, one
 * message per setting, and left at its default: a typo must not break transcription.
 */
export function readGuards(get: (name: GuardSetting) => string | null | undefined): { guards: GuardOptions; errors: string[] } {
  const errors: string[] = [];
  const value = (name: GuardSetting) => get(name)?.trim() || undefined;
  const toggle = value('guards');
  if (toggle !== undefined && !ON.test(toggle) && !OFF.test(toggle)) errors.push(`Ignored guards=${toggle}: expected on or off.`);
  const guards: GuardOptions = { ...(toggle !== undefined && OFF.test(toggle) ? NO_GUARDS : DEFAULT_GUARDS) };
  const number = (name: GuardSetting, ok: (n: number) => boolean, expected: string): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (Number.isFinite(n) && ok(n)) return n;
    errors.push(`Ignored ${name}=${text}: expected ${expected}.`);
    return undefined;
  };
  const temperatures = value('temperatures');
  if (temperatures !== undefined) {
    const list = temperatures.split(',').map((t) => Number(t.trim()));
    if (list.length > 0 && list.every((t) => Number.isFinite(t) && t >= 0 && t <= 2)) guards.temperatures = list;
    else errors.push(`Ignored temperatures=${temperatures}: expected temperatures between 0 and 2, comma-separated (e.g. 0,0.2,0.4).`);
  }
  const bestOf = number('best-of', (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');
  if (bestOf !== undefined) guards.bestOf = bestOf;
  const beamSize = number('beam-size', (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');
  if (beamSize !== undefined) guards.beamSize = beamSize;
  const ratio = number('compression-ratio-threshold', (n) => n > 0, 'a positive number');
  if (ratio !== undefined) guards.compressionRatioThreshold = ratio;
  const logprob = number('logprob-threshold', (n) => n <= 0, 'a number at most 0');
  if (logprob !== undefined) guards.logprobThreshold = logprob;
  const noSpeech = number('no-speech-threshold', (n) => n >= 0 && n <= 1, 'a probability from 0 to 1');
  if (noSpeech !== undefined) guards.noSpeechThreshold = noSpeech;
  const condition = value('condition-on-previous-text');
  if (condition !== undefined) {
    if (ON.test(condition) || OFF.test(condition)) guards.conditionOnPreviousText = ON.test(condition);
    else errors.push(`Ignored condition-on-previous-text=${condition}: expected on or off.`);
  }
  return { guards, errors };
}
