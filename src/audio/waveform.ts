import { ENVELOPE_SCALE, type Envelope } from './envelope.ts';

/** Per-column extremes for drawing, −1…1; NaN where no audio is known yet. */
export interface WaveformColumns {
  min: Float32Array;
  max: Float32Array;
}

/**
 * A recording's waveform overview as it arrives: a file's envelope chunk by chunk (decode worker), or the
 * microphone's level point by point. Points sit on a fixed grid of `pointsPerSecond`, in buffers that grow by
 * doubling, so a 2-hour file costs its envelope (1.4 MB) and nothing per draw but the columns asked for.
 * `version` changes with every write, for views that redraw on change.
 */
export class Waveform {
  version = 0;
  private min = new Int8Array(0);
  private max = new Int8Array(0);
  private known = 0;

  constructor(readonly pointsPerSecond: number) {
    if (!(pointsPerSecond > 0)) throw new RangeError(`Waveform: pointsPerSecond must be positive (got ${pointsPerSecond}).`);
  }

  /** Points known so far, from the start. */
  get length(): number {
    return this.known;
  }

  get durationSeconds(): number {
    return this.known / this.pointsPerSecond;
  }

  /** Writes a chunk's envelope at its place (a chunk that comes again, as when a file is read once more, overwrites). */
  set(startSeconds: number, envelope: Envelope): void {
    const at = Math.max(0, Math.round(startSeconds * this.pointsPerSecond));
    const end = at + envelope.min.length;
    this.reserve(end);
    this.min.set(envelope.min, at);
    this.max.set(envelope.max, at);
    this.known = Math.max(this.known, end);
    this.version++;
  }

  /** Appends one point, its extremes in −1…1 (a level meter's peak p is −p…p). */
  push(min: number, max: number): void {
    this.reserve(this.known + 1);
    this.min[this.known] = Math.round(clamp(min) * ENVELOPE_SCALE);
    this.max[this.known] = Math.round(clamp(max) * ENVELOPE_SCALE);
    this.known++;
    this.version++;
  }

  /**
   * Splits [fromSeconds, toSeconds) into `count` equal columns and gives each the lowest and highest point inside
   * it (or, where a column is narrower than a point, the point under it).
   */
  columns(fromSeconds: number, toSeconds: number, count: number): WaveformColumns {
    const min = new Float32Array(count).fill(Number.NaN);
    const max = new Float32Array(count).fill(Number.NaN);
    const span = toSeconds - fromSeconds;
    if (!(span > 0) || count <= 0) return { min, max };
    const pointsPerColumn = (span * this.pointsPerSecond) / count;
    const first = fromSeconds * this.pointsPerSecond;
    for (let c = 0; c < count; c++) {
      const a = Math.max(0, Math.floor(first + c * pointsPerColumn));
      const b = Math.min(this.known, Math.max(a + 1, Math.floor(first + (c + 1) * pointsPerColumn)));
      if (a >= b) continue;
      let lo = ENVELOPE_SCALE;
      let hi = -ENVELOPE_SCALE;
      for (let p = a; p < b; p++) {
        if (this.min[p]! < lo) lo = this.min[p]!;
        if (this.max[p]! > hi) hi = this.max[p]!;
      }
      min[c] = lo / ENVELOPE_SCALE;
      max[c] = hi / ENVELOPE_SCALE;
    }
    return { min, max };
  }

  private reserve(points: number): void {
    if (points <= this.min.length) return;
    let size = Math.max(1024, this.min.length);
    while (size < points) size *= 2;
    const min = new Int8Array(size);
    const max = new Int8Array(size);
    min.set(this.min.subarray(0, this.known));
    max.set(this.max.subarray(0, this.known));
    this.min = min;
    this.max = max;
  }
}

const clamp = (v: number): number => (Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0);
