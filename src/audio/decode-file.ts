/**
 * Streaming decode of a user's audio/video file to 16 kHz mono, in the browser (main thread or worker).
 *
 * mediabunny demuxes the container and drives WebCodecs; each decoded block is downmixed and resampled as it
 * arrives and handed out in fixed-size chunks, so a 2-hour file never needs more than one chunk in memory.
 */
import {
  ALL_FORMATS,
  AudioSampleSink,
  BlobSource,
  Input,
  ReadableStreamSource,
  UnsupportedInputFormatError,
  type AudioSample,
  type InputAudioTrack,
  type Source,
} from 'mediabunny';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { AudioDecodeError } from './decode-errors.ts';
import { StreamResampler } from './resampler.ts';
import { declaredWaveSeconds } from './wave-length.ts';

const DEFAULT_CHUNK_SECONDS = 30;
/**
 * Timestamp gaps up to this long are filled with silence and overlaps trimmed, so chunk times stay true to the
 * file (e.g. AAC priming, a video whose audio starts late). Bigger jumps are broken timestamps, not real silence:
 * the audio is then joined end to end instead of inventing minutes of nothing or dropping everything after.
 */
const MAX_TIMESTAMP_CORRECTION_SECONDS = 5;
/**
 * A decode that starts part-way in starts this much earlier and drops what comes before its start: lossy decoders
 * only give the right samples once they have decoded what went before (AAC's and Vorbis's overlapping transforms,
 * MP3's bit reservoir, Opus's recommended 80 ms pre-roll).
 */
const CODEC_PREROLL_SECONDS = 0.2;

export interface DecodedChunk {
  /** 16 kHz mono, owned by the caller. */
  samples: Float32Array;
  startSeconds: number;
}

export interface AudioFileInfo {
  /** How long the file says it is (a WAVE file cut short says more than it holds: see wave-length.ts). */
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  codec: string | null;
  container: string;
}

export interface DecodeOptions {
  /** Chunks end at multiples of this from the file's start (the first and last may be shorter). Default 30. */
  chunkSeconds?: number;
  /** Where to start, in seconds: see `decodeAudioFile` for how exactly. Default 0. */
  startSeconds?: number;
  signal?: AbortSignal;
}

type NamedBlob = Blob & { name?: string };

interface OpenedAudio {
  input: Input;
  track: InputAudioTrack;
  fileName: string;
}

export async function probeAudioFile(file: NamedBlob): Promise<AudioFileInfo> {
  const { input, track, fileName } = await openAudio(file);
  try {
    const declared = await declaredWaveSeconds(file);
    return await guard(fileName, async () => ({
      durationSeconds: Math.max((await track.getDurationFromMetadata()) ?? (await track.computeDuration()), declared ?? 0),
      sampleRate: await track.getSampleRate(),
      channels: await track.getNumberOfChannels(),
      codec: await track.getCodec(),
      container: (await input.getFormat()).name,
    }));
  } finally {
    input.dispose();
  }
}

/**
 * Yields contiguous chunks, from `startSeconds` to the end of what can be read; chunks end on a grid of
 * `chunkSeconds` from the file's start, wherever decoding starts, so a decode resumed part-way in hands over the
 * same chunks as a full one from there on. Throws AudioDecodeError when no audio at all can be read.
 *
 * A file that stops decoding part-way (cut short, damaged) ends there: its last chunk is what could be read, and
 * the caller sees the shortfall against `durationSeconds`.
 *
 * How exact a start part-way in is: mediabunny starts at the packet holding `startSeconds` (every packet of the
 * audio formats read here can start a decode), and the samples before it are dropped here by their timestamps, so
 * the first sample out is the file's sample at `startSeconds` to within one sample at the file's own rate (exact
 * for 16, 32 and 48 kHz; under 23 µs at 44.1 kHz). Decoding starts CODEC_PREROLL_SECONDS earlier, so lossy codecs
 * give the samples a full decode gives. The resampler starts without the samples before (its filter is 16 taps
 * each side), so the first millisecond can differ slightly from a full decode; a 16 kHz file is not resampled and
 * is exact. A file whose timestamps jump by more than MAX_TIMESTAMP_CORRECTION_SECONDS before the start is read
 * with the file's times, where a full decode would have joined the audio end to end.
 */
