/**
 * 16 kHz mono samples → `CaptureBatch`es, framed exactly as the 'pcm-capture' worklet frames them (batches of
 * `framesPerBatch` 512-sample frames, frame indices from 0, a final batch with the last frame padded with silence),
 * for audio the page pushes on the main thread. Pure: what happens to a batch is the caller's `post`.
 *
 * Samples are copied into batch buffers, never allocated per sample. Buffers come from a pool that the receiver
 * refills (`recycle`); unlike the worklet, an empty pool grows instead of dropping, because pushed audio may come
 * faster than real time and every sample of it is wanted.
 */
import type { CaptureBatch } from './pcm-capture.messages.ts';

export const FRAME_SAMPLES = 512;
/** Recycled buffers beyond this are let go: the pool only has to cover the batches in flight. */
const MAX_POOL = 64;

export class BatchFramer {
  readonly batchSamples: number;
  private readonly pool: Float32Array<ArrayBuffer>[] = [];
  private current: Float32Array<ArrayBuffer> | null = null;
  private fill = 0;
  private frameIndex = 0;
  private peak = 0;
  private ended = false;

  constructor(
    /** Receives each batch; the batch's buffer is the receiver's from then on. */
    private readonly post: (batch: CaptureBatch & { samples: Float32Array<ArrayBuffer> }) => void,
    framesPerBatch = 4,
  ) {
    this.batchSamples = framesPerBatch * FRAME_SAMPLES;
  }

  /** Frames posted so far (the next batch's first frame index). */
  get frames(): number {
    return this.frameIndex + Math.floor(this.fill / FRAME_SAMPLES);
  }

  /** Appends samples (copied; the caller keeps `samples`). Ignored after flush(). */
  write(samples: Float32Array): void {
    if (this.ended) return;
    for (let at = 0; at < samples.length; ) {
      const buffer = (this.current ??= this.pool.pop() ?? new Float32Array(this.batchSamples));
      const n = Math.min(this.batchSamples - this.fill, samples.length - at);
      buffer.set(samples.subarray(at, at + n), this.fill);
      let peak = this.peak;
      for (let i = this.fill; i < this.fill + n; i++) {
        const s = buffer[i] as number;
        if (s > peak) peak = s;
        else if (-s > peak) peak = -s;
      }
      this.peak = peak;
      this.fill += n;
      at += n;
      if (this.fill === this.batchSamples) this.emit(false);
    }
  }

  /** A buffer the receiver is done with (or one of the same length). */
  recycle(buffer: Float32Array<ArrayBuffer>): void {
    if (buffer.length === this.batchSamples && this.pool.length < MAX_POOL) this.pool.push(buffer);
  }

  /** Posts what is buffered as the final batch (its last frame padded with silence; maybe no frames at all). */
  flush(): void {
    if (this.ended) return;
    const buffer = (this.current ??= this.pool.pop() ?? new Float32Array(this.batchSamples));
    const padded = Math.ceil(this.fill / FRAME_SAMPLES) * FRAME_SAMPLES;
    buffer.fill(0, this.fill, padded);
    this.fill = padded;
    this.emit(true);
    this.ended = true;
  }

  private emit(final: boolean): void {
    const samples = this.current as Float32Array<ArrayBuffer>;
    const frameCount = this.fill / FRAME_SAMPLES;
    this.post({ type: 'batch', samples, frameCount, firstFrameIndex: this.frameIndex, peak: this.peak, dropped: 0, final });
    this.frameIndex += frameCount;
    this.current = null;
    this.fill = 0;
    this.peak = 0;
  }
}
