import type { Segment, Word } from '../../engine/transcript';

/** Where a word sits in the text shown: `[start, end)` in characters, and its place in `segment.words`. */
export interface WordPlace {
  start: number;
  end: number;
  index: number;
}

/** A segment's text as shown, with its words' places (none where it has no words, or was corrected since). */
export interface SegmentText {
  text: string;
  words: WordPlace[];
}

/**
 * The words joined as the model wrote them (a word with a leading space starts a new word; one without, such as
 * "n't", joins the one before), on one line; the segment's own text when there are no words to show.
 */
export function segmentText(segment: Segment): SegmentText {
  if (segment.edited || !segment.words?.length) return { text: segment.text.replace(/\s+/g, ' ').trim(), words: [] };
  let text = '';
  const words: WordPlace[] = [];
  segment.words.forEach((word, index) => {
    const core = word.text.replace(/\s+/g, ' ').trim();
    if (core === '') return;
    if (text !== '' && /^\s/.test(word.text)) text += ' ';
    words.push({ start: text.length, end: text.length + core.length, index });
    text += core;
  });
  return { text, words };
}

/** The segment being played at `seconds` (segments in time order): the last to have started, if not yet ended; or -1. */
export function segmentAt(segments: readonly Segment[], seconds: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= seconds) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && seconds < segments[found]!.end ? found : -1;
}

/**
 * The word being spoken at `seconds`: the last one to have started, until the next starts (a pause keeps the word
 * before lit), or -1 before the first and after the last has ended.
 */
export function wordAt(words: readonly Word[], seconds: number): number {
  let found = -1;
  for (let i = 0; i < words.length && words[i]!.start <= seconds; i++) found = i;
  if (found === -1 || (found === words.length - 1 && seconds >= words[found]!.end)) return -1;
  return found;
}

/** A search hit: characters `[start, end)` of segment `segment`'s shown text. */
export interface Match {
  segment: number;
  start: number;
  end: number;
}

/** Every place `query` occurs in the texts, in order, ignoring case; none for a blank query. */
export function findMatches(texts: readonly string[], query: string): Match[] {
  const needle = query.trim();
  if (needle === '') return [];
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'giu');
  const matches: Match[] = [];
  texts.forEach((text, segment) => {
    for (const m of text.matchAll(pattern)) matches.push({ segment, start: m.index, end: m.index + m[0].length });
  });
  return matches;
}

export type Highlight = 'none' | 'match' | 'current';

/** A stretch of text inside one word (or between words: `word` -1) with one highlight. */
export interface TextPiece {
  word: number;
  runs: { text: string; highlight: Highlight }[];
}

/**
 * Cuts `text` where words and search hits begin and end, so each word can be its own element (to light it, click
 * it, mark it) and each hit a `<mark>` inside it, even when a hit spans several words.
 */
export function textPieces(shown: SegmentText, hits: readonly { start: number; end: number; current: boolean }[]): TextPiece[] {
  const { text, words } = shown;
  const cuts = new Set([0, text.length]);
  for (const r of [...words, ...hits]) {
    cuts.add(Math.max(0, Math.min(text.length, r.start)));
    cuts.add(Math.max(0, Math.min(text.length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: TextPiece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    const word = words.find((w) => w.start <= a && b <= w.end)?.index ?? -1;
    const hit = hits.find((h) => h.start <= a && b <= h.end);
    const run = { text: text.slice(a, b), highlight: (hit ? (hit.current ? 'current' : 'match') : 'none') as Highlight };
    const last = pieces.at(-1);
    if (last && last.word === word) last.runs.push(run);
    else pieces.push({ word, runs: [run] });
  }
  return pieces;
}
