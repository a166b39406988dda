import { mulberry32 } from '../../src/shared/random.ts';
import { DType, type Graph } from './onnx-graph.ts';

/** Size of the pool of Gaussian draws that weights are picked from: a power of two, indexed by 16 random bits. */
const POOL_BITS = 16;

/**
 * Deterministic weights: the same seed always writes the same model, byte for byte. Each weight is a draw from a
 * fixed pool of 65,536 seeded Gaussian values, picked by an inlined mulberry32 step: a few nanoseconds a weight
 * instead of a Box–Muller pair's ~100, so large-v3-turbo's 809 M weights take seconds, not minutes. (The weights
 * carry no meaning; only their scale matters, which the pool keeps.)
 */
export class WeightSource {
  private state: number;
  private static pool: Float32Array | null = null;

  constructor(seed: number) {
    this.state = (seed || 1) >>> 0;
  }

  normal(count: number, std: number): Float32Array {
    const pool = (WeightSource.pool ??= gaussianPool());
    const out = new Float32Array(count);
    let a = this.state;
    for (let i = 0; i < count; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = pool[(t ^ (t >>> 14)) >>> (32 - POOL_BITS)]! * std;
    }
    this.state = a;
    return out;
  }
}

/** Box–Muller over mulberry32: the pool's standard-normal values. */
function gaussianPool(): Float32Array {
  const uniform = mulberry32(0x9a55);
  const out = new Float32Array(1 << POOL_BITS);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12)));
    const theta = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(theta);
    out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/**
 * How weights are stored: fp32 as-is; fp16 halves with a Cast back to fp32; q8 int8 projection weights with a
 * per-column DequantizeLinear; q4 4-bit blocks read by ONNX Runtime's MatMulNBits kernel (what the q4 files of
 * the onnx-community checkpoints use).
 */
export type WeightFormat = 'fp32' | 'fp16' | 'q8' | 'q4';

export class Layers {
  constructor(
    readonly g: Graph,
    private readonly rng: WeightSource,
    private readonly format: WeightFormat = 'fp32',
    private readonly std = 0.02,
  ) {}

  /** A learned tensor in the chosen storage format; ONNX Runtime folds the Cast once at session creation. */
  param(name: string, dims: number[], init: 'normal' | 'zeros' | 'ones' = 'normal'): string {
    const data = this.values(dims, init);
    if (this.format !== 'fp16') return this.g.weight(name, data, dims);
    const half = this.g.weight(name, data, dims, { type: DType.float16, data: toFloat16(data) });
    return this.g.op('Cast', [half], { to: DType.float });
  }

  private values(dims: number[], init: 'normal' | 'zeros' | 'ones'): Float32Array {
    const count = dims.reduce((a, b) => a * b, 1);
    return init === 'normal' ? this.rng.normal(count, this.std) : new Float32Array(count).fill(init === 'ones' ? 1 : 0);
  }

  linear(x: string, name: string, inDim: number, outDim: number, bias = true): string {
    const y = this.matmul(x, `${name}.weight`, inDim, outDim);
    return bias ? this.g.op('Add', [y, this.param(`${name}.bias`, [outDim], 'zeros')]) : y;
  }

  private matmul(x: string, name: string, inDim: number, outDim: number): string {
    const g = this.g;
    if (this.format === 'q8') {
      const w = this.values([inDim, outDim], 'normal');
      const { q, scales } = quantizeInt8(w, inDim, outDim);
      const stored = g.weight(name, w, [inDim, outDim], { type: DType.int8, data: q });
      const scale = g.constant(scales, [outDim], DType.float, 'scale');
      const zero = g.constant(new Int8Array(outDim), [outDim], DType.int8, 'zero_point');
      return g.op('MatMul', [x, g.op('DequantizeLinear', [stored, scale, zero], { axis: 1 })]);
    }
    if (this.format === 'q4') {
      const w = this.values([inDim, outDim], 'normal');
      const blockSize = inDim % 32 === 0 ? 32 : 16;
      const { packed, scales } = quantizeInt4(w, inDim, outDim, blockSize);
      const blocks = inDim / blockSize;
      const stored = g.weight(name, w, [outDim, blocks, blockSize / 2], { type: DType.uint8, data: packed });
      const scale = g.constant(scales, [outDim * blocks], DType.float, 'scale');
      return g.op('MatMulNBits', [x, stored, scale], { K: inDim, N: outDim, bits: 4, block_size: blockSize }, 'com.microsoft');
    }
    return g.op('MatMul', [x, this.param(name, [inDim, outDim])]);
  }

