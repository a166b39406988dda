import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildConfigs } from './configs.ts';
import { buildDecoder } from './decoder.ts';
import { buildEncoder } from './encoder.ts';
import { WeightSource, type WeightFormat } from './layers.ts';
import type { Graph } from './onnx-graph.ts';
import { buildScript } from './script.ts';
import { dimsOf, tokenLayout, voicesOf, type GenerateOptions } from './spec.ts';
import { buildTokenizer } from './tokenizer.ts';

/** File-name suffix transformers.js looks for per dtype (`encoder_model_fp16.onnx`, …). */
export const DTYPE_SUFFIX: Record<WeightFormat, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };

export interface BuiltModel {
  encoder: (format: WeightFormat) => Graph;
  decoder: (format: WeightFormat) => Graph;
  graphs: (format: WeightFormat) => { encoder: Graph; decoder: Graph };
  files: Record<string, object>;
}

/** Everything the folder holds, in memory: JSON files, and graphs built on demand per weight format. */
export function buildModel(options: GenerateOptions): BuiltModel {
  const dims = dimsOf(options.preset);
  const layout = tokenLayout(options.multilingual, dims.languages);
  const tokenizer = buildTokenizer(layout, options.multilingual);
  const { config, generation, preprocessor } = buildConfigs(dims, layout, options.multilingual, tokenizer.suppressTokens);
  const script = buildScript({
    layout,
    multilingual: options.multilingual,
    ids: tokenizer.ids,
    voices: options.multilingual ? voicesOf(options) : { low: 'en', high: 'en' },
    timestamped: options.timestamped ?? false,
  });
  const seed = options.seed ?? 1;
  // The same seed for every format, so fp16 and quantized files are roundings of the fp32 weights.
  const encoder = (format: WeightFormat) => buildEncoder(dims, new WeightSource(seed), format);
  const decoder = (format: WeightFormat) => buildDecoder(dims, new WeightSource(seed + 1), format, script);
  return {
    encoder,
    decoder,
    graphs: (format) => ({ encoder: encoder(format), decoder: decoder(format) }),
    files: {
      'config.json': config,
      'generation_config.json': generation,
      'preprocessor_config.json': preprocessor,
      'tokenizer.json': tokenizer.tokenizerJson,
      'tokenizer_config.json': tokenizer.tokenizerConfigJson,
    },
  };
}

/** Writes a model folder in the layout transformers.js loads: JSON files at the top, ONNX graphs in `onnx/`. */
export async function generateTestModel(dir: string, options: GenerateOptions): Promise<string[]> {
  const model = buildModel(options);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const written: string[] = [];
  for (const [name, json] of Object.entries(model.files)) {
    await writeFile(join(dir, name), JSON.stringify(json, null, 2));
    written.push(name);
  }
  // One graph at a time, written and let go before the next: a large preset's graphs take a gigabyte or more each.
  const parts = [
    ['encoder_model', model.encoder, options.encoderDtypes ?? options.dtypes ?? ['fp32']],
    ['decoder_model_merged', model.decoder, options.decoderDtypes ?? options.dtypes ?? ['fp32']],
  ] as const;
  for (const [name, build, formats] of parts) {
    for (const format of formats) {
      const file = `onnx/${name}${DTYPE_SUFFIX[format]}.onnx`;
      await writeChunks(join(dir, file), build(format).toModelChunks());
      written.push(file);
    }
  }
  return written;
}

/** Writes the parts in order: small ones gathered into one buffer, large ones (weights) as they are. */
async function writeChunks(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const file = await open(path, 'w');
  const writeAll = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; ) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
  };
  try {
    let small: Uint8Array[] = [];
    for (const chunk of chunks) {
      if (chunk.length < 1 << 16) {
        small.push(chunk);
        continue;
      }
      if (small.length > 0) await writeAll(Buffer.concat(small));
      small = [];
      await writeAll(chunk);
    }
    if (small.length > 0) await writeAll(Buffer.concat(small));
  } finally {
    await file.close();
  }
}
