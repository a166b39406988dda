import type * as Ort from 'onnxruntime-web/webgpu';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/** The parts of onnxruntime-web this class uses; injected so the caller picks the runtime entry and its settings. */
export type OrtRuntime = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/** Silero v5 takes exactly 512 samples (32 ms) per call at 16 kHz. */
export const VAD_FRAME_SAMPLES = 512;
/**
 * The tail of the previous frame, prepended to each call as silero-vad's own OnnxWrapper does, so an onset that
 * straddles a frame boundary is seen whole.
 */
const CONTEXT_SAMPLES = 64;
/** RNN state: [2, 1, 128]. */
const STATE_SHAPE = [2, 1, 128] as const;
const STATE_SIZE = 2 * 1 * 128;

export class VadModelError extends Error {
  override name = 'VadModelError';
}

export class VadInputError extends Error {
  override name = 'VadInputError';
}

/**
 * Silero VAD v5: one speech probability per 512-sample frame of 16 kHz mono audio, with the recurrent state
 * carried from frame to frame. Input and state tensors are made once and refilled, so a long stream creates no
 * garbage of its own. Frames must be fed one at a time, in order; `reset()` starts a new stream.
 */
export class SileroVad {
  private readonly input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  private readonly state = new Float32Array(STATE_SIZE);
  private readonly feeds: Record<'input' | 'state' | 'sr', Ort.Tensor>;
  private busy = false;

  private constructor(
    ort: OrtRuntime,
    private readonly session: Ort.InferenceSession,
  ) {
    this.feeds = {
      input: new ort.Tensor('float32', this.input, [1, this.input.length]),
      state: new ort.Tensor('float32', this.state, [...STATE_SHAPE]),
      sr: new ort.Tensor('int64', BigInt64Array.of(BigInt(SAMPLE_RATE)), []),
    };
  }

  /**
   * Creates the session on the runtime's WASM backend: the model is tiny (~2 MB, ~1 ms per frame), so a GPU
   * would only add transfer latency. (Node tests pass `['cpu']` for onnxruntime-node.) Throws VadModelError when
   * the bytes are not a Silero v5/v6 model.
   */
  static async create(ort: OrtRuntime, modelBytes: Uint8Array | ArrayBuffer, executionProviders: string[] = ['wasm']): Promise<SileroVad> {
    const bytes = modelBytes instanceof Uint8Array ? modelBytes : new Uint8Array(modelBytes);
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { executionProviders, graphOptimizationLevel: 'all' });
    } catch (error) {
      throw new VadModelError(`SileroVad.create: ONNX Runtime could not load the model (${describe(error)}).`, { cause: error });
    }
    const missing = [
      ...['input', 'state', 'sr'].filter((name) => !session.inputNames.includes(name)),
      ...['output', 'stateN'].filter((name) => !session.outputNames.includes(name)),
    ];
    if (missing.length > 0) {
      const found = `inputs [${session.inputNames.join(', ')}], outputs [${session.outputNames.join(', ')}]`;
      await session.release();
      throw new VadModelError(`SileroVad.create: not a Silero v5 model: it lacks ${missing.join(', ')} (it has ${found}).`);
    }
    return new SileroVad(ort, session);
  }

  /** The probability (0–1) that `frame` (512 samples at 16 kHz) holds speech. */
  async process(frame: Float32Array): Promise<number> {
    if (frame.length !== VAD_FRAME_SAMPLES) {
      throw new VadInputError(`SileroVad.process: a frame must be ${VAD_FRAME_SAMPLES} samples at 16 kHz (got ${frame.length}).`);
    }
    if (this.busy) {
      throw new VadInputError('SileroVad.process: called before the previous frame finished; feed frames one at a time, in order.');
    }
    this.busy = true;
    try {
      // input = [context | frame]; ONNX Runtime copies it into its heap, so refilling afterwards is safe.
      this.input.set(frame, CONTEXT_SAMPLES);
      const out = await this.session.run(this.feeds);
      this.input.copyWithin(0, VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES + CONTEXT_SAMPLES);
      const { output, stateN } = out;
      if (output === undefined || stateN === undefined) {
        throw new VadModelError('SileroVad.process: the model returned no output or stateN.');
      }
      this.state.set(stateN.data as Float32Array);
      const probability = (output.data as Float32Array)[0];
      output.dispose();
      stateN.dispose();
      if (probability === undefined) throw new VadModelError('SileroVad.process: the model returned an empty output.');
      return probability;
    } finally {
      this.busy = false;
    }
  }

  /** Forgets the stream so far (state and context), for a new recording. */
  reset(): void {
    this.state.fill(0);
    this.input.fill(0, 0, CONTEXT_SAMPLES);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
