/**
 * Live utterances from Silero VAD speech probabilities, one per frame. The model and the audio live elsewhere: this
 * only decides where speech starts and ends, in absolute sample indices (frame index × frameSamples), so the same core
 * drives the microphone and tests without a clock.
 */
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

export interface SegmenterOptions {
  /** Samples per VAD frame: 512 at 16 kHz for Silero v5. */
  frameSamples: number;
  sampleRate: number;
  /** A frame at or above this starts speech. */
  positiveSpeechThreshold: number;
  /** Once speaking, only frames below this count as silence; frames between the two thresholds keep speech going. */
  negativeSpeechThreshold: number;
  /** Consecutive silence that ends speech; short pauses between words stay inside the utterance. */
  redemptionMs: number;
  /**
   * Silence after which speech has probably ended, so the final's transcription starts long before redemptionMs
   * confirms the end. Rounded up to whole frames. It adds to every final's latency, and a pause that turns out to be
   * a gap between words only costs a pass that then serves as a partial: two frames (64 ms), which on Silero's
   * scores pauses at 1.3 such gaps per sentence of the bench's speech against 0.4 at four frames.
   */
  pauseMs: number;
  /** Audio kept before the first speech frame so the onset of the first word is not clipped. */
  preSpeechPadMs: number;
  /** Speech (first to last speech frame) shorter than this is a click or a cough: a misfire. */
  minSpeechMs: number;
  /** Whisper takes 30 s at a time; longer speech is cut here into back-to-back utterances. */
  maxUtteranceMs: number;
}

export const DEFAULT_SEGMENTER_OPTIONS: Readonly<SegmenterOptions> = Object.freeze({
  frameSamples: 512,
  sampleRate: SAMPLE_RATE,
  positiveSpeechThreshold: 0.5,
  negativeSpeechThreshold: 0.35,
  redemptionMs: 600,
  pauseMs: 64,
  preSpeechPadMs: 300,
  minSpeechMs: 250,
  maxUtteranceMs: 30000,
});

export type SegmenterEvent =
  /**
   * `startSample` includes the pre-roll, clamped to the stream start and the previous utterance's end; `onsetSample`
   * is where the first speech frame starts (the same sample after a forced cut).
   */
  | { type: 'speech-start'; utteranceId: number; startSample: number; onsetSample: number }
  /** Every frame while speaking (the start frame included): audio of the utterance now reaches `endSample`. */
  | { type: 'speech-continue'; utteranceId: number; endSample: number }
  /** pauseMs of silence: all the speech so far ends at `voicedEndSample`, unless a `speech-resume` follows. */
  | { type: 'speech-pause'; utteranceId: number; voicedEndSample: number }
  /** Speech again after a `speech-pause`, before redemptionMs ended the utterance. */
  | { type: 'speech-resume'; utteranceId: number }
  /** `forced` when cut at maxUtteranceMs; a forced end is followed by a speech-start at the same sample if speech goes on. */
  | { type: 'speech-end'; utteranceId: number; startSample: number; endSample: number; forced: boolean }
  /** The utterance was too short to be speech: whatever was shown for it must go, and its audio gives no text. */
  | { type: 'misfire'; utteranceId: number };

interface Utterance {
  id: number;
  startSample: number;
  /** Start of the first speech frame, without pre-roll: what minSpeechMs is measured from. */
  onsetSample: number;
  /** End of the last frame at or above the negative threshold. */
  voicedEndSample: number;
  silentFrames: number;
  /** Began at a forced cut: it continues real speech, so it is never a misfire however short its tail. */
  continued: boolean;
}

const toSamples = (ms: number, rate: number): number => Math.round((ms * rate) / 1000);

/** One call to `process` per frame, frames consecutive from sample 0; `flush` at the end of the stream. */
export class SpeechSegmenter {
  private readonly opts: SegmenterOptions;
  private readonly preRollSamples: number;
  /** Half the pre-roll after the last speech frame: trailing consonants are quiet and Silero often scores them low. */
  private readonly endPadSamples: number;
  private readonly redemptionFrames: number;
  private readonly pauseFrames: number;
  private readonly minSpeechSamples: number;
  private readonly maxUtteranceSamples: number;
  private frame = 0;
  private nextId = 1;
  /** Where the last utterance ended: the next pre-roll never reaches back over audio already given to it. */
  private floorSample = 0;
  private current: Utterance | null = null;

