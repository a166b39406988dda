import { wrap } from 'comlink';
import type { DecodeWorkerApi } from '../../workers/decode.worker.ts';
import decodeWorkerUrl from '../../workers/decode.worker.ts?worker&url';
import { startWorker } from '../embedding/start-worker.ts';
import type { AudioFileInfo, DecodedChunk } from './decode-file.ts';

export interface DecodingFile {
  info: AudioFileInfo;
  chunks: AsyncIterable<DecodedChunk>;
  close(): void;
}

/**
 * Opens a file in a decode worker of its own. Errors keep the decoder's message, which names the file and the
 * reason; the worker goes away when the chunks run out or `close()` is called.
 */
export async function openInDecodeWorker(file: File, chunkSeconds = 30): Promise<DecodingFile> {
  const worker = startWorker(decodeWorkerUrl, 'decode');
  const api = wrap<DecodeWorkerApi>(worker);
  const close = () => worker.terminate();
  try {
    const info = await api.open(file, chunkSeconds);
    async function* chunks(): AsyncGenerator<DecodedChunk> {
      try {
        for (let chunk = await api.next(); chunk; chunk = await api.next()) yield chunk;
      } finally {
        close();
      }
    }
    return { info, chunks: chunks(), close };
  } catch (error) {
    close();
    throw error;
  }
}
