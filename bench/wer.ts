/**
 * Word error rate with an English normalisation modelled on Whisper's (openai/whisper `normalizers`): both the
 * reference and the hypothesis go through the same steps, so differences of case, punctuation, diacritics,
 * bracketed annotations and filler words are not counted as errors.
 *
 * What it does: NFKD with diacritics removed; lowercase; text in [brackets] or (parentheses) removed; the fillers
 * Whisper drops (hmm, mm, mhm, mmm, uh, um); apostrophes removed inside words ("don't" → "dont"); every other
 * punctuation mark or symbol becomes a space ("well-known" → "well known"); whitespace collapsed.
 * Optional (`numbersToWords`): integers written with digits are spelled out ("1961" → "one thousand nine hundred
 * sixty one"). Whisper's EnglishTextNormalizer goes the other way (spelled numbers → digits) and also
 * standardises British spellings and contractions; neither is done here.
 */

export interface NormaliseOptions {
  /** Spell out integers written with digits (0 … 999 999 999 999, commas allowed as thousands separators). */
  numbersToWords?: boolean;
}

const FILLERS = new Set(['hmm', 'mm', 'mhm', 'mmm', 'uh', 'um']);

export function normaliseEnglish(text: string, options: NormaliseOptions = {}): string {
  let t = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  t = t.replace(/\[[^\]]*\]|\([^)]*\)/g, ' ');
  t = t.replace(/[\u2018\u2019\u02bc`]/g, "'");
  if (options.numbersToWords) t = t.replace(/\d{1,3}(?:,\d{3})+(?!\d)|\d+/g, (n) => spellInteger(n.replace(/,/g, '')));
  t = t.replace(/(\p{L})'(?=\p{L})/gu, '$1');
  t = t.replace(/[^\p{L}\p{N}\s]/gu, ' ');
  return t
    .split(/\s+/)
    .filter((w) => w !== '' && !FILLERS.has(w))
    .join(' ');
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

function belowThousand(n: number): string[] {
  const words: string[] = [];
  if (n >= 100) words.push(ONES[Math.floor(n / 100)]!, 'hundred');
  const rest = n % 100;
  if (rest >= 20) words.push(TENS[Math.floor(rest / 10)]!, ...(rest % 10 ? [ONES[rest % 10]!] : []));
  else if (rest > 0 || words.length === 0) words.push(ONES[rest]!);
  return words;
}

/** "1961" → "one thousand nine hundred sixty one"; digits beyond the scales are spelled one by one. */
export function spellInteger(digits: string): string {
  const n = Number(digits);
  if (!Number.isSafeInteger(n) || n >= 1e12) return [...digits].map((d) => ONES[Number(d)]).join(' ');
  if (n === 0) return 'zero';
  const words: string[] = [];
  let rest = n;
  for (const [size, name] of SCALES) {
    if (rest >= size) {
      words.push(...belowThousand(Math.floor(rest / size)), name);
      rest %= size;
    }
  }
  if (rest > 0) words.push(...belowThousand(rest));
  return words.join(' ');
}

export interface WerCounts {
  /** Words in the (normalised) reference. */
  referenceWords: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

export interface WerResult extends WerCounts {
  errors: number;
  /** errors / reference words; an empty reference counts each inserted word as one error over one word. */
  wer: number;
}

const withRate = (c: WerCounts): WerResult => {
  const errors = c.substitutions + c.deletions + c.insertions;
  return { ...c, errors, wer: errors / Math.max(1, c.referenceWords) };
};

/** Minimum-edit alignment of two word lists (Levenshtein over words), counting each kind of edit. */
export function alignWords(reference: readonly string[], hypothesis: readonly string[]): WerCounts {
  interface Cell { cost: number; s: number; d: number; i: number }
  let previous: Cell[] = Array.from({ length: hypothesis.length + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let r = 1; r <= reference.length; r++) {
    const row: Cell[] = [{ cost: r, s: 0, d: r, i: 0 }];
    for (let h = 1; h <= hypothesis.length; h++) {
      const diagonal = previous[h - 1]!;
      const same = reference[r - 1] === hypothesis[h - 1];
      const candidates: Cell[] = [
        { ...diagonal, cost: diagonal.cost + (same ? 0 : 1), s: diagonal.s + (same ? 0 : 1) },
        { ...previous[h]!, cost: previous[h]!.cost + 1, d: previous[h]!.d + 1 },
        { ...row[h - 1]!, cost: row[h - 1]!.cost + 1, i: row[h - 1]!.i + 1 },
      ];
      row.push(candidates.reduce((best, c) => (c.cost < best.cost ? c : best)));
    }
    previous = row;
  }
  const last = previous[hypothesis.length]!;
  return { referenceWords: reference.length, substitutions: last.s, deletions: last.d, insertions: last.i };
}

export function wordErrorRate(reference: string, hypothesis: string, options: NormaliseOptions = {}): WerResult {
  const words = (text: string) => normaliseEnglish(text, options).split(' ').filter(Boolean);
  return withRate(alignWords(words(reference), words(hypothesis)));
}

/** Corpus WER: all edits over all reference words (not the mean of per-file rates). */
export function combineWer(results: readonly WerCounts[]): WerResult {
  const sum = (key: keyof WerCounts) => results.reduce((n, r) => n + r[key], 0);
  return withRate({ referenceWords: sum('referenceWords'), substitutions: sum('substitutions'), deletions: sum('deletions'), insertions: sum('insertions') });
}
