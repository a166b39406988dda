/**
 * Chooses model, backend, weight precision and thread count from what the browser can do and
 * what the user asked for. Pure, so every capability combination can be tested in Node.
 */
import { DEFAULT_WASM_MODEL, DEFAULT_WEBGPU_MODEL, MODELS, SMALLEST_MODEL, findModel, modelLabel, type ModelInfo } from '../models/catalogue.ts';
import { parseDtypeChoice, type Dtype, type DtypePair } from '../models/dtype.ts';
import type { Backend, DeviceChoice } from '../shared/choices.ts';

export interface Capabilities {
  webgpu: boolean;
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Cross-origin isolated, with workers on the page's origin: what ONNX Runtime's WASM threads need. */
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  deviceMemoryGb?: number;
}

export interface UserChoice {
  model?: string;
  device?: DeviceChoice;
  /** One dtype for both, or `encoder,decoder`. */
  dtype?: Dtype | `${Dtype},${Dtype}`;
}

export interface Plan {
  model: string;
  device: Backend;
  encoderDtype: Dtype;
  decoderDtype: Dtype;
  threads: number;
  /** One sentence a user can read: why this model, device and precision. */
  reason: string;
}

/** ONNX Runtime's WASM threads need SharedArrayBuffer, hence cross-origin isolation; beyond 8 threads Whisper gains nothing. */
export function threadCount(caps: Capabilities): number {
  if (!caps.crossOriginIsolated) return 1;
  const cores = Number.isFinite(caps.hardwareConcurrency) ? Math.floor(caps.hardwareConcurrency) : 1;
  return Math.max(1, Math.min(cores, 8));
}

/** A weight buffer must fit both in one GPU buffer and in one storage binding. */
const gpuBufferLimit = (caps: Capabilities): number => Math.min(caps.maxBufferSize, caps.maxStorageBufferBindingSize);

/**
 * Without shader-f16 the encoder runs in fp32, so the default is the largest multilingual model
 * whose whole fp32 encoder fits under the smaller of maxBufferSize and maxStorageBufferBindingSize.
 * (The real constraint is per weight buffer, but the whole encoder is a safe, simple bound that
 * rules out large-v3-turbo's ~2.5 GB encoder on GPUs capped at 2 GB.) Multilingual only, so the
 * default works for every language.
 */
function largestFittingModel(caps: Capabilities): ModelInfo | undefined {
  const limit = gpuBufferLimit(caps);
  return MODELS.find((m) => m.multilingual && m.encoderFp32Bytes <= limit);
}

const sentence = (clauses: string[]): string => {
  const text = clauses.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
};

const article = (dtype: Dtype): string => (dtype.startsWith('f') ? `an ${dtype}` : `a ${dtype}`);

const precision = (encoder: Dtype, decoder: Dtype): string =>
  encoder === decoder ? `${encoder} weights` : `${article(encoder)} encoder and ${article(decoder)} decoder`;

interface DtypeDecision extends DtypePair {
  notes: string[];
}

function webgpuDtypes(caps: Capabilities, asked: DtypePair | undefined): DtypeDecision {
  const notes: string[] = [];
  const defaults = { encoder: caps.shaderF16 ? 'fp16' : 'fp32', decoder: 'q4' } as const;
  let encoder: Dtype = asked?.encoder ?? defaults.encoder;
  let decoder: Dtype = asked?.decoder ?? defaults.decoder;
  if (!caps.shaderF16) {
    // Without shader-f16 the GPU cannot run fp16 kernels at all; fall to the nearest full-precision type.
    const withoutF16 = (d: Dtype): Dtype => (d === 'fp16' ? 'fp32' : d === 'q4f16' ? 'q4' : d);
    if (withoutF16(encoder) !== encoder || withoutF16(decoder) !== decoder) {
      notes.push('this GPU lacks shader-f16, so fp16 weights were swapped for fp32 and q4f16 for q4');
      encoder = withoutF16(encoder);
      decoder = withoutF16(decoder);
    }
  }
  if (decoder === 'q8') {
    notes.push('q8 decoders produce garbage on WebGPU, so the decoder uses q4 instead');
    decoder = 'q4';
  }
  return { encoder, decoder, notes };
}

