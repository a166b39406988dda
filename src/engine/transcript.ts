import type { DecodingStats } from '../shared/guard-options.ts';
import type { Backend, Task } from '../shared/choices.ts';

/** One timed piece of transcript. Times are seconds from the start of the recording. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  /** ISO 639-1 code (or Whisper's code, e.g. `haw`) of the language the text is in. */
  language?: string;
  /** How the window holding this segment was decoded. */
  decoding?: DecodingStats;
  /** Each word with its own times, where the model can tell them (its cross-attention and alignment heads). */
  words?: Word[];
  /** Who said it, where speakers were told apart: a stable label ("SPEAKER_1") the user may rename in the meta. */
  speaker?: string;
  /** The user corrected the text by hand: exports carry the correction, and the words' times no longer match it. */
  edited?: boolean;
}

export interface Word {
  /** As the model wrote it, with its leading space. */
  text: string;
  start: number;
  end: number;
  /** The model's probability for the word's tokens (the lowest of them): low values mark words to check. */
  probability: number;
  /** Who said it, where speakers were told apart; a segment may hold words of two speakers. */
  speaker?: string;
}

/** What produced a transcript: carried into exports so a reader knows how the text was made. */
export interface TranscriptMeta {
  /** Source name: a file name, or "microphone". */
  source: string;
  model: string;
  device: Backend;
  dtype: string;
  language?: string;
  task: Task;
  /** ISO date-time the transcript was made. */
  createdAt: string;
  /** Words the user told the model to expect (an initial prompt). */
  vocabulary?: string;
  /** Names the user gave the speaker labels: label → name. */
  speakers?: Record<string, string>;
}

export interface Transcript {
  meta: TranscriptMeta;
  segments: Segment[];
}

/** A segment, and its words, moved `seconds` later: from a window's time base to the recording's. */
export const shiftSegment = (segment: Segment, seconds: number): Segment => ({
  ...segment,
  start: segment.start + seconds,
  end: segment.end + seconds,
  ...(segment.words && { words: segment.words.map((w) => ({ ...w, start: w.start + seconds, end: w.end + seconds })) }),
});
