/**
 * Chooses model, backend, weight precision and thread count from what the browser can do, what earlier visits
 * showed, and what the user asked for. Pure, so every capability combination can be tested in Node.
 *
 * The default model is the largest multilingual one that passes every rule, walking the catalogue largest first:
 * - WebGPU with shader-f16: the whole fp16 encoder fits the GPU's buffer limits (large-v3-turbo's is 1.27 GB);
 *   without shader-f16, the whole fp32 encoder does. The real limit is per weight buffer, but the whole encoder
 *   is a safe, simple bound, and an adapter with small limits is usually a small GPU.
 * - Device memory, where the browser tells it (`navigator.deviceMemory`): at least MEMORY_PER_DOWNLOAD_BYTE times
 *   the download for the planned precision. So large-v3-turbo (about 1.3 GB as fp16/q4) needs 5.2 GB and runs by
 *   default only where the device reports 8 GB (Chrome reports 8 for 8 GB or more); 4 GB gets Small.
 * - No load of that model on that backend died with the tab on an earlier visit (load-records.ts keeps them).
 * WASM's default is Whisper Base (larger models are too slow on a CPU), or Tiny where Base breaks a rule.
 * A model the user names is always kept; the reason then warns when it breaks a rule.
 */
import { DEFAULT_WASM_MODEL, DEFAULT_WEBGPU_MODEL, MODELS, SMALLEST_MODEL, findModel, modelLabel, type ModelInfo } from '../models/catalogue.ts';
import { parseDtypeChoice, type Dtype, type DtypePair } from '../models/dtype.ts';
import { catalogueBytes, formatBytes } from '../models/storage-space.ts';
import type { Backend, DeviceChoice } from '../shared/choices.ts';

export interface Capabilities {
  webgpu: boolean;
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Cross-origin isolated, with workers on the page's origin: what ONNX Runtime's WASM threads need. */
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** `navigator.deviceMemory` in GB (Chrome: 0.25 to 8, where 8 means 8 or more); absent where the browser hides it. */
  deviceMemoryGb?: number;
}

/** A model load that never finished: the tab died while it loaded, most likely out of memory. */
export interface CrashedLoad {
  model: string;
  device: Backend;
}

/** What earlier visits showed on this device. */
export interface LoadHistory {
  crashed: readonly CrashedLoad[];
}

const NO_HISTORY: LoadHistory = { crashed: [] };

/**
 * Device memory a model needs, as a multiple of its download: while the session is built the weights are held
 * twice (the file's bytes and the runtime's copy), and the browser, the page and the system need as much again.
 */
export const MEMORY_PER_DOWNLOAD_BYTE = 4;
const GiB = 1024 ** 3;

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

/** Why the default passed over a larger model. */
type Skip = 'crashed' | 'buffers' | 'memory';

interface Candidate {
  model: ModelInfo;
  skip: Skip | null;
}

const crashedHere = (history: LoadHistory, model: string, device: Backend): boolean =>
  history.crashed.some((c) => c.model === model && c.device === device);

/** Bytes of memory the model needs on this device, or null when the catalogue does not know its size. */
const neededMemory = (model: string, dtypes: DtypePair): number | null => {
  const bytes = catalogueBytes(findModel(model), dtypes);
  return bytes === null ? null : bytes * MEMORY_PER_DOWNLOAD_BYTE;
};

const tooLittleMemory = (caps: Capabilities, model: string, dtypes: DtypePair): boolean => {
  const needed = neededMemory(model, dtypes);
  return caps.deviceMemoryGb !== undefined && needed !== null && needed > caps.deviceMemoryGb * GiB;
};

/** Every candidate in catalogue order with the first rule it breaks; the first with none is the default. */
const judge = (models: readonly ModelInfo[], rules: (m: ModelInfo) => Skip | null): Candidate[] =>
  models.map((model) => ({ model, skip: rules(model) }));

const memoryText = (caps: Capabilities): string => `${caps.deviceMemoryGb} GB`;

