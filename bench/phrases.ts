/**
 * Checks a transcript of generated speech against the utterances laid out in the audio. The synthetic model says
 * one sentence of its passage per speech region it sees (which one depends on the text before it), so where pauses
 * separate the utterances a correct transcript has exactly one of those phrases per utterance. What goes wrong is counted separately:
 * - lost: an utterance no segment overlaps;
 * - split: an utterance two or more segments overlap (a window cut through it: with real speech, words at the cut
 *   are garbled or dropped);
 * - duplicated: a segment with more phrases than utterances under it, or two segments over the same audio (the same
 *   speech transcribed twice, e.g. in the overlap of two chunks);
 * - merged: a segment with fewer phrases than utterances under it (expected in continuous speech, where the model
 *   sees one region per window);
 * - spurious: a segment over silence, or with other words.
 */

export interface TimedText {
  start: number;
  /** null where a transcriber left the last segment open. */
  end: number | null;
  text: string;
}

export interface Span {
  start: number;
  end: number;
}

export interface PhraseCheck {
  utterances: number;
  /** Times the phrase occurs in the whole transcript. */
  phrases: number;
  segments: number;
  lost: number;
  split: number;
  duplicated: number;
  merged: number;
  spurious: number;
  /** Phrases attributed to each utterance (all of a segment's phrases go to the utterance it overlaps most). */
  perUtterance: number[];
  /** Pauses: exactly one phrase per utterance. Continuous speech: nothing lost, duplicated or made up. */
  ok: boolean;
}

export type SpeechLayout = 'pauses' | 'continuous';

/** Two segments overlapping by more than this transcribed the same audio twice (timestamps sit on a 20 ms grid). */
const OVERLAP_SECONDS = 0.1;

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** One phrase, or any of several (none a part of another). */
export type Phrases = string | readonly string[];
const phraseList = (phrases: Phrases): string[] => (typeof phrases === 'string' ? [phrases] : [...phrases]).map(squash).filter(Boolean);

/** Non-overlapping occurrences of the phrase(s) in `text`, ignoring case, punctuation and spacing. */
export function countPhrase(text: string, phrases: Phrases): number {
  const hay = squash(text);
  let count = 0;
  for (const needle of phraseList(phrases)) {
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) count++;
  }
  return count;
}

const overlap = (a: Span, b: Span) => Math.min(a.end, b.end) - Math.max(a.start, b.start);

export function checkPhrases(segments: readonly TimedText[], utterances: readonly Span[], phrase: Phrases, durationSeconds: number, layout: SpeechLayout): PhraseCheck {
  const spans = segments.map((s) => ({ start: s.start, end: s.end ?? durationSeconds, phrases: countPhrase(s.text, phrase), text: s.text }));
  const perUtterance = utterances.map(() => 0);
  const segmentsOver = utterances.map(() => 0);
  let duplicated = 0;
  let merged = 0;
  let spurious = 0;
  for (const s of spans) {
    const under = utterances.map((u, i) => ({ i, o: overlap(s, u) })).filter((x) => x.o > 0);
    const onlyPhrases = s.phrases > 0 && phraseList(phrase).reduce((rest, p) => rest.replaceAll(p, ''), squash(s.text)).trim() === '';
    if (under.length === 0 || !onlyPhrases) {
      spurious++;
      continue;
    }
    for (const { i } of under) segmentsOver[i]!++;
    perUtterance[under.reduce((best, x) => (x.o > best.o ? x : best)).i]! += s.phrases;
    duplicated += Math.max(0, s.phrases - under.length);
    merged += Math.max(0, under.length - s.phrases);
  }
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  duplicated += sorted.slice(1).filter((s, k) => overlap(s, sorted[k]!) > OVERLAP_SECONDS).length;
  const lost = segmentsOver.filter((n) => n === 0).length;
  const split = segmentsOver.filter((n) => n > 1).length;
  const clean = lost === 0 && duplicated === 0 && spurious === 0;
  return {
    utterances: utterances.length,
    phrases: spans.reduce((n, s) => n + s.phrases, 0),
    segments: spans.length,
    lost,
    split,
    duplicated,
    merged,
    spurious,
    perUtterance,
    ok: layout === 'pauses' ? clean && split === 0 && merged === 0 : clean,
  };
}

/** Utterances to which two transcripts attribute a different number of phrases. */
export function differingUtterances(a: PhraseCheck, b: PhraseCheck): number {
  return a.perUtterance.filter((n, i) => n !== b.perUtterance[i]).length;
}
