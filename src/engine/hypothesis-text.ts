/**
 * Rules about what Whisper's text says, shared by live and file transcription: the phrases it invents on silence
 * and noise, and the loops its decoder falls into. Pure; the streaming policy and the file job apply them.
 */

/** Whisper's well-known inventions on silence and noise; a text that is only one of these said nothing. */
const HALLUCINATIONS = [
  'Thank you.', 'Thanks for watching!', 'Thank you for watching.', 'you', 'Bye.', 'Subtitles by the Amara.org community',
  '[Music]', '(silence)', '[BLANK_AUDIO]', 'Please subscribe.',
];
/** Short loops: a word or phrase of up to SHORT_NGRAM words said this many times in a row. */
const SHORT_NGRAM = 4;
const SHORT_REPEATS = 4;
/** Long loops: a whole sentence (up to LONG_NGRAM words) said this many times in a row. */
const LONG_NGRAM = 30;
const LONG_REPEATS = 3;

/** Lower case, no punctuation or symbols, single spaces: the form texts are compared in. */
export const normalise = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]/gu, '').replace(/\s+/g, ' ').trim();

const HALLUCINATION_SET = new Set(['', ...HALLUCINATIONS.map(normalise)]);

/** The text is nothing but one of Whisper's stock inventions (or empty). */
export const isHallucination = (text: string): boolean => HALLUCINATION_SET.has(normalise(text));

/**
 * Each run of repeats cut to its first occurrence: a word or short phrase said 4+ times in a row, or a longer one
 * (a sentence) 3+ times. Shortest n first, so "no no no no" is cut as a word, not as two "no no"s.
 */
export function cutRepeats<W extends { norm: string }>(words: readonly W[]): W[] {
  const same = (a: number, b: number, n: number): boolean => words.slice(a, a + n).every((w, k) => w.norm === words[b + k]?.norm);
  const loopAt = (i: number): { n: number; reps: number } | undefined => {
    for (let n = 1; n <= LONG_NGRAM && i + 2 * n <= words.length; n++) {
      let reps = 1;
      while (i + (reps + 1) * n <= words.length && same(i, i + reps * n, n)) reps++;
      if (reps >= (n <= SHORT_NGRAM ? SHORT_REPEATS : LONG_REPEATS)) return { n, reps };
    }
    return undefined;
  };
  const out: W[] = [];
  for (let i = 0; i < words.length; ) {
    const loop = loopAt(i);
    out.push(...words.slice(i, i + (loop?.n ?? 1)));
    i += loop ? loop.n * loop.reps : 1;
  }
  return out;
}

/** `text` with its loops cut (see cutRepeats), keeping its leading space. */
export function cutRepeatedText(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean).map((w) => ({ text: w, norm: normalise(w) }));
  const kept = cutRepeats(words);
  if (kept.length === words.length) return text;
  return (text.startsWith(' ') ? ' ' : '') + kept.map((w) => w.text).join(' ');
}

/**
 * Characters of earlier text offered as a prompt. The worker keeps the last 223 tokens of it (openai/whisper's
 * limit); a little more text than that fits, so the cut is the worker's, on a token boundary.
 */
export const PROMPT_CHARS = 1200;

export const joinText = (parts: readonly string[]): string => parts.filter((p) => p !== '').join(' ');

/** The end of `text`, at most `chars` long, starting on a whole word. */
export function lastChars(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const cut = text.slice(-chars);
  return text[text.length - chars - 1] === ' ' ? cut : cut.slice(cut.indexOf(' ') + 1);
}
