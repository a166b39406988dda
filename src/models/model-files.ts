/**
 * Which files make up a Whisper model on this device, where transformers.js fetches them from, and whether they
 * are all stored. Pure, so the naming rules (the part that silently breaks when it drifts from transformers.js)
 * are tested in Node; the Cache API lives in model-cache.ts.
 */
import type { Dtype, DtypePair } from './dtype.ts';
import type { ModelSource } from './model-source.ts';

/** The JSON files the Whisper worker loads: config, generation config, feature extractor, tokenizer. */
export const MODEL_JSON_FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

/** transformers.js's DEFAULT_DTYPE_SUFFIX_MAPPING, for the dtypes this app uses. */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

/** The two ONNX sessions of a Whisper export, by the names transformers.js gives them. */
export const WHISPER_SESSIONS = { encoder: 'encoder_model', decoder: 'decoder_model_merged' } as const;

/**
 * `transformers.js_config.use_external_data_format` from config.json: a chunk count for every file (`true` is one),
 * or a map from file name (with or without the dtype suffix) to one.
 */
export type ExternalDataSetting = boolean | number | Readonly<Record<string, boolean | number>> | null | undefined;

/** How many `.onnx_data` chunks transformers.js loads next to `fullName` (e.g. `encoder_model_fp16.onnx`). */
export function externalDataChunks(setting: ExternalDataSetting, fullName: string, sessionName: string): number {
  if (!setting) return 0;
  if (typeof setting === 'object') {
    if (Object.hasOwn(setting, fullName)) return Number(setting[fullName]);
    if (Object.hasOwn(setting, sessionName)) return Number(setting[sessionName]);
    return 0;
  }
  return Number(setting);
}

/** `model.onnx_data`, `model.onnx_data_1`, …: transformers.js's chunk naming. */
export const externalDataNames = (fullName: string, chunks: number): string[] =>
  Array.from({ length: chunks }, (_, i) => `${fullName}_data${i === 0 ? '' : `_${i}`}`);

/** Reads the external data setting out of a parsed config.json; anything unexpected counts as none. */
export function externalDataSetting(config: unknown): ExternalDataSetting {
  if (typeof config !== 'object' || config === null) return undefined;
  const custom = (config as Record<string, unknown>)['transformers.js_config'];
  if (typeof custom !== 'object' || custom === null) return undefined;
  const value = (custom as Record<string, unknown>).use_external_data_format;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) return value as Record<string, boolean | number>;
  return undefined;
}

/**
 * Every file the worker loads for these dtypes, relative to the model folder. `config` (the parsed config.json,
 * when known) adds the external data chunks that large fp32/fp16 exports keep beside their `.onnx` files.
 */
export function modelFiles(dtypes: DtypePair, config?: unknown): string[] {
  const files: string[] = [...MODEL_JSON_FILES];
  const setting = externalDataSetting(config);
  const onnx = [
    [WHISPER_SESSIONS.encoder, dtypes.encoder],
    [WHISPER_SESSIONS.decoder, dtypes.decoder],
  ] as const;
  for (const [session, dtype] of onnx) {
    const fullName = `${session}${DTYPE_SUFFIX[dtype]}.onnx`;
    files.push(`onnx/${fullName}`);
    for (const chunk of externalDataNames(fullName, externalDataChunks(setting, fullName, session))) files.push(`onnx/${chunk}`);
  }
  return files;
}

/** transformers.js's pathJoin: one slash between parts, whatever slashes the parts bring. */
function pathJoin(...parts: string[]): string {
  return parts
    .map((part, i) => {
      let p = i > 0 ? part.replace(/^\//, '') : part;
      if (i !== parts.length - 1) p = p.replace(/\/$/, '');
      return p;
    })
    .join('/');
}

/**
 * The URL transformers.js fetches `file` from, which is also its key in the `transformers-cache` Cache (the worker
 * always loads revision `main`).
 */
export function modelFileUrl(source: ModelSource, file: string, revision = 'main'): string {
  const folder = source.pathTemplate.replaceAll('{model}', source.id).replaceAll('{revision}', encodeURIComponent(revision));
  return pathJoin(source.host, folder, file);
}

/** The folder every file of the model lives under (ends in `/`): what a delete removes, whatever the dtype. */
export const modelFolderUrl = (source: ModelSource, revision = 'main'): string => modelFileUrl(source, '', revision);

export type ModelCacheState = 'not-downloaded' | 'partial' | 'cached';

/** "cached" only when every file is there: a model missing one file cannot load offline. */
export function modelCacheState(required: readonly string[], present: ReadonlySet<string>): ModelCacheState {
  const have = required.filter((f) => present.has(f)).length;
  if (have === 0) return 'not-downloaded';
  return have === required.length ? 'cached' : 'partial';
}

export const missingFiles = (required: readonly string[], present: ReadonlySet<string>): string[] =>
  required.filter((f) => !present.has(f));

/** The model-relative file name of a cache key under `folder`, or undefined when the key belongs elsewhere. */
export function fileOfUrl(url: string, folder: string): string | undefined {
  return url.startsWith(folder) && url.length > folder.length ? url.slice(folder.length) : undefined;
}
