/**
 * When a recording may change language. With the language on auto, every window (and every live utterance) is
 * detected again, but the language of the audio before it is kept unless another one wins clearly, so one noisy
 * window does not flip a file. The worker applies this where it reads the language, before decoding the window.
 */
export interface LanguageSwitchOptions {
  /** The new language's probability must be at least this… */
  minProbability: number;
  /** …and exceed the current language's probability by this much. */
  margin: number;
}

export const LANGUAGE_SWITCH: Readonly<LanguageSwitchOptions> = Object.freeze({ minProbability: 0.5, margin: 0.25 });

interface Guess {
  language: string;
  probability: number;
}

/** The language to decode in: `previous` unless `detected` (best first) names another one that wins clearly. */
export function chooseLanguage(detected: readonly Guess[], previous: string | null, options: LanguageSwitchOptions = LANGUAGE_SWITCH): string {
  const top = detected[0];
  if (!top) return previous ?? 'en';
  if (previous === null || top.language === previous) return top.language;
  const current = detected.find((g) => g.language === previous)?.probability ?? 0;
  return top.probability >= options.minProbability && top.probability - current >= options.margin ? top.language : previous;
}
