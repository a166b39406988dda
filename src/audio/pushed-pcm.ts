import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import type { AudioCapture, CaptureEvents } from './audio-capture.ts';
import { BatchFramer } from './batch-framer.ts';
import type { CaptureBatch } from './pcm-capture.messages.ts';
import { StreamResampler } from './resampler.ts';

export class PushedPcmError extends Error {
  override name = 'PushedPcmError';
}

/**
 * PCM the page pushes, at any sample rate, as a capture: mixed to mono and resampled with the same filter as files
 * and the worklet (StreamResampler), then framed like the worklet's batches (BatchFramer). Pushes are consumed at
 * once (the caller may reuse its arrays); batches made before start() wait, in order, until the path behind is
 * ready, so nothing pushed while the model loads is lost.
 */
export class PushedPcm implements AudioCapture {
  private readonly framer = new BatchFramer((batch) => this.send(batch));
  private resampler: StreamResampler | null = null;
  private port: MessagePort | null = null;
  private waiting: (CaptureBatch & { samples: Float32Array<ArrayBuffer> })[] = [];
  private events: CaptureEvents = {};
  private ended = false;

  /**
   * Appends `samples` (mono, or planar channels of equal length) recorded at `sampleRate` Hz. A new rate starts a
   * new resampler after the old one's tail. Ignored once stopped.
   */
  pushPcm(samples: Float32Array | readonly Float32Array[], sampleRate: number): void {
    if (this.ended) return;
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new PushedPcmError(`pushPcm: sampleRate must be a positive number of Hz (got ${sampleRate}).`);
    const rate = Math.round(sampleRate);
    const channels = samples instanceof Float32Array ? [samples] : samples;
    if (channels.length === 0) throw new PushedPcmError('pushPcm: needs at least one channel.');
    if (this.resampler?.inputRate !== rate) {
      if (this.resampler) this.framer.write(this.resampler.flush());
      this.resampler = new StreamResampler(rate, SAMPLE_RATE);
    }
    this.framer.write(this.resampler.push(channels));
  }

  async start(port: MessagePort, events: CaptureEvents): Promise<void> {
    this.events = events;
    this.port = port;
    // The VAD worker gives each batch's buffer back (or a fresh one of the same size) for the pool.
    port.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (data instanceof Float32Array && data.buffer instanceof ArrayBuffer) this.framer.recycle(data as Float32Array<ArrayBuffer>);
    };
    for (const batch of this.waiting.splice(0)) this.send(batch);
  }

  /** The end of the pushed audio: the resampler's tail and the last frames go out as the final batch. */
  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.resampler) this.framer.write(this.resampler.flush());
    this.framer.flush();
    // Not closed: the final batch may still be on its way; the VAD worker lets go of the port at the next capture.
    if (this.port) this.port.onmessage = null;
  }

  private send(batch: CaptureBatch & { samples: Float32Array<ArrayBuffer> }): void {
    if (!this.port) {
      this.waiting.push(batch);
      return;
    }
    this.port.postMessage(batch, [batch.samples.buffer]);
    this.events.onLevel?.(batch.peak);
  }
}
