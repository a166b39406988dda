import { describe, expect, it } from 'vitest';
import { chooseLanguage } from './language-switch.ts';

describe('chooseLanguage', () => {
  it('takes the detected language when nothing came before', () => {
    expect(chooseLanguage([{ language: 'es', probability: 0.4 }, { language: 'en', probability: 0.3 }], null)).toBe('es');
  });

  it('switches only when the new language wins clearly', () => {
    expect(chooseLanguage([{ language: 'es', probability: 0.9 }, { language: 'en', probability: 0.05 }], 'en')).toBe('es');
    // Close call: one noisy window keeps the language.
    expect(chooseLanguage([{ language: 'es', probability: 0.5 }, { language: 'en', probability: 0.4 }], 'en')).toBe('en');
    // Likelier, but not likely enough.
    expect(chooseLanguage([{ language: 'es', probability: 0.45 }, { language: 'fr', probability: 0.1 }], 'en')).toBe('en');
    // The current language is not even among the candidates.
    expect(chooseLanguage([{ language: 'es', probability: 0.6 }, { language: 'fr', probability: 0.2 }], 'en')).toBe('es');
  });

  it('keeps the current language when it is still the likeliest', () => {
    expect(chooseLanguage([{ language: 'en', probability: 0.3 }], 'en')).toBe('en');
  });
});
