import type { Transcript } from '../engine/transcript';
import { spokenText, toCues } from './cues';
import { vttTimestamp } from './timecode';

/**
 * WebVTT cue text is markup: `&`, `<` and `>` must be escaped, and `-->` would be read as a
 * timing line, so it becomes an arrow before `>` is escaped.
 */
const escapeCueText = (text: string): string =>
  text.replaceAll('-->', '→').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** WebVTT subtitles; `Language:` is header metadata, which WebVTT allows right after `WEBVTT`. */
export function toVtt(t: Transcript): string {
  const header = t.meta.language ? `WEBVTT\nLanguage: ${t.meta.language}\n` : 'WEBVTT\n';
  const cues = toCues(t.segments, t.meta.speakers).map(
    (cue) => `\n${vttTimestamp(cue.startMs)} --> ${vttTimestamp(cue.endMs)}\n${escapeCueText(spokenText(cue))}\n`,
  );
  return header + cues.join('');
}
