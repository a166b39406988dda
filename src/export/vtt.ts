import type { Transcript } from '../engine/transcript';
import { toCues } from './cues';
import { vttTimestamp } from './timecode';

/**
 * WebVTT cue text is markup: `&`, `<` and `>` must be escaped, and `-->` would be read as a
 * timing line, so it becomes an arrow before `>` is escaped.
 */
const escapeCueText = (text: string): string =>
  text.replaceAll('-->', '→').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * WebVTT subtitles; `Language:` is header metadata, which WebVTT allows right after `WEBVTT`. A cue in another
 * language than the header's is wrapped in WebVTT's `<lang>` span, so players and screen readers read it right.
 */
export function toVtt(t: Transcript): string {
  const header = t.meta.language ? `WEBVTT\nLanguage: ${t.meta.language}\n` : 'WEBVTT\n';
  const cues = toCues(t.segments).map((cue) => {
    const text = escapeCueText(cue.text);
    const other = cue.language && t.meta.language && cue.language !== t.meta.language;
    return `\n${vttTimestamp(cue.startMs)} --> ${vttTimestamp(cue.endMs)}\n${other ? `<lang ${cue.language}>${text}</lang>` : text}\n`;
  });
  return header + cues.join('');
}
