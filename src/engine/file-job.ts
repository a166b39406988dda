import { raisePeak } from '../audio/level.ts';
import { SampleBuffer } from '../audio/sample-buffer.ts';
import { formatClock, toMilliseconds } from '../export/timecode.ts';
import { detectSpeechRegions } from '../vad/energy-regions.ts';
import type { ChunkSpeech } from '../vad/frame-scorer.ts';
import { SpeechRegions } from '../vad/speech-regions.ts';
import { shiftSegment, type Segment } from './transcript.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import type { TimeRange } from '../shared/time-range.ts';
import { VAD_FRAME_SAMPLES } from '../vad/silero-vad.ts';
import { planWindows } from './windowing.ts';

const MAX_WINDOW_SECONDS = 30;
const PAD_SECONDS = 0.2;
/** A window that would end this close to the audio decoded so far may still grow: wait for more audio. */
const GROWTH_MARGIN_SECONDS = 0.5;
/** Segments ending this close to a window cut inside speech may be missing words: redo them in the next window. */
const SEAM_SECONDS = 0.5;
/** With no speech in sight, this much of the latest audio is kept: speech starting there reaches back into it. */
const TAIL_SECONDS = 1;
/**
 * Whisper's log-mel features are not level-normalised, so quiet speech (a peak of -40 dBFS) reads to it as
 * near-silence. A window holds speech (speech detection said so), so it is brought up towards this peak, with one
 * gain for the whole window so its dynamics stay as recorded; loud audio is never turned down.
 */
const WINDOW_PEAK_DBFS = -6;
const MAX_WINDOW_GAIN_DB = 40;
/** Whisper's timestamp step: windows start on this grid, so segment times are on it too, as in the file. */
const TIMESTAMP_SECONDS = 0.02;
/**
 * A job resumed part-way into a file has speech detection listen to this much audio before its start: it ends the
 * utterance before (or finds itself inside one cut by the last window) and sets its gain as the first run did.
 */
const RESUME_WARMUP_SECONDS = 1;

/**
 * Where to start decoding to resume a file job at `startSeconds`: RESUME_WARMUP_SECONDS before, on Silero's 32 ms
 * frame grid, so every frame scored is a frame the first run scored, with the same samples in it.
 */
export function decodeStartFor(startSeconds: number): number {
  const frames = Math.floor((Math.max(0, startSeconds - RESUME_WARMUP_SECONDS) * SAMPLE_RATE) / VAD_FRAME_SAMPLES);
  return (frames * VAD_FRAME_SAMPLES) / SAMPLE_RATE;
}

/** 16 kHz mono samples in file order, with what speech detection says about them (see decode-client.ts). */
export interface FileChunk {
  samples: Float32Array;
  speech: ChunkSpeech;
}

/** A window to transcribe, and the speech found inside it (absolute seconds, clipped to the window). */
export type SpeechWindow = TimeRange & { speech: TimeRange[] };

export interface FileJobInput {
  /** The file's chunks in order, e.g. from openInDecodeWorker. */
  chunks: AsyncIterable<FileChunk>;
  /** Transcribes at most 30 s of audio (quiet audio brought up, see WINDOW_PEAK_DBFS); segment times relative to the window. */
  transcribeWindow: (audio: Float32Array, window: SpeechWindow) => Promise<Segment[]>;
  /** Seconds of the file finished (transcribed or skipped as silence). */
  onProgress?: (doneSeconds: number) => void;
  /** Final segments, in order, as soon as they are settled. */
  onSegments?: (segments: Segment[]) => void;
  /** Something the user should know about how the file was read (speech detection fell back to loudness). */
  onNote?: (note: string) => void;
  /** After each transcribed window (after onSegments): the segments it kept, maybe none, and where the next starts. */
  onWindowDone?: (segments: Segment[], nextStartSeconds: number) => void;
  signal?: AbortSignal;
  /**
   * Resuming an earlier run: transcription starts here (seconds into the file, where that run's next window would
   * have started) instead of at 0, and the chunks start at `decodeStartFor(startSeconds)`. Times stay the file's.
   */
  startSeconds?: number;
}

/** Where speech is in the audio held, as far as is known. */
interface SpeechMap {
  /** Regions from `position` on, absolute seconds, in order. */
  regions: TimeRange[];
  /** The region still going on at `until`, whose end is not known yet. */
  open: TimeRange | undefined;
  /** End of the audio the map covers. */
  until: number;
}

/**
 * Transcribes a file of any length holding only about a window of audio: speech regions are found as audio
 * arrives (by Silero's scores, or by loudness where speech detection is unavailable), packed into windows of up
 * to 30 s that start and end in silence, and silence between them is never sent to the model. Where continuous
 * speech forces a cut, only the segments that closed well before the cut are kept and the next window starts
 * where the last of them ended (Whisper's own seek rule), so no word is dropped at a seam and none is transcribed
 * twice.
 */
