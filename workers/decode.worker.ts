import { AudioDecodeError } from '../src/audio/decode-errors.ts';
import { decodeAudioFile, probeAudioFile, type AudioFileInfo, type DecodedChunk } from '../src/audio/decode-file.ts';
import { envelopeOf, type Envelope } from '../src/audio/envelope.ts';
import { answerCalls } from '../src/shared/worker-protocol.ts';
import { FrameScorer, type ChunkSpeech } from '../src/vad/frame-scorer.ts';
import { loadSileroVad, type SileroAssets } from './silero-loader.ts';

/** A decoded chunk with what speech detection says about it, and its waveform overview for the page to draw. */
export interface ScoredChunk extends DecodedChunk {
  speech: ChunkSpeech;
  envelope: Envelope;
}

/**
 * Decoding, resampling and speech detection run here, so a long file never costs the page a long task, and the
 * samples Silero reads are the ones already here. Each chunk is prepared while the page works on the one before.
 */
export interface DecodeWorkerApi {
  /**
   * Probes the file; Silero loads from `speech` meanwhile (if it cannot, the chunks say why). Decoding starts at
   * `startSeconds` (see decodeAudioFile), and speech detection hears the file from there.
   */
  open(file: File, chunkSeconds: number, speech: SileroAssets, startSeconds?: number): Promise<AudioFileInfo>;
  /** The next chunk, or null at the end. */
  next(): Promise<ScoredChunk | null>;
}

type Unavailable = Extract<ChunkSpeech, { kind: 'unavailable' }>;

interface OpenedFile {
  chunks: AsyncGenerator<DecodedChunk>;
  /** Silero's scorer for this file, or why there is none (from the first failure on). */
  scorer: Promise<FrameScorer | Unavailable>;
  /** The chunk after the one last handed out, being decoded and scored. */
  ahead: Promise<ScoredChunk | null> | null;
}

async function produce(file: OpenedFile): Promise<ScoredChunk | null> {
  const { value, done } = await file.chunks.next();
  // The envelope is read from the samples already here, so a long file is never decoded twice to be drawn.
  return done ? null : { ...value, speech: await score(file, value.samples), envelope: envelopeOf(value.samples) };
}

async function score(file: OpenedFile, samples: Float32Array): Promise<ChunkSpeech> {
  const scorer = await file.scorer;
  if (!(scorer instanceof FrameScorer)) return scorer;
  try {
    return { kind: 'scored', probabilities: await scorer.score(samples) };
  } catch (error) {
    // The model's state is unknown after a failure: the rest of the file goes without it.
    const unavailable: Unavailable = { kind: 'unavailable', loaded: true, reason: messageOf(error) };
    file.scorer = Promise.resolve(unavailable);
    return unavailable;
  }
}

/** The worker's state: the file it has open. */
function decodeWorker(): DecodeWorkerApi {
  let opened: OpenedFile | null = null;
  return {
    async open(file, chunkSeconds, speech, startSeconds = 0) {
      const scorer = loadSileroVad(speech).then(
        (vad) => new FrameScorer(vad),
        (error: unknown): Unavailable => ({ kind: 'unavailable', loaded: false, reason: messageOf(error) }),
      );
      const info = await probeAudioFile(file);
      opened = { chunks: decodeAudioFile(file, { chunkSeconds, startSeconds }), scorer, ahead: null };
      return info;
    },
    async next() {
      const file = opened;
      if (!file) return null;
      const chunk = await (file.ahead ?? produce(file));
      file.ahead = chunk ? produce(file) : null;
      // A failure there is reported by the next call to next(), not as an unhandled rejection now.
      file.ahead?.catch(() => undefined);
      if (!chunk) {
        opened = null;
        return null;
      }
      return chunk;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Decoding errors already say, in the user's words, what is wrong with which file.
answerCalls(decodeWorker(), (error) => ({ code: error instanceof AudioDecodeError ? error.code : 'corrupt', message: messageOf(error) }));
