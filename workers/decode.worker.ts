import { expose, transfer } from 'comlink';
import { decodeAudioFile, probeAudioFile, type AudioFileInfo, type DecodedChunk } from '../src/audio/decode-file.ts';
import { FrameScorer, type ChunkSpeech } from '../src/vad/frame-scorer.ts';
import { loadSileroVad, type SileroAssets } from './silero-loader.ts';

/** A decoded chunk with what speech detection says about it. */
export interface ScoredChunk extends DecodedChunk {
  speech: ChunkSpeech;
}

/**
 * Decoding, resampling and speech detection run here, so a long file never costs the page a long task, and the
 * samples Silero reads are the ones already here. Each chunk is prepared while the page works on the one before.
 */
export interface DecodeWorkerApi {
  /** Probes the file; Silero loads from `speech` meanwhile (if it cannot, the chunks say why). */
  open(file: File, chunkSeconds: number, speech: SileroAssets): Promise<AudioFileInfo>;
  /** The next chunk (samples and probabilities transferred), or null at the end. */
  next(): Promise<ScoredChunk | null>;
}

let chunks: AsyncGenerator<DecodedChunk> | null = null;
/** Silero's scorer for this file, or why there is none. */
let scorer: Promise<FrameScorer | Unavailable> = Promise.resolve({ kind: 'unavailable', loaded: false, reason: 'no file is open' });
/** The chunk after the one last handed out, being decoded and scored. */
let ahead: Promise<ScoredChunk | null> | null = null;

type Unavailable = Extract<ChunkSpeech, { kind: 'unavailable' }>;

async function produce(): Promise<ScoredChunk | null> {
  if (!chunks) return null;
  const { value, done } = await chunks.next();
  if (done) {
    chunks = null;
    return null;
  }
  return { ...value, speech: await score(value.samples) };
}

async function score(samples: Float32Array): Promise<ChunkSpeech> {
  const current = await scorer;
  if (!(current instanceof FrameScorer)) return current;
  try {
    return { kind: 'scored', probabilities: await current.score(samples) };
  } catch (error) {
    // The scorer's state is unknown after a failure: the rest of the file goes without it.
    const unavailable: Unavailable = { kind: 'unavailable', loaded: true, reason: messageOf(error) };
    scorer = Promise.resolve(unavailable);
    return unavailable;
  }
}

const api: DecodeWorkerApi = {
  async open(file, chunkSeconds, speech) {
    scorer = loadSileroVad(speech).then(
      (vad) => new FrameScorer(vad),
      (error: unknown): Unavailable => ({ kind: 'unavailable', loaded: false, reason: messageOf(error) }),
    );
    const info = await probeAudioFile(file);
    chunks = decodeAudioFile(file, { chunkSeconds });
    ahead = null;
    return info;
  },
  async next() {
    const chunk = await (ahead ?? produce());
    ahead = chunk ? produce() : null;
    // A failure there is reported by the next call to next(), not as an unhandled rejection now.
    ahead?.catch(() => undefined);
    if (!chunk) return null;
    const buffers = [chunk.samples.buffer];
    if (chunk.speech.kind === 'scored') buffers.push(chunk.speech.probabilities.buffer);
    return transfer(chunk, buffers);
  },
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

expose(api);
