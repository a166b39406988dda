/**
 * The Whisper models the app offers: ids, labels, download sizes and what each can do. Largest first, because the
 * device plan's default-picking rule walks this order.
 */
import type { Dtype } from './dtype.ts';

/** What the settings need to offer a model: its name, and whether it knows other languages and can translate. */
export interface SettingsModelInfo {
  id: string;
  label: string;
  multilingual: boolean;
  canTranslate: boolean;
}

export interface ModelInfo extends SettingsModelInfo {
  /** Rough download of encoder + decoder with both in that dtype, in MB. */
  downloadMb: Readonly<Record<Dtype, number>>;
  /** large-v3-turbo was fine-tuned without translation data, and `.en` models know only English. */
  canTranslate: boolean;
  /** fp32 encoder weights in bytes: what must fit in the GPU's buffer limits when fp16 is unavailable. */
  encoderFp32Bytes: number;
  /**
   * The hub repository its files come from, where it is not `id`: the `_timestamped` export, the same weights with
   * a decoder that also outputs its cross-attention, which word timing reads.
   */
  repo?: string;
}

const MB = 1_000_000;

/** Largest first: the default-picking rule walks this order. */
export const MODELS: readonly ModelInfo[] = [
  {
    id: 'onnx-community/whisper-large-v3-turbo', label: 'Large v3 Turbo', multilingual: true, canTranslate: false,
    downloadMb: { fp32: 3250, fp16: 1620, q8: 830, q4: 1000, q4f16: 580 }, encoderFp32Bytes: 2540 * MB, repo: 'onnx-community/whisper-large-v3-turbo_timestamped',
  },
  {
    id: 'onnx-community/whisper-medium', label: 'Medium', multilingual: true, canTranslate: true,
    downloadMb: { fp32: 3060, fp16: 1530, q8: 790, q4: 950, q4f16: 560 }, encoderFp32Bytes: 1230 * MB,
  },
  {
    id: 'onnx-community/whisper-medium.en', label: 'Medium (English)', multilingual: false, canTranslate: false,
    downloadMb: { fp32: 3060, fp16: 1530, q8: 790, q4: 950, q4f16: 560 }, encoderFp32Bytes: 1230 * MB,
  },
  {
    id: 'onnx-community/whisper-small', label: 'Small', multilingual: true, canTranslate: true,
    downloadMb: { fp32: 970, fp16: 490, q8: 250, q4: 330, q4f16: 200 }, encoderFp32Bytes: 353 * MB, repo: 'onnx-community/whisper-small_timestamped',
  },
  {
    id: 'onnx-community/whisper-small.en', label: 'Small (English)', multilingual: false, canTranslate: false,
    downloadMb: { fp32: 970, fp16: 490, q8: 250, q4: 330, q4f16: 200 }, encoderFp32Bytes: 353 * MB, repo: 'onnx-community/whisper-small.en_timestamped',
  },
  {
    id: 'onnx-community/whisper-base', label: 'Base', multilingual: true, canTranslate: true,
    downloadMb: { fp32: 290, fp16: 145, q8: 80, q4: 110, q4f16: 65 }, encoderFp32Bytes: 83 * MB, repo: 'onnx-community/whisper-base_timestamped',
  },
  {
    id: 'onnx-community/whisper-base.en', label: 'Base (English)', multilingual: false, canTranslate: false,
    downloadMb: { fp32: 290, fp16: 145, q8: 80, q4: 110, q4f16: 65 }, encoderFp32Bytes: 83 * MB, repo: 'onnx-community/whisper-base.en_timestamped',
  },
  {
    id: 'onnx-community/whisper-tiny', label: 'Tiny', multilingual: true, canTranslate: true,
    downloadMb: { fp32: 150, fp16: 75, q8: 40, q4: 60, q4f16: 35 }, encoderFp32Bytes: 33 * MB, repo: 'onnx-community/whisper-tiny_timestamped',
  },
  {
    id: 'onnx-community/whisper-tiny.en', label: 'Tiny (English)', multilingual: false, canTranslate: false,
    downloadMb: { fp32: 150, fp16: 75, q8: 40, q4: 60, q4f16: 35 }, encoderFp32Bytes: 33 * MB, repo: 'onnx-community/whisper-tiny.en_timestamped',
  },
];

export const DEFAULT_WEBGPU_MODEL = 'onnx-community/whisper-large-v3-turbo';
export const DEFAULT_WASM_MODEL = 'onnx-community/whisper-base';
/** What a GPU too small for every fp32 encoder runs when WebGPU is insisted on. */
export const SMALLEST_MODEL = 'onnx-community/whisper-tiny';

export const findModel = (id: string): ModelInfo | undefined => MODELS.find((m) => m.id === id);

/** The hub repository a model id's files come from (the id itself for models not in the catalogue). */
export const repoOf = (id: string): string => findModel(id)?.repo ?? id;

/** `Whisper Base` for a catalogue model; anything else (a URL, a path, another hub id) as given. */
export const modelLabel = (id: string): string => {
  const known = findModel(id);
  return known ? `Whisper ${known.label}` : id;
};
