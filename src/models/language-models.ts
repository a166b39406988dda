/**
 * Whisper models made for one language, or distilled for speed, that the app offers beside the general catalogue
 * (catalogue.ts). They are hub repositories in the layout transformers.js loads (an `onnx/` folder), published by
 * their makers; which precisions each carries is theirs to say, so the device plan never picks one by itself and
 * the app only suggests them, never switches to one without the user's click.
 */
import type { SettingsModelInfo } from './catalogue.ts';

export interface LanguageModel extends SettingsModelInfo {
  /** Who trained it, for the suggestion ("KBLab, the National Library of Sweden"). */
  by: string;
  /** The languages it is made for. */
  languages: readonly string[];
  /** `language`: fine-tuned for its languages, suggested when one is detected. `distilled`: smaller and faster. */
  kind: 'language' | 'distilled';
}

export const LANGUAGE_MODELS: readonly LanguageModel[] = [
  { id: 'KBLab/kb-whisper-small', label: 'KB-Whisper Small (Swedish)', by: 'KBLab, the National Library of Sweden', languages: ['sv'], kind: 'language', multilingual: true, canTranslate: false },
  { id: 'KBLab/kb-whisper-base', label: 'KB-Whisper Base (Swedish)', by: 'KBLab, the National Library of Sweden', languages: ['sv'], kind: 'language', multilingual: true, canTranslate: false },
  { id: 'KBLab/kb-whisper-medium', label: 'KB-Whisper Medium (Swedish)', by: 'KBLab, the National Library of Sweden', languages: ['sv'], kind: 'language', multilingual: true, canTranslate: false },
  { id: 'onnx-community/distil-large-v3.5-ONNX', label: 'Distil Large v3.5 (English, fast)', by: 'Hugging Face (distil-whisper)', languages: ['en'], kind: 'distilled', multilingual: false, canTranslate: false },
];

/**
 * The model made for `language` to suggest while `current` runs, or null: the first `language` model for it (the
 * list puts the best fit for most devices first), unless one made for that language already runs.
 */
export function suggestedModelFor(language: string | null, current: string): LanguageModel | null {
  if (!language) return null;
  const made = LANGUAGE_MODELS.filter((m) => m.kind === 'language' && m.languages.includes(language));
  if (made.length === 0 || made.some((m) => m.id === current)) return null;
  return made[0]!;
}