/** One clause per kind of rule that passed over a model larger than the pick, naming the largest such model. */
function skipClauses(skipped: readonly Candidate[], caps: Capabilities, dtypes: DtypePair, encoder: Dtype): string[] {
  const clauses: string[] = [];
  const seen = new Set<Skip>();
  for (const { model, skip } of skipped) {
    if (!skip || seen.has(skip)) continue;
    seen.add(skip);
    const label = modelLabel(model.id);
    if (skip === 'crashed') clauses.push(`${label} did not finish loading here last time (the tab probably ran out of memory)`);
    else if (skip === 'memory') clauses.push(`this device has ${memoryText(caps)} of memory and ${label} needs about ${formatBytes(neededMemory(model.id, dtypes) ?? 0)}`);
    else clauses.push(`${label}'s ${encoder} encoder does not fit this GPU's buffer limits`);
  }
  return clauses;
}

const joined = (clauses: string[]): string => clauses.join(' and ');

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

/** Warnings for a model the user named that breaks a rule the default would have kept. */
function chosenModelWarnings(caps: Capabilities, history: LoadHistory, model: string, device: Backend, dtypes: DtypePair): string[] {
  const warnings: string[] = [];
  if (crashedHere(history, model, device)) {
    warnings.push('it did not finish loading here last time (the tab probably ran out of memory), so choose a smaller model if that happens again');
  }
  if (tooLittleMemory(caps, model, dtypes)) {
    warnings.push(`this device has ${memoryText(caps)} of memory and it needs about ${formatBytes(neededMemory(model, dtypes) ?? 0)}`);
  }
  return warnings;
}

/** Base, then Tiny: larger models are too slow on a CPU whatever the memory. */
const WASM_CANDIDATES = MODELS.slice(MODELS.findIndex((m) => m.id === DEFAULT_WASM_MODEL)).filter((m) => m.multilingual);

function wasmPlan(caps: Capabilities, asked: Asked, notes: string[], history: LoadHistory): Plan {
  const encoderDtype = asked.dtypes?.encoder ?? 'q8';
  const decoderDtype = asked.dtypes?.decoder ?? 'q8';
  const dtypes = { encoder: encoderDtype, decoder: decoderDtype };
  const on = `on the CPU (WASM) with ${precision(encoderDtype, decoderDtype)}`;
  const plan = (model: string, clauses: string[]): Plan =>
    ({ model, device: 'wasm', encoderDtype, decoderDtype, threads: threadCount(caps), reason: sentence([...notes, ...clauses]) });
  if (asked.model) {
    return plan(asked.model, [`running ${modelLabel(asked.model)} ${on}`, ...chosenModelWarnings(caps, history, asked.model, 'wasm', dtypes)]);
  }
  const judged = judge(WASM_CANDIDATES, (m) =>
    crashedHere(history, m.id, 'wasm') ? 'crashed' : tooLittleMemory(caps, m.id, dtypes) ? 'memory' : null);
  const pick = judged.findIndex((c) => c.skip === null);
  if (pick === 0) return plan(DEFAULT_WASM_MODEL, [`running ${modelLabel(DEFAULT_WASM_MODEL)} ${on}, because larger models are too slow on the CPU`]);
  const causes = joined(skipClauses(judged.slice(0, pick === -1 ? undefined : pick), caps, dtypes, encoderDtype));
  if (pick === -1) return plan(SMALLEST_MODEL, [causes, `running ${modelLabel(SMALLEST_MODEL)}, the smallest model, ${on}`]);
  return plan(judged[pick]!.model.id, [`${causes}, so running ${modelLabel(judged[pick]!.model.id)} ${on}`]);
}

