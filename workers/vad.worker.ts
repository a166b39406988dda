import type { CaptureBatch } from '../src/audio/pcm-capture.messages.ts';
import { VAD_FRAME_SAMPLES, VadModelError, type SileroVad } from '../src/vad/silero-vad.ts';
import { answerCalls } from '../src/shared/worker-protocol.ts';
import { loadSileroVad, type SileroAssets } from './silero-loader.ts';

/** Speech probabilities stay off the main thread: this worker sits between the capture worklet and the page. */
export interface VadInit extends SileroAssets {
  /** Batches from the 'pcm-capture' worklet; their buffers go back on it once the model has seen them. */
  framesPort: MessagePort;
  /** Where `VadOutMessage`s go. */
  outPort: MessagePort;
}

/** One capture batch with a speech probability per 512-sample frame (NaN where the model failed). */
export interface VadBatch {
  type: 'batch';
  /** 16 kHz mono, `probabilities.length` × 512 samples. */
  frames: Float32Array;
  probabilities: Float32Array;
  firstFrameIndex: number;
  peak: number;
  /** Frames the worklet dropped so far in this capture (its buffer pool ran dry). */
  dropped: number;
  /** The last batch of the capture (after a flush). */
  final: boolean;
}
export type VadOutMessage = VadBatch | { type: 'error'; message: string };

export interface VadWorkerApi {
  /** Loads the model on first use, then (for each capture) resets the state and starts reading `framesPort`. */
  init(options: VadInit): Promise<void>;
  /** Forgets the stream's state, e.g. between utterances of unrelated audio. */
  reset(): void;
}

/** The worker's state: the model (loaded once), the capture being read, and the order batches are run in. */
function vadWorker(): VadWorkerApi {
  let vad: Promise<SileroVad> | null = null;
  let ports: { frames: MessagePort; out: MessagePort } | null = null;
  /** Batches are run strictly in arrival order, each after the previous one has finished. */
  let queue: Promise<void> = Promise.resolve();

  const detach = (): void => {
    if (!ports) return;
    ports.frames.onmessage = null;
    ports.frames.close();
    ports.out.close();
    ports = null;
  };

  return {
    async init({ modelUrl, ortWasmUrl, framesPort, outPort }) {
      detach();
      const loading = (vad ??= loadSileroVad({ modelUrl, ortWasmUrl }));
      let model: SileroVad;
      try {
        model = await loading;
      } catch (error) {
        if (vad === loading) vad = null; // let the next init retry
        framesPort.close();
        outPort.close();
        throw error;
      }
      await queue;
      model.reset();
      const current = { frames: framesPort, out: outPort };
      ports = current;
      framesPort.onmessage = (event: MessageEvent<CaptureBatch>) => {
        const batch = event.data;
        queue = queue
          .then(() => (ports === current ? run(model, batch, current.out, current.frames) : undefined))
          .catch((error: unknown) => report(current.out, `Speech detection stopped at frame ${batch.firstFrameIndex}`, error));
      };
    },
    reset() {
      queue = queue.then(async () => (await vad)?.reset()).catch(() => undefined);
    },
  };
}

async function run(model: SileroVad, batch: CaptureBatch, out: MessagePort, frames: MessagePort): Promise<void> {
  const probabilities = new Float32Array(batch.frameCount);
  let failure: unknown = null;
  for (let f = 0; f < batch.frameCount; f++) {
    if (failure !== null) {
      probabilities[f] = Number.NaN;
      continue;
    }
    try {
      probabilities[f] = await model.process(batch.samples.subarray(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES));
    } catch (error) {
      failure = error;
      probabilities[f] = Number.NaN;
    }
  }
  if (failure !== null) report(out, `Speech detection failed in the batch from frame ${batch.firstFrameIndex}`, failure);
  const samples = batch.samples;
  const batchLength = samples.length; // read before the transfer below detaches it
  const message: VadBatch = {
    type: 'batch',
    frames: samples.subarray(0, batch.frameCount * VAD_FRAME_SAMPLES),
    probabilities,
    firstFrameIndex: batch.firstFrameIndex,
    peak: batch.peak,
    dropped: batch.dropped,
    final: batch.final,
  };
  out.postMessage(message, [samples.buffer, probabilities.buffer]);
  // The page keeps this batch's buffer; the worklet's pool gets a fresh one of the same size instead.
  if (!batch.final) {
    const replacement = new Float32Array(batchLength);
    frames.postMessage(replacement, [replacement.buffer]);
  }
}

function report(out: MessagePort, what: string, error: unknown): void {
  const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  out.postMessage({ type: 'error', message } satisfies VadOutMessage);
}

answerCalls(vadWorker(), (error) => ({ code: error instanceof VadModelError ? 'vad-model' : 'vad', message: error instanceof Error ? error.message : String(error) }));
