/**
 * AudioWorklet 'pcm-capture': mono mix → 16 kHz → batches of 512-sample frames, posted (transferred) on a
 * MessagePort handed over in a 'connect' message. Runs on the audio thread, so `process()` never allocates: the
 * filter, the input ring and a fixed pool of batch buffers are made up front, and the receiver sends each buffer
 * (or one of the same size) back to be reused. With the pool empty a whole batch is dropped and counted, never
 * lost silently.
 *
 * The build bundles it (with the filter design it shares with file decoding) into one self-contained module; it
 * exports nothing, and its messages live in pcm-capture.messages.ts. Its global scope (AudioWorkletGlobalScope) is
 * declared in audio-worklet.d.ts, which only tsconfig.worklet.json sees.
 */
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { PCM_CAPTURE_PROCESSOR, type CaptureBatch, type CaptureControl, type CaptureLevel, type CaptureStatus, type PcmCaptureOptions } from './pcm-capture.messages.ts';
import { designSincFilter } from './sinc-filter.ts';

const FRAME_SAMPLES = 512;

/** Only memory the worklet owns can be transferred: a view of shared memory would make postMessage throw. */
const transferable = (samples: Float32Array): samples is Float32Array<ArrayBuffer> => samples.buffer instanceof ArrayBuffer;

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly batchSamples: number;
  private readonly reportLevels: boolean;
  private out: MessagePort | null = null;
  private state: 'waiting' | 'running' | 'stopped' = 'waiting';

  // Resampler: output advances `step` inputs per `phases` outputs; `avail` counts inputs at or after its position.
  private readonly passthrough: boolean;
  private readonly step: number;
  private readonly phases: number;
  private readonly tablePhases: number;
  private readonly taps: number;
  private readonly halfTaps: number;
  private readonly table: Float32Array;
  /** Twice-written ring (sample i at i and i + size) so every filter window is contiguous. */
  private readonly ring: Float32Array;
  private readonly ringMask: number;
  private write = 0;
  private avail = 0;
  private fraction = 0;

  // Batching.
  private readonly pool: (Float32Array<ArrayBuffer> | null)[];
  private poolCount = 0;
  private current: Float32Array<ArrayBuffer> | null = null;
  private fill = 0;
  private frameIndex = 0;
  private batchFirstFrame = 0;
  private dropped = 0;
  private batchPeak = 0;
  private framePeak = 0;
  private readonly batch: CaptureBatch = { type: 'batch', samples: new Float32Array(0), frameCount: 0, firstFrameIndex: 0, peak: 0, dropped: 0, final: false };
  private readonly level: CaptureLevel = { type: 'level', peak: 0 };
  private readonly transferList: Transferable[] = [new ArrayBuffer(0)];

  constructor(options: { processorOptions?: PcmCaptureOptions }) {
    super();
    const opts = options.processorOptions ?? {};
    const framesPerBatch = opts.framesPerBatch ?? 1;
    const poolSize = opts.poolSize ?? 256;
    this.batchSamples = framesPerBatch * FRAME_SAMPLES;
    this.reportLevels = opts.reportLevels ?? false;
    this.pool = new Array<Float32Array<ArrayBuffer> | null>(poolSize).fill(null);
    for (let i = 0; i < poolSize; i++) this.pool[this.poolCount++] = new Float32Array(this.batchSamples);

    const rate = Math.round(sampleRate);
    this.passthrough = rate === SAMPLE_RATE;
    // The same filter as file decoding, so files and the microphone sound alike to Whisper.
    const filter = designSincFilter(rate, SAMPLE_RATE);
    this.step = filter.step;
    this.phases = filter.phases;
    this.tablePhases = filter.tablePhases;
    this.halfTaps = filter.halfTaps;
    this.taps = filter.taps;
    this.table = filter.table;
    let size = 256;
    while (size < 2 * this.taps + 256) size *= 2;
    this.ring = new Float32Array(2 * size);
    this.ringMask = size - 1;

    this.port.onmessage = (event: MessageEvent<CaptureControl>) => this.onControl(event.data);
  }

  private onControl(message: CaptureControl): void {
    if (message.type === 'connect') {
      this.out = message.port;
      this.out.onmessage = (event: MessageEvent<unknown>) => this.recycle(event.data);
      if (this.state === 'waiting') this.state = 'running';
    } else if (message.type === 'flush') {
      this.flush();
    }
  }

  private recycle(data: unknown): void {
    if (data instanceof Float32Array && transferable(data) && data.length === this.batchSamples && this.poolCount < this.pool.length) {
      this.pool[this.poolCount++] = data;
    }
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.state !== 'running') return this.state === 'waiting';
    const input = inputs[0];
    // No channels: the source is gone (track ended); keep the node alive until it is flushed.
    if (input === undefined || input.length === 0) return true;
    const channels = input.length;
    const length = (input[0] as Float32Array).length;
    const scale = 1 / channels;
    for (let i = 0; i < length; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += (input[c] as Float32Array)[i] as number;
      const sample = sum * scale;
      const magnitude = sample < 0 ? -sample : sample;
      if (magnitude > this.framePeak) this.framePeak = magnitude;
      if (this.passthrough) this.emit(sample);
      else this.resample(sample);
    }
    return true;
  }

  private resample(sample: number): void {
    const ring = this.ring;
    ring[this.write] = sample;
    ring[this.write + this.ringMask + 1] = sample;
    this.write = (this.write + 1) & this.ringMask;
    this.avail++;
    const { table, taps, halfTaps, step, phases, tablePhases } = this;
    // The output at the current position needs inputs up to position + halfTaps.
    while (this.avail > halfTaps) {
      const row = tablePhases === phases ? this.fraction : Math.round((this.fraction * tablePhases) / phases);
      const base = row * taps;
      const first = (this.write - this.avail - halfTaps + 1) & this.ringMask;
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += (table[base + j] as number) * (ring[first + j] as number);
      this.emit(acc);
      this.fraction += step;
      while (this.fraction >= phases) {
        this.fraction -= phases;
        this.avail--;
      }
    }
  }

  private emit(sample: number): void {
    if (this.fill === 0) this.startBatch();
    if (this.current !== null) this.current[this.fill] = sample;
    this.fill++;
    if (this.fill % FRAME_SAMPLES === 0) this.endFrame();
    if (this.fill === this.batchSamples) this.endBatch(false);
  }

  private startBatch(): void {
    this.batchFirstFrame = this.frameIndex;
    this.current = this.poolCount > 0 ? this.pool[--this.poolCount] ?? null : null;
  }

  private endFrame(): void {
    this.frameIndex++;
    if (this.framePeak > this.batchPeak) this.batchPeak = this.framePeak;
    if (this.reportLevels) {
      this.level.peak = this.framePeak;
      this.port.postMessage(this.level);
    }
    this.framePeak = 0;
  }

  /** Posts the batch (or counts it as dropped when no buffer was free) and starts over. */
  private endBatch(final: boolean): void {
    const frameCount = Math.ceil(this.fill / FRAME_SAMPLES);
    const buffer = this.current ?? (final ? new Float32Array(0) : null);
    if (this.current === null) this.dropped += frameCount;
    if (buffer !== null && this.out !== null) {
      const batch = this.batch;
      batch.samples = buffer;
      batch.frameCount = this.current === null ? 0 : frameCount;
      // An empty final batch after dropped frames starts where they end, so the indices still add up.
      batch.firstFrameIndex = this.current === null ? this.frameIndex : this.batchFirstFrame;
      batch.peak = this.batchPeak;
      batch.dropped = this.dropped;
      batch.final = final;
      this.transferList[0] = buffer.buffer;
      this.out.postMessage(batch, this.transferList);
    }
    this.current = null;
    this.fill = 0;
    this.batchPeak = 0;
  }

  /** Sends what is buffered (the last frame padded with silence) as the final batch, then stops. */
  private flush(): void {
    if (this.state === 'stopped') return;
    if (this.fill === 0) this.startBatch();
    const padded = Math.ceil(this.fill / FRAME_SAMPLES) * FRAME_SAMPLES;
    this.current?.fill(0, this.fill, padded);
    if (this.fill % FRAME_SAMPLES !== 0) {
      this.fill = padded;
      this.endFrame();
    }
    this.endBatch(true);
    this.state = 'stopped';
    this.port.postMessage({ type: 'flushed', dropped: this.dropped } satisfies CaptureStatus);
  }
}

registerProcessor(PCM_CAPTURE_PROCESSOR, PcmCaptureProcessor);
