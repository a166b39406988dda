/**
 * Streaming downmix + resampler (any rate → 16 kHz mono by default). Pure: no DOM, no Web Audio.
 *
 * Polyphase windowed-sinc (Kaiser). The low-pass sits just under the output Nyquist so 44.1/48 kHz speech does
 * not alias when decimated; the settings keep ≥45 dB rejection at the output Nyquist and ≥100 dB a few hundred Hz
 * above it, while 0–6 kHz (where speech lives) stays flat.
 *
 * Output sample k is aligned with input time k / outputRate (no group delay), so timestamps computed from
 * output sample counts match the source. Input before the start and after flush() is treated as silence.
 */
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { designSincFilter } from './sinc-filter.ts';

export class ResamplerConfigError extends Error {
  override name = 'ResamplerConfigError';
}

export class StreamResampler {
  readonly inputRate: number;
  readonly outputRate: number;

  private readonly passthrough: boolean;
  /** Output advances `step` input samples per `phases` outputs: step/phases = inputRate/outputRate, reduced. */
  private readonly step: number;
  private readonly phases: number;
  private readonly tablePhases: number;
  private readonly taps: number;
  private readonly halfTaps: number;
  /** (tablePhases + 1) rows of `taps` coefficients; row q filters at fractional offset q / tablePhases. */
  private readonly table: Float32Array;

  /** Mono input history; history[0] is absolute input index `historyStart`. */
  private history = new Float32Array(4096);
  private historyStart = 0;
  private historyLength = 0;
  /** Integer part of the next output's input position, and its fraction numerator over `phases`. */
  private position = 0;
  private fraction = 0;
  private inputCount = 0;
  private outputCount = 0;

  private out = new Float32Array(4096);

  constructor(inputRate: number, outputRate = SAMPLE_RATE) {
    for (const [label, rate] of [['inputRate', inputRate], ['outputRate', outputRate]] as const) {
      if (!Number.isInteger(rate) || rate <= 0) {
        throw new ResamplerConfigError(`StreamResampler: ${label} must be a positive integer (got ${rate}).`);
      }
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.passthrough = inputRate === outputRate;
    const filter = designSincFilter(inputRate, outputRate);
    this.step = filter.step;
    this.phases = filter.phases;
    this.tablePhases = filter.tablePhases;
    this.halfTaps = filter.halfTaps;
    this.taps = filter.taps;
    this.table = filter.table;
    this.reset();
  }

  /** Feeds the next block. Returns a view over this resampler's buffer, valid until the next push()/flush(). */
  push(planarChannels: readonly Float32Array[]): Float32Array {
    const frames = this.appendDownmix(planarChannels);
    if (this.passthrough) {
      this.historyLength = 0;
      return this.history.subarray(0, frames);
    }
    return this.emit(this.historyStart + this.historyLength);
  }

  /**
   * Ends the stream: emits the remaining output so the total is ceil(inputLength × ratio), then resets, so the
   * same instance can start a new stream.
   */
  flush(): Float32Array {
    if (this.passthrough) {
      this.reset();
      return this.out.subarray(0, 0);
    }
    const total = Math.ceil((this.inputCount * this.phases) / this.step);
    const remaining = total - this.outputCount;
    // Enough trailing silence for the last output's right-hand taps.
    const needed = this.position + Math.ceil((remaining * this.step) / this.phases) + this.halfTaps + 1;
    const end = this.historyStart + this.historyLength;
    if (needed > end) {
      this.ensureHistory(this.historyLength + (needed - end));
      this.history.fill(0, this.historyLength, this.historyLength + (needed - end));
      this.historyLength += needed - end;
    }
    const result = this.emit(this.historyStart + this.historyLength, remaining);
    this.reset();
    return result;
  }

  private reset(): void {
    this.inputCount = 0;
    this.outputCount = 0;
    this.position = 0;
    this.fraction = 0;
    // Pre-roll of silence so the first outputs see zeros to their left.
    const preroll = Math.max(0, this.halfTaps - 1);
    this.history.fill(0, 0, preroll);
    this.historyStart = -preroll;
    this.historyLength = preroll;
  }

  /** Averages the channels onto the end of `history`; returns the frame count. */
  private appendDownmix(planarChannels: readonly Float32Array[]): number {
    const channels = planarChannels.length;
    const first = planarChannels[0];
    if (first === undefined) {
      throw new ResamplerConfigError('StreamResampler.push: needs at least one channel.');
    }
    const frames = first.length;
    for (const channel of planarChannels) {
      if (channel.length !== frames) {
        throw new ResamplerConfigError(
          `StreamResampler.push: channels differ in length (${frames} vs ${channel.length} frames).`,
        );
      }
    }
    this.ensureHistory(this.historyLength + frames);
    const dest = this.history.subarray(this.historyLength, this.historyLength + frames);
    dest.set(first);
    if (channels > 1) {
      for (let c = 1; c < channels; c++) {
        const src = planarChannels[c] as Float32Array;
        for (let i = 0; i < frames; i++) dest[i] = (dest[i] as number) + (src[i] as number);
      }
      const scale = 1 / channels;
      for (let i = 0; i < frames; i++) dest[i] = (dest[i] as number) * scale;
    }
    this.historyLength += frames;
    this.inputCount += frames;
    return frames;
  }

  /** Computes every output whose taps lie inside history (up to `limit` outputs), then drops consumed input. */
  private emit(end: number, limit = Infinity): Float32Array {
    const { table, taps, halfTaps, step, phases, tablePhases, history } = this;
    const exactPhases = tablePhases === phases;
    // Output k may run while its last tap, position_k + halfTaps, is still below `end`.
    const available = Math.ceil(((end - halfTaps - this.position) * phases - this.fraction) / step);
    const count = Math.max(0, Math.min(limit, available));
    this.ensureOut(count);
    const out = this.out;
    let position = this.position;
    let fraction = this.fraction;
    for (let k = 0; k < count; k++) {
      const row = exactPhases ? fraction : Math.round((fraction * tablePhases) / phases);
      const base = row * taps;
      const first = position - halfTaps + 1 - this.historyStart;
      // Four independent sums let the JIT overlap the multiplies; taps is a multiple of 4.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let j = 0; j < taps; j += 4) {
        a0 += (table[base + j] as number) * (history[first + j] as number);
        a1 += (table[base + j + 1] as number) * (history[first + j + 1] as number);
        a2 += (table[base + j + 2] as number) * (history[first + j + 2] as number);
        a3 += (table[base + j + 3] as number) * (history[first + j + 3] as number);
      }
      out[k] = a0 + a1 + a2 + a3;
      fraction += step;
      while (fraction >= phases) {
        fraction -= phases;
        position++;
      }
    }
    this.position = position;
    this.fraction = fraction;
    this.outputCount += count;

    // Keep only what the next output's left-hand taps still need.
    const keepFrom = Math.min(position - halfTaps + 1, end) - this.historyStart;
    if (keepFrom > 0) {
      history.copyWithin(0, keepFrom, this.historyLength);
      this.historyLength -= keepFrom;
      this.historyStart += keepFrom;
    }
    return out.subarray(0, count);
  }

  private ensureHistory(length: number): void {
    if (length <= this.history.length) return;
    const grown = new Float32Array(growTo(this.history.length, length));
    grown.set(this.history.subarray(0, this.historyLength));
    this.history = grown;
  }

  private ensureOut(length: number): void {
    if (length > this.out.length) this.out = new Float32Array(growTo(this.out.length, length));
  }
}

function growTo(current: number, needed: number): number {
  let size = Math.max(current, 1);
  while (size < needed) size *= 2;
  return size;
}
