import type { Word } from '../../src/engine/transcript.ts';
import { SECONDS_PER_FRAME } from './word-timing.ts';

/** One text token of a segment, with where it starts, where the next token starts, and its log-probability. */
export interface TimedToken {
  /** The token alone, decoded (may be part of a character in byte-level scripts: then it holds U+FFFD). */
  piece: string;
  start: number;
  /** Where the token after it starts (a closing timestamp's, or the next word's). */
  next: number;
  logprob: number;
}

/** Languages written without spaces between words: each character (or token) is its own word. */
const UNSPACED = new Set(['zh', 'ja', 'th', 'lo', 'my', 'yue']);
/** openai/whisper's defaults: these join the word after (prepended) or before (appended). */
const PREPENDED = /^\s*["'“¡¿([{-]+$/;
const APPENDED = /^["'.。,，!！?？:：”)\]}、]+$/;
const PUNCTUATION_ONLY = /^[\p{P}\s]+$/u;

/**
 * A segment's text tokens grouped into words, as openai/whisper groups them: a word starts at a token with a leading
 * space (or at every character where words have no spaces), opening punctuation joins the word after it and closing
 * punctuation the word before. A word starts where its first token starts and ends where the token after its last
 * one starts, except that punctuation takes one frame at most, so a pause after "dog." is not counted in the word.
 * `text` decodes a word's tokens together (a character may span tokens).
 */
export function groupWords(tokens: readonly TimedToken[], language: string, text: (first: number, end: number) => string): Word[] {
  const spans: { first: number; end: number }[] = [];
  const unspaced = UNSPACED.has(language);
  tokens.forEach((token, i) => {
    const current = spans.at(-1);
    const opener = current !== undefined && tokens.slice(current.first, current.end).every((t) => PREPENDED.test(t.piece));
    const startsWord = unspaced ? !current || !tokens[i - 1]!.piece.includes('\uFFFD') : token.piece.startsWith(' ');
    const closer = APPENDED.test(token.piece.trim()) && !PREPENDED.test(token.piece);
    if (!current || (startsWord && !opener && !closer)) spans.push({ first: i, end: i + 1 });
    else current.end = i + 1;
  });
  return spans.map(({ first, end }) => {
    const lastToken = tokens[end - 1]!;
    const lastEnd = PUNCTUATION_ONLY.test(lastToken.piece) ? Math.min(lastToken.start + SECONDS_PER_FRAME, lastToken.next) : lastToken.next;
    const logprob = Math.min(...tokens.slice(first, end).map((t) => t.logprob));
    return { text: text(first, end), start: tokens[first]!.start, end: Math.max(tokens[first]!.start, lastEnd), probability: Math.exp(logprob) };
  });
}
