/**
 * What decoding a window works with: an encoded window that starts decoder runs, each holding as many rows (candidates,
 * beams) as it was started with. workers/whisper/onnx-window.ts implements it over ONNX Runtime; tests fake it.
 */

/** Logits of one `feed`: for every row, every position fed. Views stay valid until the next feed. */
export interface FedLogits {
  positions: number;
  at(row: number, position: number): Float32Array;
  /**
   * Where the last token fed to `row` attends in the audio (its alignment heads' weights, word-timing.ts), for
   * decoders that output their cross-attention; undefined for the others.
   */
  attention?(row: number): Float32Array;
}

/** One decoding pass over an encoded window: every row sees the same audio and grows by one token per feed. */
export interface DecoderRun {
  /** Feeds `tokens[row]` (all rows the same length) after what each row has seen so far. */
  feed(tokens: readonly (readonly number[])[]): Promise<FedLogits>;
  /** Beam search: row r continues from what row `parents[r]` has seen (its self-attention cache is copied there). */
  reorder(parents: readonly number[]): Promise<void>;
  dispose(): void;
}

/** An encoded window that decoding passes can start from, with as many rows (candidates) as they need. */
export interface EncodedWindow {
  start(rows: number): Promise<DecoderRun>;
}

/** One decoded text: its tokens (end-of-text excluded), each token's log-probability, and their sum. */
export interface Candidate {
  tokens: number[];
  logprobs: number[];
  sum: number;
  /**
   * Where the decoder tells (FedLogits.attention): where the prompt's last token attends, then each of `tokens`
   * that was fed back.
   */
  attention?: Float32Array[];
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}