interface Asked {
  model: string | undefined;
  dtypes: DtypePair | undefined;
}

function wasmPlan(caps: Capabilities, asked: Asked, notes: string[]): Plan {
  const model = asked.model ?? DEFAULT_WASM_MODEL;
  const encoderDtype = asked.dtypes?.encoder ?? 'q8';
  const decoderDtype = asked.dtypes?.decoder ?? 'q8';
  let why = `running ${modelLabel(model)} on the CPU (WASM) with ${precision(encoderDtype, decoderDtype)}`;
  if (!asked.model) why += ', because larger models are too slow on the CPU';
  return { model, device: 'wasm', encoderDtype, decoderDtype, threads: threadCount(caps), reason: sentence([...notes, why]) };
}

function webgpuPlan(caps: Capabilities, model: string, why: string, asked: Asked): Plan {
  const dtypes = webgpuDtypes(caps, asked.dtypes);
  const info = findModel(model);
  const clauses = [`${why} on WebGPU with ${precision(dtypes.encoder, dtypes.decoder)}`, ...dtypes.notes];
  if (dtypes.encoder === 'fp32' && info && info.encoderFp32Bytes > gpuBufferLimit(caps)) {
    clauses.push("its fp32 encoder may not fit this GPU's buffer limits");
  }
  return {
    model, device: 'webgpu', encoderDtype: dtypes.encoder, decoderDtype: dtypes.decoder,
    threads: threadCount(caps), reason: sentence(clauses),
  };
}

export function planDevice(caps: Capabilities, choice: UserChoice): Plan {
  const asked: Asked = {
    model: choice.model?.trim() || undefined,
    dtypes: choice.dtype === undefined ? undefined : parseDtypeChoice(choice.dtype),
  };
  if (choice.device === 'wasm') return wasmPlan(caps, asked, []);
  if (!caps.webgpu) {
    const missing = choice.device === 'webgpu' ? 'WebGPU was requested but is not available in this browser' : 'WebGPU is not available in this browser';
    return wasmPlan(caps, asked, [missing]);
  }
  if (asked.model) return webgpuPlan(caps, asked.model, `running ${modelLabel(asked.model)}`, asked);
  if (caps.shaderF16) {
    return webgpuPlan(caps, DEFAULT_WEBGPU_MODEL, `this GPU supports shader-f16, so running ${modelLabel(DEFAULT_WEBGPU_MODEL)}`, asked);
  }
  const fitting = largestFittingModel(caps);
  if (fitting) {
    return webgpuPlan(caps, fitting.id, `this GPU lacks shader-f16, so running ${modelLabel(fitting.id)}, the largest model whose fp32 encoder fits its buffer limits,`, asked);
  }
  const tooSmall = "this GPU's buffer limits are too small for any model's fp32 encoder";
  if (choice.device === 'webgpu') return webgpuPlan(caps, SMALLEST_MODEL, `${tooSmall}, but WebGPU was asked for, so running ${modelLabel(SMALLEST_MODEL)}`, asked);
  return wasmPlan(caps, asked, [tooSmall]);
}

/** True for large-v3-turbo by hub id or as the last part of a URL or path holding a copy of it. */
const isLargeTurbo = (model: string): boolean =>
  model.replace(/\/+$/, '').split('/').pop() === DEFAULT_WEBGPU_MODEL.split('/').pop();

/** After WebGPU fails (adapter refused, session creation failed, device lost): the CPU with q8 weights. */
export function fallbackPlan(failed: Plan, caps: Capabilities): Plan {
  const tooBig = isLargeTurbo(failed.model);
  const model = tooBig ? DEFAULT_WASM_MODEL : failed.model;
  const clauses = [`WebGPU failed, so running ${modelLabel(model)} on the CPU (WASM) with q8 weights`];
  if (tooBig) clauses.push(`${modelLabel(failed.model)} is too slow on the CPU`);
  return { model, device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: threadCount(caps), reason: sentence(clauses) };
}
