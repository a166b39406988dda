import type { Segment, Word } from './transcript.ts';

export interface TokenLayoutInfo {
  timestampBegin: number;
  eot: number;
  /** Length of the audio the tokens describe: the end of a segment the model left open. */
  durationSeconds: number;
  decode: (tokens: number[]) => string;
  /** The words of a segment, from the positions in `tokens` of its text tokens, where the model can time them. */
  words?: (positions: number[]) => Word[];
}

const SECONDS_PER_TIMESTAMP = 0.02;

/**
 * Turns Whisper's generated tokens (prompt removed) into segments. With timestamps the model writes
 * `<|t0|> text <|t1|>` per segment; without, all text is one segment over the whole window. A segment the model
 * did not close (it ran out of window or was stopped) ends at the end of the audio.
 */
export function parseTokens(tokens: readonly number[], info: TokenLayoutInfo): Omit<Segment, 'language'>[] {
  const segments: Omit<Segment, 'language'>[] = [];
  const clamp = (t: number) => Math.min(Math.max(t, 0), info.durationSeconds);
  let start: number | null = null;
  let text: number[] = [];
  let positions: number[] = [];
  const flush = (end: number) => {
    const decoded = info.decode(text);
    if (decoded.trim()) {
      const words = info.words?.(positions).map((w) => ({ ...w, start: clamp(w.start), end: clamp(w.end) }));
      segments.push({ start: clamp(start ?? 0), end: clamp(Math.max(end, start ?? 0)), text: decoded, ...(words?.length ? { words } : {}) });
    }
    text = [];
    positions = [];
  };
  for (const [position, token] of tokens.entries()) {
    if (token === info.eot) break;
    if (token >= info.timestampBegin) {
      const time = (token - info.timestampBegin) * SECONDS_PER_TIMESTAMP;
      if (start !== null && text.length > 0) {
        flush(time);
        start = null;
      } else {
        start = time;
      }
    } else {
      text.push(token);
      positions.push(position);
    }
  }
  if (text.length > 0) flush(info.durationSeconds);
  return segments;
}
