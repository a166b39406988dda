/**
 * Speech regions of a file from Silero's scores as they stream in, by the rules the live path uses (the same
 * segmenter and thresholds: pre-roll, end padding, minimum speech, redemption), without the live path's 30 s cut:
 * the file job packs and cuts long regions into windows itself.
 */
import type { TimeRange } from '../shared/time-range.ts';
import { DEFAULT_SEGMENTER_OPTIONS, SpeechSegmenter, type SegmenterEvent } from './speech-segmenter.ts';

export interface RegionsSoFar {
  /** Regions that reach past `from`, in order, clipped to start there; the open one last, if any. */
  regions: TimeRange[];
  /** Speech still going on at the end of the scores so far: it ends at `scoredSeconds` for now. */
  open: TimeRange | undefined;
}

/**
 * Keeps only what the job has not moved past: ended regions are dropped by `discardBefore`, so memory follows the
 * speech of about one window, not the file.
 */
export class SpeechRegions {
  private readonly segmenter = new SpeechSegmenter({ ...DEFAULT_SEGMENTER_OPTIONS, maxUtteranceMs: Number.POSITIVE_INFINITY });
  private readonly rate = DEFAULT_SEGMENTER_OPTIONS.sampleRate;
  private readonly ended: TimeRange[] = [];
  private openStart: number | null = null;
  private frames = 0;
  private finished = false;

  /** Where frame 0 starts in the file, as a sample index: times count in samples, so they come out as a full read's. */
  private readonly origin: number;

  /** `originSeconds`: where frame 0 starts in the file (a file read from part-way in). */
  constructor(originSeconds = 0) {
    this.origin = Math.round(originSeconds * this.rate);
  }

  /** Seconds of the file scored so far (whole frames from the origin). */
  get scoredSeconds(): number {
    return (this.origin + this.frames * DEFAULT_SEGMENTER_OPTIONS.frameSamples) / this.rate;
  }

  /** The next frames' probabilities, in order from frame 0. */
  push(probabilities: Float32Array): void {
    if (this.finished) throw new Error('SpeechRegions.push: called after finish().');
    for (const p of probabilities) for (const event of this.segmenter.process(p)) this.apply(event);
    this.frames += probabilities.length;
  }

  /** End of the file: speech still going on ends at the last frame scored (or is dropped as too short). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const event of this.segmenter.flush()) this.apply(event);
  }

  regionsFrom(from: number): RegionsSoFar {
    const regions = this.ended.filter((r) => r.end > from).map((r) => ({ start: Math.max(r.start, from), end: r.end }));
    const until = this.scoredSeconds;
    const open = this.openStart !== null && until > from ? { start: Math.max(this.openStart, from), end: until } : undefined;
    if (open) regions.push(open);
    return { regions, open };
  }

  /** Forgets regions that end at or before `seconds`. */
  discardBefore(seconds: number): void {
    let drop = 0;
    while (drop < this.ended.length && this.ended[drop]!.end <= seconds) drop++;
    this.ended.splice(0, drop);
  }

  private apply(event: SegmenterEvent): void {
    if (event.type === 'speech-start') this.openStart = (this.origin + event.startSample) / this.rate;
    else if (event.type === 'misfire') this.openStart = null;
    else if (event.type === 'speech-end') {
      this.ended.push({ start: (this.origin + event.startSample) / this.rate, end: (this.origin + event.endSample) / this.rate });
      this.openStart = null;
    }
  }
}
