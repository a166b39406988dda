import { SampleBuffer } from '../audio/sample-buffer.ts';
import { detectSpeechRegions } from '../vad/energy-regions.ts';
import type { Segment } from './transcript.ts';
import { planWindows, type TimeRange } from './windowing.ts';

const RATE = 16000;
const MAX_WINDOW_SECONDS = 30;
const PAD_SECONDS = 0.2;
/** A window that would end this close to the audio decoded so far may still grow: wait for more audio. */
const GROWTH_MARGIN_SECONDS = 0.5;
/** Segments ending this close to a window cut inside speech may be missing words: redo them in the next window. */
const SEAM_SECONDS = 0.5;

export interface FileJobInput {
  /** 16 kHz mono chunks in order, e.g. from decodeAudioFile. */
  chunks: AsyncIterable<{ samples: Float32Array }>;
  /** Transcribes at most 30 s of audio; segment times relative to the window. */
  transcribeWindow: (audio: Float32Array, window: TimeRange) => Promise<Segment[]>;
  /** Seconds of the file finished (transcribed or skipped as silence). */
  onProgress?: (doneSeconds: number) => void;
  /** Final segments, in order, as soon as they are settled. */
  onSegments?: (segments: Segment[]) => void;
  /** After each transcribed window (after onSegments): the segments it kept, maybe none, and where the next starts. */
  onWindowDone?: (segments: Segment[], nextStartSeconds: number) => void;
  signal?: AbortSignal;
}

/**
 * Transcribes a file of any length holding only about a window of audio: speech regions are found as audio
 * arrives, packed into windows of up to 30 s that start and end in silence, and silence between them is never
 * sent to the model. Where continuous speech forces a cut, only the segments that closed well before the cut are
 * kept and the next window starts where the last of them ended (Whisper's own seek rule), so no word is dropped
 * at a seam and none is transcribed twice.
 */
export async function transcribeFile(input: FileJobInput): Promise<Segment[]> {
  const buffer = new SampleBuffer();
  const all: Segment[] = [];
  let position = 0;

  const step = async (final: boolean): Promise<boolean> => {
    input.signal?.throwIfAborted();
    const from = position / RATE;
    const until = buffer.end / RATE;
    const regions = detectSpeechRegions(buffer.view(position, buffer.end)).map((r) => ({ start: r.start + from, end: r.end + from }));
    if (regions.length === 0) {
      // Keep a little tail: speech may be starting right at the end of what has been decoded.
      position = final ? buffer.end : Math.max(position, buffer.end - RATE);
      return false;
    }
    const window = planWindows(regions, { maxWindowSeconds: MAX_WINDOW_SECONDS, padSeconds: PAD_SECONDS, durationSeconds: until })[0]!;
    window.start = Math.max(window.start, from);
    // Speech running into the end of what has been decoded may go on in the next chunk: wait to see where it ends,
    // unless it is already too long for a window, in which case the window is cut inside it anyway.
    const open = final ? undefined : regions.find((r) => r.end >= until - 0.05);
    if (open && open.start < window.end && until - open.start < MAX_WINDOW_SECONDS) return false;
    const full = window.end - window.start >= MAX_WINDOW_SECONDS - GROWTH_MARGIN_SECONDS;
    if (!final && !full && window.end >= until - GROWTH_MARGIN_SECONDS) return false;

    const audio = buffer.copy(Math.round(window.start * RATE), Math.round(window.end * RATE));
    let segments = (await input.transcribeWindow(audio, window)).map((s) => ({ ...s, start: s.start + window.start, end: s.end + window.start }));
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
    position = Math.max(Math.round(next * RATE), Math.round(from * RATE) + 1);
    all.push(...segments);
    if (segments.length > 0) input.onSegments?.(segments);
    input.onWindowDone?.(segments, position / RATE);
    return true;
  };

  const drain = async (final: boolean) => {
    while (await step(final)) {
      buffer.discardBefore(position);
      input.onProgress?.(position / RATE);
    }
    buffer.discardBefore(position);
    input.onProgress?.(position / RATE);
  };

  for await (const chunk of input.chunks) {
    buffer.append(chunk.samples);
    await drain(false);
  }
  await drain(true);
  return all;
}
