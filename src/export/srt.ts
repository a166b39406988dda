import type { Transcript } from '../engine/transcript';
import { toCues } from './cues';
import { srtTimestamp } from './timecode';

/** SubRip subtitles; an empty transcript gives an empty (still valid) file. */
export function toSrt(t: Transcript): string {
  return toCues(t.segments)
    .map((cue, i) => `${i + 1}\n${srtTimestamp(cue.startMs)} --> ${srtTimestamp(cue.endMs)}\n${cue.text}\n`)
    .join('\n');
}
