/**
 * Speech probabilities for a file as it decodes: chunks of any length go in, one Silero score per 512-sample frame
 * comes out, frames counted from the file's sample 0 with the model's state carried across chunks.
 */
import { dbfsToGain } from '../audio/level.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { VAD_FRAME_SAMPLES } from './silero-vad.ts';

/** What the scorer needs of a model: `SileroVad`, or a fake in tests. Frames are passed one at a time, in order. */
export interface FrameModel {
  process(frame: Float32Array): Promise<number>;
}

/** What speech detection says about one decoded chunk: Silero's scores, or why there are none. */
export type ChunkSpeech =
  /** One probability per frame that ends inside the chunk (frames of the file, so a frame may start in the chunk before). */
  | { kind: 'scored'; probabilities: Float32Array }
  /** Silero could not load (`loaded` false) or failed at this chunk; every later chunk is unavailable too. */
  | { kind: 'unavailable'; loaded: boolean; reason: string };

/**
 * Silero v5 scores speech lower the quieter it is: on real recordings scaled to a peak of -40 dBFS it missed parts
 * of utterances of the LJ Speech recording (real-speech.test.ts) and a whole sentence of en_jfk.wav, and at
 * -50 dBFS it found no speech at all, while the same audio at a normal level scored as at full scale. So the model
 * hears a copy brought up towards this peak. A loud frame lowers the gain at once (no frame is ever clipped), quiet
 * lets it rise slowly (RELEASE_DB_PER_SECOND), and it never goes below 1 (loud audio is heard as it is, so loud
 * non-speech is judged as before) or above MAX_GAIN_DB (so hiss stays hiss: white noise brought up this way scored
 * below 0.35 at every level tried).
 */
const TARGET_PEAK = dbfsToGain(-6);
const MAX_GAIN_DB = 30;
const RELEASE_DB_PER_SECOND = 3;
const MAX_GAIN = dbfsToGain(MAX_GAIN_DB);
const RELEASE_PER_FRAME = dbfsToGain(-RELEASE_DB_PER_SECOND / (SAMPLE_RATE / VAD_FRAME_SAMPLES));

/**
 * Feeds a model the frames of a stream cut into chunks anywhere: the samples of a frame that straddles two chunks
 * wait for the second, so its score comes with that chunk. The file's last partial frame (under 32 ms) is never
 * scored. Allocates only the returned probabilities.
 */
export class FrameScorer {
  private readonly frame = new Float32Array(VAD_FRAME_SAMPLES);
  private filled = 0;
  /** The level the gain aims from: the loudest recent frame peak, decaying by RELEASE_PER_FRAME. */
  private level = 0;

  constructor(private readonly model: FrameModel) {}

  /** Scores every frame that `samples` (the next samples of the stream) completes. */
  async score(samples: Float32Array): Promise<Float32Array> {
    const probabilities = new Float32Array(Math.floor((this.filled + samples.length) / VAD_FRAME_SAMPLES));
    let at = 0;
    for (let f = 0; f < probabilities.length; f++) {
      const take = VAD_FRAME_SAMPLES - this.filled;
      this.frame.set(samples.subarray(at, at + take), this.filled);
      at += take;
      this.filled = 0;
      this.normaliseFrame();
      probabilities[f] = await this.model.process(this.frame);
    }
    this.frame.set(samples.subarray(at), this.filled);
    this.filled += samples.length - at;
    return probabilities;
  }

  private normaliseFrame(): void {
    let peak = 0;
    for (let i = 0; i < VAD_FRAME_SAMPLES; i++) peak = Math.max(peak, Math.abs(this.frame[i]!));
    this.level = Math.max(peak, this.level * RELEASE_PER_FRAME);
    const gain = Math.min(MAX_GAIN, Math.max(1, TARGET_PEAK / this.level));
    if (gain === 1) return;
    for (let i = 0; i < VAD_FRAME_SAMPLES; i++) this.frame[i]! *= gain;
  }
}
