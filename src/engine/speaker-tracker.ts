import { SpeakerClusters } from './speaker-clustering.ts';
import { labelSegments, speakerTurns } from './speaker-labels.ts';
import type { HeardVoice } from './speaker-protocol.ts';
import type { Segment } from './transcript.ts';

/** Finds the voices in audio (the speaker worker's `analyse`); may take the array's buffer. */
export type AnalyseVoices = (audio: Float32Array) => Promise<HeardVoice[]>;

/**
 * Speaker labels for one transcript, window by window: a window's voices are found (in the speaker worker) while
 * Whisper reads the same window, then assigned to speakers and put on the window's segments. Labels are final when
 * given, so they are shown and saved with the segments. Call `label` once per window, in order.
 *
 * A failure of the speaker worker costs the labels from then on, never the transcript: `onProblem` says so once.
 */
export class SpeakerTracker {
  private readonly clusters = new SpeakerClusters();
  private failed = false;

  constructor(
    private readonly analyse: AnalyseVoices,
    private readonly onProblem: (message: string) => void,
  ) {}

  /** Starts finding the voices of a window; `audio` is copied, so the caller may hand its own on to Whisper. */
  listen(audio: Float32Array): Promise<HeardVoice[]> {
    if (this.failed) return Promise.resolve([]);
    return this.analyse(audio.slice()).catch((error: unknown) => {
      if (!this.failed) {
        this.failed = true;
        const why = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
        this.onProblem(`Speaker labels stopped (${why}); the rest of the transcript has none.`);
      }
      return [];
    });
  }

  /** The window's segments with the speakers of the voices `listen` found in it (both on the window's clock). */
  label(segments: readonly Segment[], voices: readonly HeardVoice[]): Segment[] {
    return labelSegments(segments, speakerTurns(voices, this.clusters));
  }
}