export async function* decodeAudioFile(file: NamedBlob, opts: DecodeOptions = {}): AsyncGenerator<DecodedChunk> {
  const chunkSeconds = opts.chunkSeconds ?? DEFAULT_CHUNK_SECONDS;
  if (!(chunkSeconds > 0) || !Number.isFinite(chunkSeconds)) {
    throw new RangeError(`decodeAudioFile: chunkSeconds must be a positive number (got ${chunkSeconds}).`);
  }
  const startSeconds = opts.startSeconds ?? 0;
  if (!(startSeconds >= 0) || !Number.isFinite(startSeconds)) {
    throw new RangeError(`decodeAudioFile: startSeconds must be a number of seconds from 0 on (got ${startSeconds}).`);
  }
  const { signal } = opts;
  signal?.throwIfAborted();
  const opened = await openAudio(file);
  // Disposing cancels reads and decodes in flight, so an abort lands promptly even mid-decode.
  const onAbort = () => opened.input.dispose();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const chunkLength = Math.max(1, Math.round(chunkSeconds * SAMPLE_RATE));
    let chunkStart = Math.round(startSeconds * SAMPLE_RATE);
    let chunk = new Float32Array(chunkLength - (chunkStart % chunkLength));
    let filled = 0;
    for await (const block of monoBlocks(opened, startSeconds, signal)) {
      for (let at = 0; at < block.length; ) {
        const n = Math.min(chunk.length - filled, block.length - at);
        chunk.set(block.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === chunk.length) {
          yield { samples: chunk, startSeconds: chunkStart / SAMPLE_RATE };
          // One decoded block can fill several small chunks; stop at the first boundary after an abort.
          signal?.throwIfAborted();
          chunkStart += chunk.length;
          chunk = new Float32Array(chunkLength);
          filled = 0;
        }
      }
    }
    if (filled > 0) yield { samples: chunk.slice(0, filled), startSeconds: chunkStart / SAMPLE_RATE };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    opened.input.dispose();
  }
}

/**
 * A byte stream that grows as it is read (MediaRecorder's chunks, in order) as 16 kHz mono blocks, decoded as the
 * bytes arrive; it ends when the stream closes. Each block is a view valid until the generator resumes. Throws
 * AudioDecodeError, naming the stream `name`.
 */
export async function* decodeByteStream(stream: ReadableStream<Uint8Array>, name: string): AsyncGenerator<Float32Array> {
  // Unsized, so the demuxer reads it front to back, waiting for bytes that have not come yet.
  const opened = await openInput(new ReadableStreamSource(stream), name);
  try {
    yield* monoBlocks(opened, 0);
  } finally {
    opened.input.dispose();
  }
}

async function openAudio(file: NamedBlob): Promise<OpenedAudio> {
  const fileName = nameOf(file);
  if (file.size === 0) throw new AudioDecodeError('empty', fileName);
  return openInput(new BlobSource(file), fileName);
}

async function openInput(source: Source, fileName: string): Promise<OpenedAudio> {
  const input = new Input({ source, formats: ALL_FORMATS });
  try {
    const track = await guard(fileName, () => input.getPrimaryAudioTrack());
    if (!track) {
      // A known container with no tracks at all is usually cut short (e.g. an MP4 whose index sat at the end).
      const tracks = await guard(fileName, () => input.getTracks());
      if (tracks.length === 0) throw new AudioDecodeError('corrupt', fileName, 'it has no readable tracks (it may be cut short)');
      throw new AudioDecodeError('no-audio-track', fileName);
    }
    const codec = await guard(fileName, () => track.getCodec());
    if (codec === null || !(await track.canDecode())) {
      const internalId = await track.getInternalCodecId().catch(() => null);
      const label = codec ?? (typeof internalId === 'string' || typeof internalId === 'number' ? String(internalId) : undefined);
      throw new AudioDecodeError('unsupported-codec', fileName, label);
    }
    return { input, track, fileName };
  } catch (error) {
    input.dispose();
    throw error;
  }
}

/**
 * The track from `startSeconds` as 16 kHz mono blocks in file order, each a view valid until the generator resumes.
 * Follows the samples' timestamps (see MAX_TIMESTAMP_CORRECTION_SECONDS) and copes with the rate changing
 * mid-stream. Ends quietly where decoding fails after some audio came out.
 */
