import { proxy, transfer } from 'comlink';
import diarizeWorkerUrl from '../../workers/diarize.worker.ts?worker&url';
import { startWorker } from '../shared/start-worker.ts';
import { WorkerBridge } from '../shared/worker-bridge.ts';
import { engineErrorFrom } from './engine-error.ts';
import type { DiarizeWorkerApi, HeardVoice, SpeakerLoadEvent, SpeakerLoadRequest, SpeakerModelsInfo } from './speaker-protocol.ts';

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () => startWorker(diarizeWorkerUrl, 'diarize');

/**
 * A window of 30 s is three segmentation passes and a few embeddings: well under a second with the real models on
 * one WASM thread, a few seconds on a slow phone. A worker that takes this long has hung.
 */
const ANALYSE_LIMIT_MS = 60_000;

/**
 * Owns the speaker worker: started on the first call (so with speaker labels off it never starts, and its models
 * are never fetched), calls run one after another, and a worker that crashes or hangs fails the call waiting on it
 * (see WorkerBridge); `onWorkerLost` tells the engine its models went with it.
 */
export class SpeakerClient {
  private readonly bridge: WorkerBridge<DiarizeWorkerApi>;
  private tail: Promise<unknown> = Promise.resolve();
  onWorkerLost: (() => void) | null = null;

  constructor(createWorker: WorkerFactory = defaultWorker) {
    this.bridge = new WorkerBridge<DiarizeWorkerApi>({
      start: createWorker,
      label: 'The speaker worker',
      error: engineErrorFrom,
      onLost: () => this.onWorkerLost?.(),
    });
  }

  private enqueue<T>(call: () => Promise<T>): Promise<T> {
    const result = this.tail.then(call, call);
    this.tail = result.catch(() => undefined);
    return result;
  }

  load(request: SpeakerLoadRequest, onEvent: (event: SpeakerLoadEvent) => void): Promise<SpeakerModelsInfo> {
    return this.enqueue(() => this.bridge.call('load', request, proxy(onEvent)));
  }

  /** The samples are transferred to the worker: the caller must not use `audio` afterwards. */
  analyse(audio: Float32Array): Promise<HeardVoice[]> {
    return this.enqueue(() => this.bridge.callWithin(ANALYSE_LIMIT_MS, 'analyse', transfer(audio, [audio.buffer])));
  }
}
