import type { Transcript } from '../engine/transcript';
import { spokenText, toCues } from './cues';
import { srtTimestamp } from './timecode';

/** SubRip subtitles; an empty transcript gives an empty (still valid) file. */
export function toSrt(t: Transcript): string {
  return toCues(t.segments, t.meta.speakers)
    .map((cue, i) => `${i + 1}\n${srtTimestamp(cue.startMs)} --> ${srtTimestamp(cue.endMs)}\n${spokenText(cue)}\n`)
    .join('\n');
}