function webgpuPlan(caps: Capabilities, model: string, why: string, asked: Asked, history: LoadHistory, explicit = false): Plan {
  const dtypes = webgpuDtypes(caps, asked.dtypes);
  const info = findModel(model);
  const clauses = [`${why} on WebGPU with ${precision(dtypes.encoder, dtypes.decoder)}`, ...dtypes.notes];
  if (dtypes.encoder === 'fp32' && info && info.encoderFp32Bytes > gpuBufferLimit(caps)) {
    clauses.push("its fp32 encoder may not fit this GPU's buffer limits");
  }
  if (explicit) clauses.push(...chosenModelWarnings(caps, history, model, 'webgpu', dtypes));
  return {
    model, device: 'webgpu', encoderDtype: dtypes.encoder, decoderDtype: dtypes.decoder,
    threads: threadCount(caps), reason: sentence(clauses),
  };
}

/** The encoder's bytes at the precision it will run in: what must fit the GPU's buffer limits. */
const encoderBytes = (m: ModelInfo, encoder: Dtype): number => (encoder === 'fp32' ? m.encoderFp32Bytes : m.encoderFp32Bytes / 2);

/** The default model on WebGPU, or null (with why) when no model passes the rules there. */
function defaultWebgpuPlan(caps: Capabilities, choice: UserChoice, asked: Asked, history: LoadHistory): Plan | { none: string } {
  const dtypes = webgpuDtypes(caps, asked.dtypes);
  // Quantized encoders are bounded like fp16 ones (their scales and some layers stay in float); without
  // shader-f16 the bound stays the fp32 encoder's, as it always was.
  const encoder = dtypes.encoder === 'fp32' || !caps.shaderF16 ? 'fp32' : 'fp16';
  const limit = gpuBufferLimit(caps);
  const judged = judge(MODELS.filter((m) => m.multilingual), (m) => {
    if (crashedHere(history, m.id, 'webgpu')) return 'crashed';
    if (encoderBytes(m, encoder) > limit) return 'buffers';
    return tooLittleMemory(caps, m.id, dtypes) ? 'memory' : null;
  });
  const pick = judged.findIndex((c) => c.skip === null);
  const skipped = judged.slice(0, pick === -1 ? undefined : pick);
  const onlyBuffers = skipped.every((c) => c.skip === 'buffers');
  if (pick === -1) {
    const none = onlyBuffers && !caps.shaderF16
      ? "this GPU's buffer limits are too small for any model's fp32 encoder"
      : `no model fits this device on WebGPU (${joined(skipClauses(skipped, caps, dtypes, encoder))})`;
    if (choice.device !== 'webgpu') return { none };
    return webgpuPlan(caps, SMALLEST_MODEL, `${none}, but WebGPU was asked for, so running ${modelLabel(SMALLEST_MODEL)}`, asked, history);
  }
  const label = modelLabel(judged[pick]!.model.id);
  const gpu = caps.shaderF16 ? 'this GPU supports shader-f16' : 'this GPU lacks shader-f16';
  let why: string;
  if (skipped.length === 0) why = `${gpu}, so running ${label}`;
  else if (onlyBuffers && !caps.shaderF16) why = `${gpu}, so running ${label}, the largest model whose fp32 encoder fits its buffer limits,`;
  else why = `${gpu}${caps.shaderF16 ? ', but' : ' and'} ${joined(skipClauses(skipped, caps, dtypes, encoder))}, so running ${label}`;
  return webgpuPlan(caps, judged[pick]!.model.id, why, asked, history);
}

export function planDevice(caps: Capabilities, choice: UserChoice, history: LoadHistory = NO_HISTORY): Plan {
  const asked: Asked = {
    model: choice.model?.trim() || undefined,
    dtypes: choice.dtype === undefined ? undefined : parseDtypeChoice(choice.dtype),
  };
  if (choice.device === 'wasm') return wasmPlan(caps, asked, [], history);
  if (!caps.webgpu) {
    const missing = choice.device === 'webgpu' ? 'WebGPU was requested but is not available in this browser' : 'WebGPU is not available in this browser';
    return wasmPlan(caps, asked, [missing], history);
  }
  if (asked.model) return webgpuPlan(caps, asked.model, `running ${modelLabel(asked.model)}`, asked, history, true);
  const plan = defaultWebgpuPlan(caps, choice, asked, history);
  return 'none' in plan ? wasmPlan(caps, asked, [plan.none], history) : plan;
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
