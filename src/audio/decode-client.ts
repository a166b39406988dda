import { wrap } from 'comlink';
import type { DecodeWorkerApi, ScoredChunk } from '../../workers/decode.worker.ts';
import { ortWasmUrl, sileroModelUrl } from '../shared/runtime-assets.ts';
import { AudioDecodeError } from './decode-errors.ts';
import type { AudioFileInfo } from './decode-file.ts';
import decodeWorkerUrl from '../../workers/decode.worker.ts?worker&url';
import { startWorker } from '../embedding/start-worker.ts';

export interface DecodingFile {
  info: AudioFileInfo;
  /** 16 kHz mono chunks in order, each with Silero's scores or why there are none. */
  chunks: AsyncIterable<ScoredChunk>;
  close(): void;
}

export type DecodeWorkerFactory = () => Worker;

const defaultWorker: DecodeWorkerFactory = () => startWorker(decodeWorkerUrl, 'decode');

/**
 * Opens a file in a decode worker of its own, which also runs speech detection on it. Errors keep the decoder's
 * message, which names the file and the reason; a worker that dies rejects the call waiting on it instead of
 * leaving it hanging. The worker goes away when the chunks run out or `close()` is called.
 * Decoding and speech detection start `startSeconds` into the file (how exactly: see decodeAudioFile).
 */
export async function openInDecodeWorker(file: File, startSeconds = 0, chunkSeconds = 30, createWorker: DecodeWorkerFactory = defaultWorker): Promise<DecodingFile> {
  const worker = createWorker();
  const api = wrap<DecodeWorkerApi>(worker);
  const close = () => worker.terminate();
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new AudioDecodeError('worker-crashed', file.name, event.message || undefined));
    });
  });
  crashed.catch(() => undefined); // observed by whichever call is waiting
  const call = <T>(pending: Promise<T>): Promise<T> => Promise.race([pending, crashed]);
  try {
    const info = await call(api.open(file, chunkSeconds, { modelUrl: sileroModelUrl(), ortWasmUrl: ortWasmUrl() }, startSeconds));
    async function* chunks(): AsyncGenerator<ScoredChunk> {
      try {
        for (let chunk = await call(api.next()); chunk; chunk = await call(api.next())) yield chunk;
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
