import { languageName, WHISPER_LANGUAGES } from '../../engine/languages';

export interface LanguageOption {
  code: string;
  label: string;
}

const optionOf = (code: string): LanguageOption => ({ code, label: `${languageName(code)} (${code})` });

/** Alphabetical by name, so the select's type-ahead finds a language by its first letters. */
export function languageOptions(codes: readonly string[]): LanguageOption[] {
  const source = codes.length > 0 ? codes : WHISPER_LANGUAGES.map(([code]) => code);
  return [...new Set(source)].map(optionOf).sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

/**
 * Options matching a filter, best first: an exact code, then names starting with the text, then
 * anything containing it. The order matters because Enter in the filter picks the first.
 */
export function filterLanguages(options: readonly LanguageOption[], filter: string): LanguageOption[] {
  const q = filter.trim().toLowerCase();
  if (!q) return [...options];
  const rank = (o: LanguageOption): number => {
    if (o.code === q) return 0;
    if (o.label.toLowerCase().startsWith(q)) return 1;
    return o.label.toLowerCase().includes(q) ? 2 : 3;
  };
  return options
    .map((o) => ({ o, r: rank(o) }))
    .filter(({ r }) => r < 3)
    .sort((a, b) => a.r - b.r)
    .map(({ o }) => o);
}

/** Keeps the current choice visible even when the filter or the model's list would drop it. */
export function withCurrent(options: LanguageOption[], current: string): LanguageOption[] {
  if (current === 'auto' || options.some((o) => o.code === current)) return options;
  return [optionOf(current), ...options];
}
