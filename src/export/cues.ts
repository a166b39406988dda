import type { Segment } from '../engine/transcript';
import type { DecodingStats } from '../shared/guard-options';
import { toMilliseconds } from './timecode';

/** A segment as every export shows it: one line of text, millisecond times, end never before start. */
export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
  /** Who said it: the name the user gave its label, else the label ("SPEAKER_1"). */
  speaker?: string;
  language?: string;
  decoding?: DecodingStats;
}

/**
 * One line per cue: a newline inside a cue would end an SRT/VTT cue early (blank line) or break
 * the one-line-per-segment text layout, and Whisper's leading spaces are tokeniser artefacts.
 */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The cue's text as subtitles and plain text show it: after its speaker's name, where it has one. */
export const spokenText = (cue: Cue): string => (cue.speaker ? `${cue.speaker}: ${cue.text}` : cue.text);

/**
 * The segments worth exporting: those with text left after trimming (Whisper emits empty ones), each speaker
 * label under the name `names` gives it (a blank name keeps the label).
 */
export function toCues(segments: readonly Segment[], names: Readonly<Record<string, string>> = {}): Cue[] {
  const cues: Cue[] = [];
  for (const segment of segments) {
    const text = oneLine(segment.text);
    if (text === '') continue;
    const startMs = toMilliseconds(segment.start);
    const endMs = Math.max(startMs, toMilliseconds(segment.end));
    cues.push({
      startMs,
      endMs,
      text,
      ...(segment.speaker === undefined ? {} : { speaker: oneLine(names[segment.speaker] ?? '') || segment.speaker }),
      ...(segment.language === undefined ? {} : { language: segment.language }),
      ...(segment.decoding === undefined ? {} : { decoding: segment.decoding }),
    });
  }
  return cues;
}
