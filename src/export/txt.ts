import { languageName } from '../engine/languages';
import type { Transcript } from '../engine/transcript';
import { toCues } from './cues';
import { formatClock } from './timecode';

/**
 * Plain text for reading: `[hh:mm:ss] text` per segment (`[hh:mm:ss] Name: text` where speakers are known), under a
 * language header when known, and a `[Language: …]` line wherever a mixed-language recording changes language.
 */
export function toTxt(t: Transcript): string {
  const lines: string[] = [];
  if (t.meta.language) lines.push(`Language: ${languageName(t.meta.language)}`);
  let current = t.meta.language;
  for (const cue of toCues(t.segments, t.meta)) {
    if (cue.language && current && cue.language !== current) lines.push(`[Language: ${languageName(cue.language)}]`);
    current = cue.language ?? current;
    lines.push(`[${formatClock(cue.startMs)}] ${cue.speaker ? `${cue.speaker.name}: ` : ''}${cue.text}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
