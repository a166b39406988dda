import type { Transcript } from '../engine/transcript';
import { toCues, type Cue } from './cues';

/**
 * The transcript's language: the one asked for, else the one most segments were detected in
 * (ties go to the earliest), else null.
 */
function transcriptLanguage(requested: string | undefined, cues: readonly Cue[]): string | null {
  if (requested) return requested;
  const counts = new Map<string, number>();
  for (const cue of cues) if (cue.language) counts.set(cue.language, (counts.get(cue.language) ?? 0) + 1);
  let best: string | null = null;
  for (const [language, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = language;
  return best;
}

const rounded = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000);

/** Words as openai/whisper's `word_timestamps` gives them, the model's leading space trimmed. */
const jsonWords = (cue: Cue) =>
  cue.words?.map((w) => ({ text: w.text, start: w.startMs / 1000, end: w.endMs / 1000, probability: rounded(w.probability) })) ?? null;

/**
 * Machine-readable export; null (not a missing key) where something is unknown, so every segment has the same shape.
 * Each segment says how its window was decoded: the temperature the kept text needed, its average log-probability,
 * compression ratio and no-speech probability (openai/whisper's guards); who said it (`speaker`, the label, named in
 * `meta.speakers`); whether the user corrected it (`edited`); and its words with their times and probabilities,
 * null where there are none or where a correction means they no longer match the text.
 */
export function toJson(t: Transcript): string {
  const cues = toCues(t.segments, t.meta);
  const segments = cues.map((cue) => ({
    start: cue.startMs / 1000,
    end: cue.endMs / 1000,
    text: cue.text,
    language: cue.language ?? null,
    temperature: rounded(cue.decoding?.temperature),
    avgLogprob: rounded(cue.decoding?.avgLogprob),
    compressionRatio: rounded(cue.decoding?.compressionRatio),
    noSpeechProb: rounded(cue.decoding?.noSpeechProb),
    speaker: cue.speaker?.label ?? null,
    edited: cue.edited ?? false,
    words: jsonWords(cue),
  }));
  return `${JSON.stringify({ meta: t.meta, language: transcriptLanguage(t.meta.language, cues), segments }, null, 2)}\n`;
}