  constructor(opts: Partial<SegmenterOptions> = {}) {
    const o: SegmenterOptions = { ...DEFAULT_SEGMENTER_OPTIONS, ...opts };
    if (!(Number.isInteger(o.frameSamples) && o.frameSamples > 0)) throw new RangeError(`frameSamples must be a positive integer, got ${o.frameSamples}`);
    if (!(o.sampleRate > 0)) throw new RangeError(`sampleRate must be positive, got ${o.sampleRate}`);
    if (!(o.negativeSpeechThreshold <= o.positiveSpeechThreshold)) {
      throw new RangeError(`negativeSpeechThreshold (${o.negativeSpeechThreshold}) must not exceed positiveSpeechThreshold (${o.positiveSpeechThreshold})`);
    }
    this.opts = o;
    this.preRollSamples = Math.max(0, toSamples(o.preSpeechPadMs, o.sampleRate));
    this.endPadSamples = Math.round(this.preRollSamples / 2);
    // At least redemptionMs of silence, and at least one frame so a single quiet frame can end speech when asked to.
    this.redemptionFrames = Math.max(1, Math.ceil(toSamples(o.redemptionMs, o.sampleRate) / o.frameSamples));
    this.pauseFrames = Math.max(1, Math.ceil(toSamples(o.pauseMs, o.sampleRate) / o.frameSamples));
    this.minSpeechSamples = toSamples(o.minSpeechMs, o.sampleRate);
    this.maxUtteranceSamples = toSamples(o.maxUtteranceMs, o.sampleRate);
  }

  process(probability: number): SegmenterEvent[] {
    const size = this.opts.frameSamples;
    const frameStart = this.frame * size;
    const frameEnd = frameStart + size;
    this.frame++;
    const events: SegmenterEvent[] = [];
    let u = this.current;

    if (!u) {
      // Written negated so a NaN probability never starts speech.
      if (!(probability >= this.opts.positiveSpeechThreshold)) return events;
      u = {
        id: this.nextId++,
        startSample: Math.max(0, this.floorSample, frameStart - this.preRollSamples),
        onsetSample: frameStart,
        voicedEndSample: frameEnd,
        silentFrames: 0,
        continued: false,
      };
      this.current = u;
      events.push({ type: 'speech-start', utteranceId: u.id, startSample: u.startSample, onsetSample: u.onsetSample });
    } else if (probability >= this.opts.negativeSpeechThreshold) {
      if (u.silentFrames >= this.pauseFrames) events.push({ type: 'speech-resume', utteranceId: u.id });
      u.voicedEndSample = frameEnd;
      u.silentFrames = 0;
    } else if (++u.silentFrames >= this.redemptionFrames) {
      events.push(this.finish(u, frameEnd));
      return events;
    } else if (u.silentFrames === this.pauseFrames) {
      events.push({ type: 'speech-pause', utteranceId: u.id, voicedEndSample: u.voicedEndSample });
    }
    events.push({ type: 'speech-continue', utteranceId: u.id, endSample: frameEnd });

    // Cut before the next frame would take the utterance past the limit, so no utterance is longer than Whisper's window.
    if (frameEnd - u.startSample + size > this.maxUtteranceSamples) {
      events.push({ type: 'speech-end', utteranceId: u.id, startSample: u.startSample, endSample: frameEnd, forced: true });
      this.floorSample = frameEnd;
      this.current = null;
      if (u.silentFrames === 0) {
        // Speech goes on: the next utterance starts exactly here, without pre-roll, so no sample is given twice or lost.
        const next: Utterance = { id: this.nextId++, startSample: frameEnd, onsetSample: frameEnd, voicedEndSample: frameEnd, silentFrames: 0, continued: true };
        this.current = next;
        events.push({ type: 'speech-start', utteranceId: next.id, startSample: next.startSample, onsetSample: next.onsetSample });
      }
    }
    return events;
  }

  /** End of stream: the utterance in progress ends at the last frame given (or is a misfire if too short). */
  flush(): SegmenterEvent[] {
    const u = this.current;
    return u ? [this.finish(u, this.frame * this.opts.frameSamples)] : [];
  }

  /** A new stream: sample indices and utterance ids start again from 0 and 1. */
  reset(): void {
    this.frame = 0;
    this.nextId = 1;
    this.floorSample = 0;
    this.current = null;
  }

  private finish(u: Utterance, availableEnd: number): SegmenterEvent {
    this.current = null;
    if (!u.continued && u.voicedEndSample - u.onsetSample < this.minSpeechSamples) return { type: 'misfire', utteranceId: u.id };
    const endSample = Math.min(availableEnd, u.voicedEndSample + this.endPadSamples);
    this.floorSample = endSample;
    return { type: 'speech-end', utteranceId: u.id, startSample: u.startSample, endSample, forced: false };
  }
}
