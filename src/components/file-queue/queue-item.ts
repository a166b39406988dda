/** One file in the transcription queue, as the app reports it to `<wr-file-queue>`. */
export interface QueueItem {
  id: string;
  name: string;
  state: QueueState;
  /** 0..1 of the current phase (download, warm-up, decoding, transcription). */
  progress: number;
  etaSeconds?: number;
  error?: string;
  /** Something the user should know about a run that still worked, e.g. a fallback to WASM. */
  note?: string;
  /** Where the file carries on from an earlier run that stopped: seconds into it, and the segments that run kept. */
  resume?: { fromSeconds: number; keptSegments: number };
}

export type QueueState =
  | 'queued'
  | 'loading-model'
  | 'warming-up'
  | 'decoding'
  | 'transcribing'
  | 'done'
  | 'cancelled'
  | 'error';

export const STATE_LABELS: Readonly<Record<QueueState, string>> = {
  queued: 'Queued',
  'loading-model': 'Downloading model',
  'warming-up': 'Warming up',
  decoding: 'Decoding audio',
  transcribing: 'Transcribing',
  done: 'Done',
  cancelled: 'Cancelled',
  error: 'Failed',
};

/** States that show a progress bar and can still be cancelled. */
export const ACTIVE_STATES: readonly QueueState[] = ['loading-model', 'warming-up', 'decoding', 'transcribing'];

export const isActive = (state: QueueState): boolean => ACTIVE_STATES.includes(state);
