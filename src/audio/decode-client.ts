import decodeWorkerUrl from '../../workers/decode.worker.ts?worker&url';
import type { DecodeWorkerApi, ScoredChunk } from '../../workers/decode.worker.ts';
import { ortWasmUrl, sileroModelUrl } from '../shared/runtime-assets.ts';
import { startWorker } from '../shared/start-worker.ts';
import { WorkerBridge } from '../shared/worker-bridge.ts';
import { decodeErrorFrom } from './decode-errors.ts';
import type { AudioFileInfo } from './decode-file.ts';

export interface DecodingFile {
  info: AudioFileInfo;
  /** 16 kHz mono chunks in order, each with Silero's scores or why there are none. */
  chunks: AsyncIterable<ScoredChunk>;
  /** Ends the worker; a chunk being waited for fails at once. */
  close(): void;
}

export type DecodeWorkerFactory = () => Worker;

const defaultWorker: DecodeWorkerFactory = () => startWorker(decodeWorkerUrl, 'decode');

/**
 * A chunk is 30 s of audio decoded and scored by Silero: a second or two, ten on a busy machine. A worker that takes
 * this long has hung.
 */
const CHUNK_LIMIT_MS = 60_000;
/**
 * The first chunk also waits for Silero and ONNX Runtime's wasm to load and compile, which on a machine whose cores
 * are all busy (the Whisper worker warming up beside it) has taken over a minute.
 */
const FIRST_CHUNK_LIMIT_MS = 180_000;

/**
 * Opens a file in a decode worker of its own, which also runs speech detection on it. Errors keep the decoder's
 * message, which names the file and the reason; a worker that dies, hangs or is closed fails the call waiting on it
 * instead of leaving it hanging. The worker goes away when the chunks run out or `close()` is called.
 * Decoding and speech detection start `startSeconds` into the file (how exactly: see decodeAudioFile).
 */
export async function openInDecodeWorker(file: File, startSeconds = 0, chunkSeconds = 30, createWorker: DecodeWorkerFactory = defaultWorker): Promise<DecodingFile> {
  const bridge = new WorkerBridge<DecodeWorkerApi>({ start: createWorker, label: 'The decoding worker', error: (data) => decodeErrorFrom(data, file.name) });
  const close = () => bridge.terminate('decoding was stopped');
  try {
    const info = await bridge.callWithin(CHUNK_LIMIT_MS, 'open', file, chunkSeconds, { modelUrl: sileroModelUrl(), ortWasmUrl: ortWasmUrl() }, startSeconds);
    async function* chunks(): AsyncGenerator<ScoredChunk> {
      try {
        for (let chunk = await bridge.callWithin(FIRST_CHUNK_LIMIT_MS, 'next'); chunk; chunk = await bridge.callWithin(CHUNK_LIMIT_MS, 'next')) yield chunk;
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
