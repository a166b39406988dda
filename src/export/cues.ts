import { speakerName } from '../engine/speakers';
import type { Segment, TranscriptMeta } from '../engine/transcript';
import type { DecodingStats } from '../shared/guard-options';
import { toMilliseconds } from './timecode';

/** A word as the exports show it: trimmed, millisecond times. */
export interface CueWord {
  text: string;
  startMs: number;
  endMs: number;
  probability: number;
}

/** A segment as every export shows it: one line of text, millisecond times, end never before start. */
export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
  language?: string;
  decoding?: DecodingStats;
  /** Its words, where the model timed them and the text was not corrected since (then they no longer match). */
  words?: CueWord[];
  /** Who said it: the stable label and the name to show. */
  speaker?: { label: string; name: string };
  edited?: boolean;
}

/**
 * One line per cue: a newline inside a cue would end an SRT/VTT cue early (blank line) or break
 * the one-line-per-segment text layout, and Whisper's leading spaces are tokeniser artefacts.
 */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function cueWords(segment: Segment): CueWord[] | undefined {
  if (segment.edited || !segment.words) return undefined;
  const words = segment.words
    .map((w) => ({ text: oneLine(w.text), startMs: toMilliseconds(w.start), endMs: Math.max(toMilliseconds(w.start), toMilliseconds(w.end)), probability: w.probability }))
    .filter((w) => w.text !== '');
  return words.length > 0 ? words : undefined;
}

/** The segments worth exporting: those with text left after trimming (Whisper emits empty ones). */
export function toCues(segments: readonly Segment[], meta?: Pick<TranscriptMeta, 'speakers'>): Cue[] {
  const cues: Cue[] = [];
  for (const segment of segments) {
    const text = oneLine(segment.text);
    if (text === '') continue;
    const startMs = toMilliseconds(segment.start);
    const endMs = Math.max(startMs, toMilliseconds(segment.end));
    const words = cueWords(segment);
    cues.push({
      startMs,
      endMs,
      text,
      ...(segment.language === undefined ? {} : { language: segment.language }),
      ...(segment.decoding === undefined ? {} : { decoding: segment.decoding }),
      ...(words ? { words } : {}),
      ...(segment.speaker ? { speaker: { label: segment.speaker, name: speakerName(segment.speaker, meta?.speakers) } } : {}),
      ...(segment.edited ? { edited: true } : {}),
    });
  }
  return cues;
}