  layerNorm(x: string, name: string, dim: number): string {
    return this.g.op('LayerNormalization', [x, this.param(`${name}.weight`, [dim], 'ones'), this.param(`${name}.bias`, [dim], 'zeros')], {
      axis: -1,
      epsilon: 1e-5,
    });
  }

  /** GELU in the erf form the PyTorch exporter writes (ORT fuses it into one kernel). */
  gelu(x: string): string {
    const g = this.g;
    const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])]);
    return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [erf, g.scalar(1)])]);
  }

  /** [B, T, d] → [B, H, T, d/H] */
  splitHeads(x: string, heads: number, headDim: number): string {
    const r = this.g.op('Reshape', [x, this.g.ints([0, 0, heads, headDim])]);
    return this.g.op('Transpose', [r], { perm: [0, 2, 1, 3] });
  }

  /** [B, H, T, d/H] → [B, T, d] */
  mergeHeads(x: string, dModel: number): string {
    const t = this.g.op('Transpose', [x], { perm: [0, 2, 1, 3] });
    return this.g.op('Reshape', [t, this.g.ints([0, 0, dModel])]);
  }

  /** softmax(q·kᵀ/√d + mask) over [B, H, ·, d/H] tensors. */
  attentionWeights(q: string, k: string, headDim: number, mask?: string): string {
    const g = this.g;
    const scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [k], { perm: [0, 1, 3, 2] })]), g.scalar(1 / Math.sqrt(headDim))]);
    return g.op('Softmax', [mask ? g.op('Add', [scores, mask]) : scores], { axis: -1 });
  }

  /** softmax(q·kᵀ/√d + mask)·v over [B, H, ·, d/H] tensors. */
  attend(q: string, k: string, v: string, headDim: number, mask?: string): string {
    return this.g.op('MatMul', [this.attentionWeights(q, k, headDim, mask), v]);
  }

  feedForward(x: string, name: string, dModel: number, ffn: number): string {
    return this.linear(this.gelu(this.linear(x, `${name}.fc1`, dModel, ffn)), `${name}.fc2`, ffn, dModel);
  }
}

/** Symmetric per-column int8: column n of `w` ([rows, cols]) is q[·, n] × scales[n]. */
function quantizeInt8(w: Float32Array, rows: number, cols: number) {
  const scales = new Float32Array(cols);
  for (let i = 0; i < w.length; i++) scales[i % cols] = Math.max(scales[i % cols]!, Math.abs(w[i]!));
  for (let n = 0; n < cols; n++) scales[n] = scales[n]! / 127 || 1;
  const q = new Int8Array(rows * cols);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scales[i % cols]!);
  return { q, scales };
}

/** MatMulNBits layout: per output column, blocks along K, two 4-bit values a byte (low nibble first), zero point 8. */
function quantizeInt4(w: Float32Array, rows: number, cols: number, blockSize: number) {
  const blocks = rows / blockSize;
  const packed = new Uint8Array(cols * blocks * (blockSize / 2));
  const scales = new Float32Array(cols * blocks);
  for (let n = 0; n < cols; n++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let j = 0; j < blockSize; j++) max = Math.max(max, Math.abs(w[(b * blockSize + j) * cols + n]!));
      const scale = max / 7 || 1;
      scales[n * blocks + b] = scale;
      for (let j = 0; j < blockSize; j++) {
        const q = Math.min(15, Math.max(0, Math.round(w[(b * blockSize + j) * cols + n]! / scale) + 8));
        const at = (n * blocks + b) * (blockSize / 2) + (j >> 1);
        packed[at] = packed[at]! | (j & 1 ? q << 4 : q);
      }
    }
  }
  return { packed, scales };
}

/** IEEE 754 half precision, round to nearest even. */
export function toFloat16(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < src.length; i++) {
    f[0] = src[i]!;
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = ((x >>> 23) & 0xff) - 127 + 15;
    let mant = x & 0x7fffff;
    if (exp <= 0) {
      if (exp < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - exp;
      const half = (mant >>> shift) + ((mant >>> (shift - 1)) & 1);
      out[i] = sign | half;
    } else if (exp >= 31) {
      out[i] = sign | 0x7c00;
    } else {
      const rounded = (exp << 10) | (mant >>> 13);
      out[i] = sign | (rounded + ((mant >>> 12) & 1));
    }
  }
  return out;
}
