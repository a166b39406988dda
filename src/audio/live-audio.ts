import { transfer } from 'comlink';
import type { VadBatch, VadOutMessage, VadWorkerApi } from '../../workers/vad.worker.ts';
import vadWorkerUrl from '../../workers/vad.worker.ts?worker&url';
import { startWorker } from '../shared/start-worker.ts';
import { ortWasmUrl, sileroModelUrl } from '../shared/runtime-assets.ts';
import { WorkerBridge } from '../shared/worker-bridge.ts';
import type { AudioCapture, CaptureEvents } from './audio-capture.ts';

/** Loading Silero (2 MB, from the app or its cache) and ONNX Runtime's wasm takes a second or two; far past it, the worker hung. */
const INIT_LIMIT_MS = 30_000;
/**
 * How long stop() waits for the VAD worker without hearing from it. Pushed audio may be far ahead of it, so the wait
 * for the final batch is only cut short once batches stop coming.
 */
const FINAL_BATCH_TIMEOUT_MS = 3000;

/** One capture batch of 16 kHz audio (a single 32 ms frame from the worklet) with one speech probability per 512-sample frame. See `VadBatch`. */
export type LiveAudioBatch = Omit<VadBatch, 'type'>;

export interface LiveAudioStartOptions extends CaptureEvents {
  /** Where the audio comes from (microphone, stream, tab, pushed PCM or chunks); started here, stopped by stop(). */
  capture: AudioCapture;
  /** Every batch, in order; `final` marks the last one after stop(). The buffers belong to the callee. */
  onBatch(batch: LiveAudioBatch): void;
  /** Speech detection failed (affected frames carry NaN), or the worker crashed. Audio keeps flowing if it can. */
  onError?(error: LiveAudioError): void;
}

export class LiveAudioError extends Error {
  override name = 'LiveAudioError';
}

export type VadWorkerFactory = () => Worker;

const defaultWorker: VadWorkerFactory = () => startWorker(vadWorkerUrl, 'vad');

interface Capture {
  source: AudioCapture;
  out: MessagePort;
  final: Promise<void>;
  /** When the VAD worker last sent something. */
  heard: { at: number };
}

/**
 * A capture (the microphone through the 'pcm-capture' worklet, or any other source; see audio-capture.ts) → VAD
 * worker → `onBatch` on the main thread. Audio goes from the capture to the worker on a port of its own, so the page
 * only sees finished batches. The worker starts on the first
 * `start()`, stays loaded between recordings, and goes away with `dispose()` (or when it crashes).
 */
export class LiveAudio {
  private readonly worker: WorkerBridge<VadWorkerApi>;
  private capture: Capture | null = null;
  private starting = false;
  /** The current recording's options, for errors that arrive outside a call (a worker crash). */
  private options: LiveAudioStartOptions | null = null;

  constructor(createWorker: VadWorkerFactory = defaultWorker) {
    this.worker = new WorkerBridge<VadWorkerApi>({
      start: createWorker,
      label: 'The speech detection worker',
      error: ({ message }) => new LiveAudioError(message),
      onLost: (code) => {
        // Outside a call (while recording), a crash is only heard of here.
        if (code === 'worker-crashed' && this.capture) {
          this.options?.onError?.(new LiveAudioError('The speech detection worker crashed; it restarts on the next recording.'));
          this.dispose();
        }
      },
    });
  }

  get recording(): boolean {
    return this.capture !== null || this.starting;
  }

  /**
   * Starts the capture while the VAD loads (first time only). Throws AudioSourceError (MicrophoneError for the
   * microphone) when the source cannot be used, LiveAudioError when speech detection cannot start.
   */
  async start(opts: LiveAudioStartOptions): Promise<void> {
    if (this.recording) throw new LiveAudioError('LiveAudio.start: already recording; call stop() first.');
    this.starting = true;
    this.options = opts;
    const frames = new MessageChannel();
    const out = new MessageChannel();
    let resolveFinal!: () => void;
    const final = new Promise<void>((resolve) => (resolveFinal = resolve));
    const heard = { at: performance.now() };
    out.port2.onmessage = this.receiver(opts, resolveFinal, heard);
    const source = opts.capture;
    const events: CaptureEvents = { onLevel: opts.onLevel, onEnded: opts.onEnded, onFailed: opts.onFailed, onMuted: opts.onMuted };
    const init = { modelUrl: sileroModelUrl(), ortWasmUrl: ortWasmUrl(), framesPort: frames.port2, outPort: out.port1 };
    // The VAD loads while the permission prompt is up; the capture holds the first seconds of audio until it is ready.
    const vadReady = this.worker.callWithin(INIT_LIMIT_MS, 'init', transfer(init, [frames.port2, out.port1]));
    vadReady.catch(() => undefined); // awaited below, unless the microphone fails first
    try {
      await source.start(frames.port1, events);
      await vadReady.catch((error: unknown) => {
        throw new LiveAudioError(`Speech detection could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      this.capture = { source, out: out.port2, final, heard };
    } catch (error) {
      // A source error surfaces at once; a model still loading stays loaded for the next start().
      await source.stop();
      frames.port1.close();
      out.port2.close();
      throw error;
    } finally {
      this.starting = false;
    }
  }

  /** Stops the capture after its last frames have been through the VAD and handed to `onBatch`. */
  async stop(): Promise<void> {
    const capture = this.capture;
    if (!capture) return;
    this.capture = null;
    await capture.source.stop();
    capture.heard.at = performance.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    const silent = new Promise<void>((resolve) => {
      timer = setInterval(() => performance.now() - capture.heard.at > FINAL_BATCH_TIMEOUT_MS && resolve(), FINAL_BATCH_TIMEOUT_MS / 4);
    });
    await Promise.race([capture.final, silent]);
    clearInterval(timer);
    capture.out.onmessage = null;
    capture.out.close();
  }

  /** Stops without waiting for the last batch and terminates the worker. */
  dispose(): void {
    const capture = this.capture;
    this.capture = null;
    if (capture) {
      capture.out.onmessage = null;
      capture.out.close();
      void capture.source.stop();
    }
    this.worker.terminate();
  }

  /** Forwards batches, checking that none went missing between the worklet and here. */
  private receiver(opts: LiveAudioStartOptions, onFinal: () => void, heard: { at: number }): (event: MessageEvent<VadOutMessage>) => void {
    let nextFrame = 0;
    let dropped = 0;
    return ({ data }) => {
      heard.at = performance.now();
      if (data.type === 'error') {
        opts.onError?.(new LiveAudioError(data.message));
        return;
      }
      const { frames, probabilities, firstFrameIndex, peak, final } = data;
      const batch: LiveAudioBatch = { frames, probabilities, firstFrameIndex, peak, dropped: data.dropped, final };
      const gap = batch.firstFrameIndex - nextFrame - (batch.dropped - dropped);
      if (gap !== 0) opts.onError?.(new LiveAudioError(`LiveAudio: ${gap} frames went missing before frame ${batch.firstFrameIndex}.`));
      if (batch.dropped > dropped && dropped === 0) {
        console.warn(`LiveAudio: the capture dropped ${batch.dropped} frames (speech detection fell behind); see batch.dropped.`);
      }
      nextFrame = batch.firstFrameIndex + batch.probabilities.length;
      dropped = batch.dropped;
      opts.onBatch(batch);
      if (batch.final) onFinal();
    };
  }
}
