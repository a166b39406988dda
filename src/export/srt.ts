import type { Transcript } from '../engine/transcript';
import { toCues } from './cues';
import { plainLines, subtitleCues } from './subtitle-cues';
import { srtTimestamp } from './timecode';

/**
 * SubRip subtitles within the usual limits (see SUBTITLE_LIMITS): a long segment becomes several cues, split
 * between words at the words' own times where the model gave them. An empty transcript gives an empty (still
 * valid) file.
 */
export function toSrt(t: Transcript): string {
  return toCues(t.segments, t.meta)
    .flatMap((cue) => subtitleCues(cue))
    .map((cue, i) => `${i + 1}\n${srtTimestamp(cue.startMs)} --> ${srtTimestamp(cue.endMs)}\n${plainLines(cue).join('\n')}\n`)
    .join('\n');
}
