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
}

export interface Transcript {
  meta: TranscriptMeta;
  segments: Segment[];
}
