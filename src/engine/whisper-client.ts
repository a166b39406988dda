import { proxy, transfer } from 'comlink';
import whisperWorkerUrl from '../../workers/whisper.worker.ts?worker&url';
import { startWorker } from '../shared/start-worker.ts';
import { WorkerBridge } from '../shared/worker-bridge.ts';
import { EngineError, engineErrorFrom } from './engine-error.ts';
import type { LoadEvent, LoadRequest, LoadedModel, PartialText, TranscribeOptions, WhisperWorkerApi, WindowResult } from './protocol.ts';

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () => startWorker(whisperWorkerUrl, 'whisper');

/**
 * After a cancel, how long the running call may take to stop on its own before the worker is ended instead. A
 * decoding step stops at once, but the encoder cannot be stopped, and on a slow device it alone outlasts 2 s (tiny's
 * took 5 s on a busy 2-core CPU): ending the worker there would cost a model load where waiting costs the rest of
 * one encoder pass. So CANCEL_GRACE_WARMUPS warm-ups (each one encoder pass and a decoder step), never under
 * MIN_CANCEL_GRACE_MS.
 */
const MIN_CANCEL_GRACE_MS = 2000;
const CANCEL_GRACE_WARMUPS = 3;
/**
 * A pass that runs this many times longer than the warm-up did (encoder plus two decoder steps) has hung: a
 * full 30 s window with every fallback temperature takes far less. Never under MIN_PASS_LIMIT_MS.
 */
const PASS_LIMIT_WARMUPS = 40;
const MIN_PASS_LIMIT_MS = 120_000;

/**
 * Owns the Whisper worker: starts it lazily, runs one call at a time in order, and cancels each call alone — through
 * the shared flag the worker reads between decoding steps, and by ending the worker if the call has not stopped
 * within the time of a few encoder passes (2 s at least). A worker that crashes, does not start or hangs fails every call in flight (see WorkerBridge) and
 * starts afresh on the next call; `onWorkerLost` tells the engine its model went with it.
 */
export class WhisperClient {
  private readonly bridge: WorkerBridge<WhisperWorkerApi>;
  private tail: Promise<unknown> = Promise.resolve();
  private nextCall = 0;
  /** Where cancels are written for the worker to see mid-run (null without cross-origin isolation). */
  private readonly cancelFlag = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  private passLimitMs = MIN_PASS_LIMIT_MS;
  private cancelGraceMs = MIN_CANCEL_GRACE_MS;
  /** The worker had to be ended, and its model with it: the next request must load again. */
  onWorkerLost: (() => void) | null = null;

  constructor(createWorker: WorkerFactory = defaultWorker) {
    this.bridge = new WorkerBridge<WhisperWorkerApi>({
      start: createWorker,
      label: 'The transcription worker',
      error: engineErrorFrom,
      // Each new worker gets the flag before anything else.
      onStart: () => void (this.cancelFlag && this.bridge.call('shareCancelFlag', this.cancelFlag).catch(() => undefined)),
      onLost: () => this.onWorkerLost?.(),
    });
  }

  /** Runs calls one after another. */
  private enqueue<T>(call: () => Promise<T>): Promise<T> {
    const result = this.tail.then(call, call);
    this.tail = result.catch(() => undefined);
    return result;
  }

  async load(request: LoadRequest, onEvent: (e: LoadEvent) => void): Promise<LoadedModel> {
    const loaded = await this.enqueue(() => this.bridge.call('load', request, proxy(onEvent)));
    this.passLimitMs = Math.max(MIN_PASS_LIMIT_MS, PASS_LIMIT_WARMUPS * loaded.warmupMs);
    this.cancelGraceMs = Math.max(MIN_CANCEL_GRACE_MS, CANCEL_GRACE_WARMUPS * loaded.warmupMs);
    return loaded;
  }

  /**
   * The samples are transferred to the worker: the caller must not use `audio` afterwards. Aborting `signal` drops the
   * call if it has not started, and stops it after the current decoding step if it has (or ends the worker, if it
   * does not stop within the cancel grace); either way it rejects with 'cancelled' (unless it finished first). Other calls are
   * not touched.
   */
  transcribe(audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void, signal?: AbortSignal): Promise<WindowResult> {
    const callId = ++this.nextCall;
    return this.enqueue(async () => {
      if (signal?.aborted) throw new EngineError('cancelled', 'Transcription cancelled.');
      let escalation: ReturnType<typeof setTimeout> | undefined;
      const stop = () => {
        if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, callId);
        void this.bridge.call('cancel', callId).catch(() => undefined);
        escalation = setTimeout(() => this.bridge.terminate('The transcription was cancelled.'), this.cancelGraceMs);
      };
      signal?.addEventListener('abort', stop, { once: true });
      try {
        return await this.bridge.callWithin(this.passLimitMs, 'transcribe', callId, transfer(audio, [audio.buffer]), options, onPartial ? proxy(onPartial) : undefined);
      } catch (error) {
        if (signal?.aborted) throw new EngineError('cancelled', 'Transcription cancelled.');
        throw error;
      } finally {
        clearTimeout(escalation);
        signal?.removeEventListener('abort', stop);
      }
    });
  }

  terminate(): void {
    this.bridge.terminate();
  }
}
