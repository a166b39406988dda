import { expose, transfer } from 'comlink';
import { decodeAudioFile, probeAudioFile, type AudioFileInfo, type DecodedChunk } from '../src/audio/decode-file.ts';

/** Decoding and resampling run here so a long file never costs the page a long task. */
export interface DecodeWorkerApi {
  open(file: File, chunkSeconds: number): Promise<AudioFileInfo>;
  /** The next chunk (samples transferred), or null at the end. */
  next(): Promise<DecodedChunk | null>;
}

let chunks: AsyncGenerator<DecodedChunk> | null = null;

const api: DecodeWorkerApi = {
  async open(file, chunkSeconds) {
    const info = await probeAudioFile(file);
    chunks = decodeAudioFile(file, { chunkSeconds });
    return info;
  },
  async next() {
    if (!chunks) return null;
    const { value, done } = await chunks.next();
    if (done) {
      chunks = null;
      return null;
    }
    return transfer(value, [value.samples.buffer]);
  },
};

expose(api);
