import type { GuardOptions } from '../shared/guard-options.ts';
import { cutRepeatedText, isHallucination } from './hypothesis-text.ts';
import type { Segment } from './transcript.ts';
import type { TimeRange } from '../shared/time-range.ts';

export interface WindowEvidence {
  /** Where the speech detector heard speech in this window, in the segments' time base. */
  speech: readonly TimeRange[];
  noSpeechProb: number;
  guards: GuardOptions;
}

/** Under this share of a segment's time heard as speech, a stock phrase over it is an invention. */
const MIN_SPEECH_SHARE = 0.5;

/**
 * A window's segments as they should be kept: loops cut, and nothing at all when the window says only one of
 * Whisper's stock inventions ("Thank you.") over audio the speech detector found little speech in, or the model
 * itself thinks holds none. A real "Thank you." said by someone is speech, and stays.
 */
export function keptSegments(segments: readonly Segment[], evidence: WindowEvidence): Segment[] {
  const cut = segments.map(cutLoop);
  if (cut.length === 0 || !isHallucination(cut.map((s) => s.text).join(' '))) return cut;
  if (evidence.noSpeechProb > evidence.guards.noSpeechThreshold) return [];
  const span = cut.reduce((sum, s) => sum + (s.end - s.start), 0);
  const heard = cut.reduce((sum, s) => sum + evidence.speech.reduce((n, r) => n + Math.max(0, Math.min(r.end, s.end) - Math.max(r.start, s.start)), 0), 0);
  return span > 0 && heard / span >= MIN_SPEECH_SHARE ? cut : [];
}

/** A segment with its repeats cut, keeping the words that are still in its text. */
function cutLoop(segment: Segment): Segment {
  const text = cutRepeatedText(segment.text);
  if (text === segment.text || !segment.words) return { ...segment, text };
  let said = '';
  const words = segment.words.filter((w) => text.startsWith((said += w.text)));
  const kept: Segment = { ...segment, text, words };
  if (words.length === 0) delete kept.words;
  return kept;
}
