/**
 * A window onto a long stream of samples: append at the end, drop from the front, read any range in between by
 * absolute sample index. Storage grows by doubling and is compacted in place, so memory follows the span kept,
 * not the length of the stream.
 */
export class SampleBuffer {
  private data = new Float32Array(1 << 16);
  /** Absolute index of data[0]. */
  private origin: number;
  private length = 0;

  /** `start`: the absolute index of the first sample appended (a stream read from part-way in). */
  constructor(start = 0) {
    this.origin = start;
  }

  get start(): number {
    return this.origin;
  }

  get end(): number {
    return this.origin + this.length;
  }

  append(samples: Float32Array): void {
    if (this.length + samples.length > this.data.length) {
      let size = this.data.length;
      while (size < this.length + samples.length) size *= 2;
      const grown = new Float32Array(size);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(samples, this.length);
    this.length += samples.length;
  }

  /** Forgets everything before `index`. */
  discardBefore(index: number): void {
    const drop = Math.min(Math.max(0, index - this.origin), this.length);
    if (drop === 0) return;
    this.data.copyWithin(0, drop, this.length);
    this.origin += drop;
    this.length -= drop;
  }

  /** A view (valid until the next append or discard) of [from, to), clamped to what is held. */
  view(from: number, to: number): Float32Array {
    const a = Math.min(Math.max(from - this.origin, 0), this.length);
    const b = Math.min(Math.max(to - this.origin, a), this.length);
    return this.data.subarray(a, b);
  }

  /** A copy of [from, to) that the caller owns (e.g. to transfer to a worker). */
  copy(from: number, to: number): Float32Array {
    return this.view(from, to).slice();
  }
}
