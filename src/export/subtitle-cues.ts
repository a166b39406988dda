import type { Cue } from './cues';

/**
 * How much text one subtitle may show: 42 characters a line and 2 lines, the usual broadcast limits (Netflix's,
 * the BBC's 37–42), which stay readable on a phone and leave the picture visible.
 */
export interface SubtitleLimits {
  maxLineChars: number;
  maxLines: number;
}
export const SUBTITLE_LIMITS: SubtitleLimits = { maxLineChars: 42, maxLines: 2 };

/** A word (or a piece of one longer than a line) and, where the model timed it, when it is spoken. */
export interface Token {
  text: string;
  /** Only on a timed word's first piece: where a WebVTT timestamp tag may go. */
  startMs?: number;
  endMs?: number;
}

/** One subtitle: its time, its lines, and who speaks (shown before the first line). */
export interface SubtitleCue {
  startMs: number;
  endMs: number;
  lines: Token[][];
  speaker?: string;
}

/** Words longer than a line are cut into line-long pieces (languages written without spaces come as one "word"). */
function tokensOf(cue: Cue, maxLineChars: number): Token[] {
  const words: Token[] = cue.words ?? cue.text.split(' ').map((text) => ({ text }));
  const tokens: Token[] = [];
  for (const { text: whole, startMs, endMs } of words) {
    const chars = Array.from(whole);
    for (let at = 0; at < chars.length; at += maxLineChars) {
      const text = chars.slice(at, at + maxLineChars).join('');
      if (endMs === undefined) tokens.push({ text });
      else tokens.push(at === 0 && startMs !== undefined ? { text, startMs, endMs } : { text, endMs });
    }
  }
  return tokens;
}

const width = (token: Token): number => Array.from(token.text).length;

/** Fills lines of `lineChars` (the first `firstLineChars`) in order; the lines, or null if they are more than `maxLines`. */
function fill(tokens: readonly Token[], firstLineChars: number, lineChars: number, maxLines: number): Token[][] | null {
  const lines: Token[][] = [];
  let used = 0;
  for (const token of tokens) {
    const line = lines.at(-1);
    const room = lines.length === 1 ? firstLineChars : lineChars;
    if (line && used + 1 + width(token) <= room) {
      line.push(token);
      used += 1 + width(token);
    } else {
      if (lines.length === maxLines) return null;
      lines.push([token]);
      used = width(token);
    }
  }
  return lines;
}

/**
 * The tokens on one line when they fit there; otherwise on as few lines as they need, made as even as they can be
 * (two half lines read better than a full line and a word).
 */
function balance(tokens: readonly Token[], prefix: number, { maxLineChars, maxLines }: SubtitleLimits): Token[][] {
  const greedy = fill(tokens, maxLineChars - prefix, maxLineChars, maxLines) ?? [tokens.slice()];
  const count = greedy.length;
  if (count === 1) return greedy;
  const total = tokens.reduce((sum, t) => sum + width(t) + 1, prefix) - 1;
  for (let w = Math.ceil(total / count); w < maxLineChars; w++) {
    const lines = fill(tokens, w - prefix, w, count);
    if (lines) return lines;
  }
  return greedy;
}

/**
 * A segment as subtitles within `limits`: as few cues as fit its text, each with balanced lines. Cues are split
 * between words; where the model timed the words, each cue starts and ends with its words, otherwise the segment's
 * time is shared out by characters. The speaker's name, when there is one, opens every cue of the segment.
 */
export function subtitleCues(cue: Cue, limits: SubtitleLimits = SUBTITLE_LIMITS): SubtitleCue[] {
  const speaker = cue.speaker?.name;
  const prefix = speaker ? Array.from(speaker).length + 2 : 0;
  const firstLineChars = Math.max(1, limits.maxLineChars - prefix);
  const groups: Token[][] = [];
  let group: Token[] = [];
  for (const token of tokensOf(cue, limits.maxLineChars)) {
    if (group.length > 0 && !fill([...group, token], firstLineChars, limits.maxLineChars, limits.maxLines)) {
      groups.push(group);
      group = [];
    }
    group.push(token);
  }
  if (group.length > 0) groups.push(group);

  const totalChars = groups.flat().reduce((sum, t) => sum + width(t), 0);
  const span = cue.endMs - cue.startMs;
  let charsBefore = 0;
  let previousEnd = cue.startMs;
  return groups.map((tokens, i) => {
    const chars = tokens.reduce((sum, t) => sum + width(t), 0);
    const shared = (through: number) => cue.startMs + Math.round((span * through) / Math.max(1, totalChars));
    const first = tokens[0]!;
    const last = tokens.at(-1)!;
    const startMs = i === 0 ? cue.startMs : Math.max(previousEnd, first.startMs ?? (first.endMs === undefined ? shared(charsBefore) : previousEnd));
    const endMs = i === groups.length - 1 ? cue.endMs : Math.max(startMs, Math.min(cue.endMs, last.endMs ?? shared(charsBefore + chars)));
    charsBefore += chars;
    previousEnd = endMs;
    return { startMs: Math.min(startMs, cue.endMs), endMs, lines: balance(tokens, prefix, limits), ...(speaker ? { speaker } : {}) };
  });
}

/** A line's words joined by spaces, the speaker's name before the first line. */
export function plainLines(cue: SubtitleCue): string[] {
  return cue.lines.map((line, i) => `${i === 0 && cue.speaker ? `${cue.speaker}: ` : ''}${line.map((t) => t.text).join(' ')}`);
}
