import { languageName } from '../engine/languages';
import type { Transcript } from '../engine/transcript';
import { spokenText, toCues } from './cues';
import { formatClock } from './timecode';

/** Plain text for reading: `[hh:mm:ss] text` per segment, under a language header when known. */
export function toTxt(t: Transcript): string {
  const lines: string[] = [];
  if (t.meta.language) lines.push(`Language: ${languageName(t.meta.language)}`);
  for (const cue of toCues(t.segments, t.meta.speakers)) lines.push(`[${formatClock(cue.startMs)}] ${spokenText(cue)}`);
  return lines.map((line) => `${line}\n`).join('');
}
