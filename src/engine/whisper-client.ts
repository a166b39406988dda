import { proxy, transfer, wrap, type Remote } from 'comlink';
import whisperWorkerUrl from '../../workers/whisper.worker.ts?worker&url';
import { startWorker } from '../embedding/start-worker.ts';
import { EngineError, fromWorkerError } from './engine-error.ts';
import type { LoadEvent, LoadRequest, LoadedModel, PartialText, TranscribeOptions, WhisperWorkerApi, WindowResult } from './protocol.ts';

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () => startWorker(whisperWorkerUrl, 'whisper');

/**
 * Owns the Whisper worker: starts it lazily, runs one call at a time in order, cancels cooperatively, and turns a
 * crash into an `EngineError('worker-crashed')` for every call in flight, then starts a fresh worker on the next call.
 */
export class WhisperClient {
  private worker: Worker | null = null;
  private api: Remote<WhisperWorkerApi> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private crash: { reject: (e: EngineError) => void }[] = [];
  private nextCall = 0;
  /** Where cancels are written for the worker to see mid-run (null without cross-origin isolation). */
  private readonly cancelFlag = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;

  constructor(private readonly createWorker: WorkerFactory = defaultWorker) {}

  private remote(): Remote<WhisperWorkerApi> {
    if (this.api) return this.api;
    const worker = this.createWorker();
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.onCrash(event.message || 'the worker stopped unexpectedly');
    });
    this.worker = worker;
    this.api = wrap<WhisperWorkerApi>(worker);
    if (this.cancelFlag) void this.api.shareCancelFlag(this.cancelFlag);
    return this.api;
  }

  private onCrash(reason: string): void {
    this.terminate();
    const pending = this.crash;
    this.crash = [];
    for (const p of pending) p.reject(new EngineError('worker-crashed', `The transcription worker crashed (${reason}). It will restart on the next request.`));
  }

  /** Runs calls one after another, each also failing fast if the worker dies. */
  private enqueue<T>(call: (api: Remote<WhisperWorkerApi>) => Promise<T>): Promise<T> {
    const run = async () => {
      const api = this.remote();
      let entry!: { reject: (e: EngineError) => void };
      const crashed = new Promise<never>((_, reject) => {
        entry = { reject };
        this.crash.push(entry);
      });
      try {
        return await Promise.race([call(api).catch((e: unknown) => Promise.reject(fromWorkerError(e))), crashed]);
      } finally {
        this.crash = this.crash.filter((c) => c !== entry);
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  load(request: LoadRequest, onEvent: (e: LoadEvent) => void): Promise<LoadedModel> {
    return this.enqueue((api) => api.load(request, proxy(onEvent)));
  }

  /**
   * The samples are transferred to the worker: the caller must not use `audio` afterwards. Aborting `signal` drops the
   * call if it has not started, and stops it after the current decoding step if it has; either way it rejects with
   * 'cancelled' (unless it finished first). Other calls are not touched.
   */
  transcribe(audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void, signal?: AbortSignal): Promise<WindowResult> {
    const callId = ++this.nextCall;
    return this.enqueue(async (api) => {
      if (signal?.aborted) throw new EngineError('cancelled', 'Transcription cancelled.');
      const stop = () => {
        if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, callId);
        void api.cancel(callId);
      };
      signal?.addEventListener('abort', stop, { once: true });
      try {
        return await api.transcribe(callId, transfer(audio, [audio.buffer]), options, onPartial ? proxy(onPartial) : undefined);
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }
}
