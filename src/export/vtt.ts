import type { Transcript } from '../engine/transcript';
import { toCues } from './cues';
import { subtitleCues, type SubtitleCue } from './subtitle-cues';
import { vttTimestamp } from './timecode';

/**
 * WebVTT cue text is markup: `&`, `<` and `>` must be escaped, and `-->` would be read as a
 * timing line, so it becomes an arrow before `>` is escaped.
 */
const escapeCueText = (text: string): string =>
  text.replaceAll('-->', '→').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * A cue's lines, each timed word after the first moment of the cue preceded by a timestamp tag
 * (`word <00:00:01.500>next`): browsers, video.js and most players highlight the words as they are spoken
 * (`::cue(:past)`), and players that do not know the tags show the plain text. One cue per word would flash single
 * words on players without karaoke support. A tag must lie strictly inside the cue and after the one before, so
 * overlapping word times give fewer tags rather than an invalid file. The speaker is a voice span, `<v Name>`,
 * with the name also written before the text, as most players do not show the voice.
 */
function cueText(cue: SubtitleCue): string {
  let last = cue.startMs;
  const lines = cue.lines.map((line) =>
    line
      .map((token) => {
        const at = token.startMs;
        if (at === undefined || at <= last || at >= cue.endMs) return escapeCueText(token.text);
        last = at;
        return `<${vttTimestamp(at)}>${escapeCueText(token.text)}`;
      })
      .join(' '),
  );
  if (!cue.speaker) return lines.join('\n');
  return `<v ${cue.speaker.replaceAll('&', '&amp;').replaceAll('>', '&gt;')}>${escapeCueText(cue.speaker)}: ${lines.join('\n')}</v>`;
}

/**
 * WebVTT subtitles, split like the SRT export (see SUBTITLE_LIMITS), with word timestamps where the model gave
 * them; `Language:` is header metadata, which WebVTT allows right after `WEBVTT`. A cue in another language than
 * the header's is wrapped in WebVTT's `<lang>` span, so players and screen readers read it right.
 */
export function toVtt(t: Transcript): string {
  const header = t.meta.language ? `WEBVTT\nLanguage: ${t.meta.language}\n` : 'WEBVTT\n';
  const cues = toCues(t.segments, t.meta).flatMap((cue) => {
    const other = cue.language && t.meta.language && cue.language !== t.meta.language ? cue.language : null;
    return subtitleCues(cue).map((sub) => {
      const text = cueText(sub);
      return `\n${vttTimestamp(sub.startMs)} --> ${vttTimestamp(sub.endMs)}\n${other ? `<lang ${other}>${text}</lang>` : text}\n`;
    });
  });
  return header + cues.join('');
}
