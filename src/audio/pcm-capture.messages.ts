/**
 * What the 'pcm-capture' worklet and the code around it say to each other: its name, its options and the messages on
 * its two ports. Apart from the worklet so that the page and the VAD worker can import them without compiling the
 * worklet's global scope (and without pulling registerProcessor() into their bundles).
 */

/** The name the worklet registers its processor under, for `new AudioWorkletNode(context, …)`. */
export const PCM_CAPTURE_PROCESSOR = 'pcm-capture';

export interface PcmCaptureOptions {
  /**
   * Frames per posted batch: one (32 ms) by default, so that the VAD hears the end of speech, and the final's pass
   * starts, within a frame of it; a batch of four would add 48 ms on average to every final.
   */
  framesPerBatch?: number;
  /**
   * Batch buffers in flight before batches are dropped: 256 × 32 ms ≈ 8 s by default, which covers the VAD's first
   * load (ONNX Runtime's WASM takes seconds to compile on a slow machine) while capture already runs.
   */
  poolSize?: number;
  /** Post `{ type: 'level' }` on the node's port once per frame, for a meter. */
  reportLevels?: boolean;
}

/** Main thread → processor, on the node's port. */
export type CaptureControl = { type: 'connect'; port: MessagePort } | { type: 'flush' };
/** Processor → main thread, on the node's port. */
export type CaptureStatus = CaptureLevel | { type: 'flushed'; dropped: number };
export interface CaptureLevel {
  type: 'level';
  /** Largest |sample| of the last 512-sample frame, 0–1. */
  peak: number;
}
/**
 * Processor → receiver, on the connected port. `samples` holds `frameCount` whole frames; the final batch (after a
 * flush) may hold fewer, its last frame padded with silence. Frame indices count dropped frames too, so they stay
 * a clock: frame i starts at i × 32 ms after capture began. The receiver gives the buffer back (or a fresh one of
 * the same length) by posting the Float32Array itself on the same port.
 */
export interface CaptureBatch {
  type: 'batch';
  samples: Float32Array;
  frameCount: number;
  firstFrameIndex: number;
  /** Largest |sample| of the batch's input, 0–1 (before resampling, so clipping shows). */
  peak: number;
  /** Frames dropped so far in this capture (pool empty). */
  dropped: number;
  final: boolean;
}