export async function transcribeFile(input: FileJobInput): Promise<Segment[]> {
  const startSeconds = input.startSeconds ?? 0;
  const decodedFrom = decodeStartFor(startSeconds);
  const buffer = new SampleBuffer(Math.round(decodedFrom * SAMPLE_RATE));
  const all: Segment[] = [];
  // Audio before `position` is only for speech detection to warm up on: no window starts before it.
  let position = Math.round(startSeconds * SAMPLE_RATE);
  /** Silero's regions while its scores arrive; null once they stop, and loudness decides from `position` on. */
  let silero: SpeechRegions | null = new SpeechRegions(decodedFrom);

  const speechMap = (final: boolean): SpeechMap => {
    const from = position / SAMPLE_RATE;
    if (silero) {
      // At the end, the last partial frame (never scored) belongs to the file too.
      const { regions, open } = silero.regionsFrom(from);
      return { regions, open, until: final ? buffer.end / SAMPLE_RATE : silero.scoredSeconds };
    }
    const until = buffer.end / SAMPLE_RATE;
    const regions = detectSpeechRegions(buffer.view(position, buffer.end)).map((r) => ({ start: r.start + from, end: r.end + from }));
    return { regions, open: final ? undefined : regions.find((r) => r.end >= until - 0.05), until };
  };

  const step = async (final: boolean): Promise<boolean> => {
    input.signal?.throwIfAborted();
    const from = position / SAMPLE_RATE;
    const { regions, open, until } = speechMap(final);
    if (regions.length === 0) {
      // Keep a little tail: speech may be starting right at the end of what is known.
      position = Math.max(position, final ? buffer.end : Math.round((until - TAIL_SECONDS) * SAMPLE_RATE));
      return false;
    }
    const window = planWindows(regions, { maxWindowSeconds: MAX_WINDOW_SECONDS, padSeconds: PAD_SECONDS, durationSeconds: until })[0]!;
    // Later, not earlier, onto the grid: the window never grows past 30 s (it loses under 20 ms of padding).
    window.start = Math.max(Math.ceil(window.start / TIMESTAMP_SECONDS - 1e-6) * TIMESTAMP_SECONDS, from);
    // Speech running into the end of what is known may go on in the next chunk: wait to see where it ends,
    // unless it is already too long for a window, in which case the window is cut inside it anyway.
    if (open && open.start < window.end && until - open.start < MAX_WINDOW_SECONDS) return false;
    const full = window.end - window.start >= MAX_WINDOW_SECONDS - GROWTH_MARGIN_SECONDS;
    if (!final && !full && window.end >= until - GROWTH_MARGIN_SECONDS) return false;

    const audio = buffer.copy(Math.round(window.start * SAMPLE_RATE), Math.round(window.end * SAMPLE_RATE));
    raisePeak(audio, WINDOW_PEAK_DBFS, MAX_WINDOW_GAIN_DB);
    const speech = regions
      .filter((r) => r.end > window.start && r.start < window.end)
      .map((r) => ({ start: Math.max(r.start, window.start), end: Math.min(r.end, window.end) }));
    const found = await input.transcribeWindow(audio, { start: window.start, end: window.end, speech });
    let segments = found.map((s) => shiftSegment(s, window.start));
    let next = window.end;
    const cutInSpeech = regions.some((r) => r.start < window.end && (r.end > window.end + 0.05 || r === open));
    if (cutInSpeech) {
      const closed = segments.filter((s) => s.end < window.end - SEAM_SECONDS);
      if (closed.length > 0 && closed.length < segments.length) {
        segments = closed;
        next = closed.at(-1)!.end;
      }
    }
    // Always move forward, even if the model's timestamps point back.
    position = Math.max(Math.round(next * SAMPLE_RATE), Math.round(from * SAMPLE_RATE) + 1);
    all.push(...segments);
    if (segments.length > 0) input.onSegments?.(segments);
    input.onWindowDone?.(segments, position / SAMPLE_RATE);
    return true;
  };

  const drain = async (final: boolean) => {
    while (await step(final)) forget();
    forget();
  };
  const forget = () => {
    buffer.discardBefore(position);
    silero?.discardBefore(position / SAMPLE_RATE);
    input.onProgress?.(position / SAMPLE_RATE);
  };

  for await (const chunk of input.chunks) {
    buffer.append(chunk.samples);
    if (silero && chunk.speech.kind === 'scored') silero.push(chunk.speech.probabilities);
    else if (silero && chunk.speech.kind === 'unavailable') {
      input.onNote?.(fallbackNote(chunk.speech.loaded, silero.scoredSeconds, chunk.speech.reason));
      silero = null;
    }
    await drain(false);
  }
  silero?.finish();
  await drain(true);
  return all;
}

function fallbackNote(loaded: boolean, atSeconds: number, reason: string): string {
  const why = reason.replace(/[.\s]+$/, '');
  return loaded
    ? `Speech detection stopped at ${formatClock(toMilliseconds(atSeconds))} (${why}); after that, silence was found by loudness, so noise may be transcribed.`
    : `Speech detection could not load (${why}); silence was found by loudness, so noise may be transcribed.`;
}
