import { Tensor } from '@huggingface/transformers';
import type { DecoderRun, EncodedWindow, FedLogits } from '../decoding/window-decoder.ts';

type OrtTensor = Tensor['ort_tensor'];

/** The part of an ONNX Runtime session (web or node) this file uses. */
export interface OrtSession {
  inputNames: readonly string[];
  outputNames?: readonly string[];
  inputMetadata?: readonly { name: string; type?: string }[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

export interface DecoderShape {
  layers: number;
  heads: number;
  headSize: number;
  /**
   * `[layer, head]` of the cross-attention heads that follow the audio, for a decoder exported with its
   * cross-attention (`cross_attentions.<layer>` outputs, the `_timestamped` exports); absent for the others.
   */
  alignmentHeads?: readonly (readonly [number, number])[];
}

/**
 * Whisper's merged decoder (optimum's `decoder_model_merged`) driven step by step: the first feed computes the
 * cross-attention keys and values from the encoder states (`use_cache_branch` false), every later feed reuses them
 * and grows the self-attention cache. Rows are candidates decoded side by side, as a batch.
 *
 * On WebGPU transformers.js keeps the cache outputs in GPU buffers; every replaced one is disposed here, or
 * decoding a long file would leak GPU memory.
 */
export class OnnxEncodedWindow implements EncodedWindow {
  constructor(
    private readonly decoder: OrtSession,
    private readonly shape: DecoderShape,
    /** `last_hidden_state` of one window, `[1, frames, d]`. */
    private readonly states: Tensor,
  ) {}

  /** Runs the encoder on `[1, mels, 3000]` features. */
  static async encode(encoder: OrtSession, decoder: OrtSession, shape: DecoderShape, features: Tensor): Promise<OnnxEncodedWindow> {
    const out = await encoder.run({ input_features: features.ort_tensor });
    return new OnnxEncodedWindow(decoder, shape, new Tensor(out.last_hidden_state!));
  }

  async start(rows: number): Promise<DecoderRun> {
    return new OnnxDecoderRun(this.decoder, this.shape, rows === 1 ? this.states : tileRows(this.states, rows), rows, this.states);
  }

  dispose(): void {
    this.states.dispose();
  }
}

class OnnxDecoderRun implements DecoderRun {
  private past: Record<string, Tensor> | null = null;

  constructor(
    private readonly session: OrtSession,
    private readonly shape: DecoderShape,
    private readonly states: Tensor,
    private readonly rows: number,
    private readonly shared: Tensor,
  ) {}

  async feed(tokens: readonly (readonly number[])[]): Promise<FedLogits> {
    const length = tokens[0]!.length;
    const ids = new BigInt64Array(this.rows * length);
    tokens.forEach((row, r) => row.forEach((t, i) => (ids[r * length + i] = BigInt(t))));
    const first = this.past === null;
    const feeds: Record<string, OrtTensor> = {
      input_ids: new Tensor('int64', ids, [this.rows, length]).ort_tensor,
      encoder_hidden_states: this.states.ort_tensor,
      use_cache_branch: new Tensor('bool', [!first], [1]).ort_tensor,
    };
    const past = this.past ?? this.emptyCache();
    for (const [name, tensor] of Object.entries(past)) feeds[name] = tensor.ort_tensor;
    const inputs = Object.fromEntries(Object.entries(feeds).filter(([name]) => this.session.inputNames.includes(name)));
    const out = await this.session.run(inputs);

    const next: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(out)) {
      if (!name.startsWith('present.')) continue;
      const key = name.replace('present.', 'past_key_values.');
      const tensor = new Tensor(value);
      // The cross-attention keys and values are computed once; later steps hand back copies of them.
      if (!first && key.includes('.encoder.')) {
        if (tensor.location === 'gpu-buffer') tensor.dispose();
        next[key] = past[key]!;
      } else {
        next[key] = tensor;
      }
    }
    if (this.past) for (const [key, tensor] of Object.entries(this.past)) if (next[key] !== tensor) release(tensor);
    this.past = next;

    const logits = new Tensor(out.logits!);
    const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
    const [, positions, vocab] = logits.dims as [number, number, number];
    const fed: FedLogits = { positions, at: (row, position) => data.subarray((row * positions + position) * vocab, (row * positions + position + 1) * vocab) };
    const heads = this.shape.alignmentHeads;
    if (heads) fed.attention = alignmentOf(out, heads);
    return fed;
  }

  async reorder(parents: readonly number[]): Promise<void> {
    if (!this.past || parents.every((p, r) => p === r)) return;
    for (const [key, tensor] of Object.entries(this.past)) {
      // The cross-attention keys and values are the same in every row: only the self-attention cache differs.
      if (!key.includes('.decoder.')) continue;
      const source = (tensor.location === 'gpu-buffer' ? await tensor.ort_tensor.getData() : tensor.data) as Float32Array | Uint16Array;
      const rowSize = source.length / this.rows;
      const gathered = new (source.constructor as Float32ArrayConstructor | Uint16ArrayConstructor)(source.length);
      parents.forEach((parent, r) => gathered.set(source.subarray(parent * rowSize, (parent + 1) * rowSize), r * rowSize));
      release(tensor);
      this.past[key] = new Tensor(tensor.type, gathered, [...tensor.dims]);
    }
  }

  dispose(): void {
    if (this.past) for (const tensor of Object.values(this.past)) release(tensor);
    this.past = null;
    if (this.states !== this.shared) this.states.dispose();
  }

  /** Zero-length caches for the first step, typed as the session declares them (fp16 decoders take fp16). */
  private emptyCache(): Record<string, Tensor> {
    const cache: Record<string, Tensor> = {};
    const { layers, heads, headSize } = this.shape;
    for (let l = 0; l < layers; l++) {
      for (const part of ['decoder', 'encoder']) {
        for (const kv of ['key', 'value']) {
          const name = `past_key_values.${l}.${part}.${kv}`;
          const type = this.session.inputMetadata?.find((m) => m.name === name)?.type === 'float16' ? 'float16' : 'float32';
          const empty = type === 'float16' ? new Uint16Array(0) : new Float32Array(0);
          cache[name] = new Tensor(type, empty, [this.rows, heads, 0, headSize]);
        }
      }
    }
    return cache;
  }
}

/**
 * Reads the alignment heads' weights for the last position fed, `[heads × frames]` per row, from the
 * `cross_attentions.<layer>` outputs (`[rows, heads, positions, frames]`).
 */
function alignmentOf(out: Record<string, OrtTensor>, heads: readonly (readonly [number, number])[]): (row: number) => Float32Array {
  const layers = new Map<number, { data: Float32Array; dims: number[] }>();
  for (const [layer] of heads) {
    if (layers.has(layer)) continue;
    const tensor = new Tensor(out[`cross_attentions.${layer}`]!);
    layers.set(layer, { data: (tensor.type === 'float32' ? tensor : tensor.to('float32')).data as Float32Array, dims: tensor.dims as number[] });
  }
  return (row) => {
    const frames = layers.values().next().value!.dims[3]!;
    const rowOut = new Float32Array(heads.length * frames);
    heads.forEach(([layer, head], i) => {
      const { data, dims } = layers.get(layer)!;
      const [, count, positions] = dims as [number, number, number, number];
      const at = ((row * count + head) * positions + positions - 1) * frames;
      rowOut.set(data.subarray(at, at + frames), i * frames);
    });
    return rowOut;
  };
}

function release(tensor: Tensor): void {
  if (tensor.location === 'gpu-buffer') tensor.dispose();
}

/** The encoder states repeated for each row of a batch. */
function tileRows(states: Tensor, rows: number): Tensor {
  const source = states.data as Float32Array | Uint16Array;
  const tiled = new (source.constructor as Float32ArrayConstructor | Uint16ArrayConstructor)(source.length * rows);
  for (let r = 0; r < rows; r++) tiled.set(source, r * source.length);
  const [, frames, d] = states.dims as [number, number, number];
  return new Tensor(states.type, tiled, [rows, frames, d]);
}