async function* monoBlocks({ track, fileName }: OpenedAudio, startSeconds: number, signal?: AbortSignal): AsyncGenerator<Float32Array> {
  const planar = new PlanarCopier();
  let resampler: StreamResampler | null = null;
  let streamStart = 0; // seconds into the file at which the current resampler's input begins
  let fed = 0; // input frames given to the current resampler
  let emitted = 0; // 16 kHz samples yielded so far
  const from = startSeconds > 0 ? Math.max(0, startSeconds - CODEC_PREROLL_SECONDS) : undefined;
  try {
    for await (const sample of new AudioSampleSink(track).samples(from)) {
      try {
        signal?.throwIfAborted();
        // The codec's pre-roll, whatever its distance (a jump in timestamps here is no reason to keep it).
        if (resampler === null && sample.timestamp + sample.duration <= startSeconds) continue;
        const rate = sample.sampleRate;
        if (resampler === null || resampler.inputRate !== rate) {
          if (resampler) {
            const tail = resampler.flush();
            emitted += tail.length;
            yield tail;
          }
          resampler = new StreamResampler(rate, SAMPLE_RATE);
          streamStart = startSeconds + emitted / SAMPLE_RATE;
          fed = 0;
        }
        let offset = Math.round((sample.timestamp - streamStart) * rate) - fed;
        if (Math.abs(offset) > MAX_TIMESTAMP_CORRECTION_SECONDS * rate) {
          streamStart += offset / rate;
          offset = 0;
        }
        for (let gap = offset; gap > 0; ) {
          const zeros = planar.silence(gap);
          const out = resampler.push([zeros]);
          gap -= zeros.length;
          fed += zeros.length;
          emitted += out.length;
          yield out;
        }
        const skip = Math.max(0, -offset);
        if (skip >= sample.numberOfFrames) continue;
        const channels = planar.copy(sample, skip);
        const out = resampler.push(channels);
        fed += sample.numberOfFrames - skip;
        emitted += out.length;
        yield out;
      } finally {
        sample.close();
      }
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // Audio came out before the failure (a file cut short, or damaged part-way): what was read is the file's audio.
    if (!resampler) throw error instanceof AudioDecodeError ? error : new AudioDecodeError('corrupt', fileName, reasonOf(error), { cause: error });
  }
  if (resampler) {
    yield resampler.flush();
    return;
  }
  // mediabunny ends quietly on some damage (a WebM cut mid-cluster yields nothing); never pass that off as silence.
  // Part-way in, nothing more is the end of what can be read (the caller compares it with the file's duration).
  if (startSeconds === 0) throw new AudioDecodeError('corrupt', fileName, 'no audio could be decoded from it (it may be cut short)');
}

/** Reusable per-channel f32 buffers; AudioSample data is copied in without per-sample allocation. */
class PlanarCopier {
  private buffers: Float32Array[] = [];
  private zeros = new Float32Array(8192);

  copy(sample: AudioSample, skipFrames: number): Float32Array[] {
    const frames = sample.numberOfFrames - skipFrames;
    const views: Float32Array[] = [];
    for (let ch = 0; ch < sample.numberOfChannels; ch++) {
      let buffer = this.buffers[ch];
      if (!buffer || buffer.length < frames) {
        let size = buffer?.length ?? 4096;
        while (size < frames) size *= 2;
        buffer = new Float32Array(size);
        this.buffers[ch] = buffer;
      }
      const view = buffer.subarray(0, frames);
      sample.copyTo(view, { planeIndex: ch, format: 'f32-planar', frameOffset: skipFrames, frameCount: frames });
      views.push(view);
    }
    return views;
  }

  /** Up to `frames` of mono silence (less if that is more than the zero buffer holds). */
  silence(frames: number): Float32Array {
    return this.zeros.subarray(0, Math.min(frames, this.zeros.length));
  }
}

/** Runs a mediabunny call, turning its failures into AudioDecodeError. */
async function guard<T>(fileName: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AudioDecodeError) throw error;
    if (error instanceof UnsupportedInputFormatError) {
      throw new AudioDecodeError('not-audio', fileName, undefined, { cause: error });
    }
    // Some demuxers (WAVE with ADPCM, for one) reject a codec they know of with a plain Error.
    if (/unsupported .*codec/i.test(reasonOf(error))) {
      throw new AudioDecodeError('unsupported-codec', fileName, undefined, { cause: error });
    }
    throw new AudioDecodeError('corrupt', fileName, reasonOf(error), { cause: error });
  }
}

function nameOf(file: NamedBlob): string {
  return file.name || 'untitled';
}

function reasonOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}
