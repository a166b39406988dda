import { describe, expect, it } from 'vitest';
import { resolveModelSource } from './model-source.ts';
import { externalDataChunks, fileOfUrl, missingFiles, modelCacheState, modelFileUrl, modelFiles, modelFolderUrl } from './model-files.ts';

const page = 'http://localhost:4173/';
const JSON_FILES = ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];

describe('modelFiles', () => {
  it('lists the five JSON files and one encoder and one decoder for the dtypes', () => {
    expect(modelFiles({ encoder: 'q8', decoder: 'q8' })).toEqual([...JSON_FILES, 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']);
  });

  it("uses transformers.js's suffix for every dtype", () => {
    const onnx = (encoder: 'fp32' | 'fp16' | 'q4' | 'q4f16', decoder: 'fp32' | 'fp16' | 'q4' | 'q4f16') => modelFiles({ encoder, decoder }).slice(5);
    expect(onnx('fp32', 'fp16')).toEqual(['onnx/encoder_model.onnx', 'onnx/decoder_model_merged_fp16.onnx']);
    expect(onnx('q4', 'q4f16')).toEqual(['onnx/encoder_model_q4.onnx', 'onnx/decoder_model_merged_q4f16.onnx']);
  });

  it('adds external data chunks that config.json announces, per file or for all', () => {
    const all = { 'transformers.js_config': { use_external_data_format: true } };
    expect(modelFiles({ encoder: 'fp32', decoder: 'q4' }, all).slice(5)).toEqual([
      'onnx/encoder_model.onnx', 'onnx/encoder_model.onnx_data', 'onnx/decoder_model_merged_q4.onnx', 'onnx/decoder_model_merged_q4.onnx_data',
    ]);
    const perFile = { 'transformers.js_config': { use_external_data_format: { 'encoder_model_fp16.onnx': 2 } } };
    expect(modelFiles({ encoder: 'fp16', decoder: 'fp16' }, perFile).slice(5)).toEqual([
      'onnx/encoder_model_fp16.onnx', 'onnx/encoder_model_fp16.onnx_data', 'onnx/encoder_model_fp16.onnx_data_1', 'onnx/decoder_model_merged_fp16.onnx',
    ]);
  });

  it('ignores a config without a usable setting', () => {
    expect(modelFiles({ encoder: 'q8', decoder: 'q8' }, 'not json')).toHaveLength(7);
    expect(modelFiles({ encoder: 'q8', decoder: 'q8' }, { 'transformers.js_config': { use_external_data_format: 'yes' } })).toHaveLength(7);
  });

  it('matches a per-session entry when the full name is absent', () => {
    expect(externalDataChunks({ encoder_model: 3 }, 'encoder_model_fp16.onnx', 'encoder_model')).toBe(3);
    expect(externalDataChunks(false, 'x.onnx', 'x')).toBe(0);
    expect(externalDataChunks(4, 'x.onnx', 'x')).toBe(4);
  });
});

describe('modelFileUrl', () => {
  it('is the URL (and cache key) transformers.js uses for a hub model', () => {
    const source = resolveModelSource('onnx-community/whisper-base', page);
    expect(modelFileUrl(source, 'onnx/encoder_model_quantized.onnx')).toBe('https://huggingface.co/onnx-community/whisper-base_timestamped/resolve/main/onnx/encoder_model_quantized.onnx');
    expect(modelFolderUrl(source)).toBe('https://huggingface.co/onnx-community/whisper-base_timestamped/resolve/main/');
  });

  it('is the folder URL for a same-origin path or a mirror', () => {
    expect(modelFileUrl(resolveModelSource('/test-models/synthetic-whisper-test', page), 'config.json')).toBe('http://localhost:4173/test-models/synthetic-whisper-test/config.json');
    const mirror = resolveModelSource('onnx-community/whisper-tiny', page, 'https://models.example.org/whisper/');
    expect(modelFileUrl(mirror, 'tokenizer.json')).toBe('https://models.example.org/whisper/onnx-community/whisper-tiny_timestamped/tokenizer.json');
  });

  it('keeps models whose names share a prefix apart', () => {
    const folder = modelFolderUrl(resolveModelSource('onnx-community/whisper-base', page));
    expect(fileOfUrl('https://huggingface.co/onnx-community/whisper-base.en/resolve/main/config.json', folder)).toBeUndefined();
    expect(fileOfUrl(`${folder}onnx/encoder_model.onnx`, folder)).toBe('onnx/encoder_model.onnx');
    expect(fileOfUrl(folder, folder)).toBeUndefined();
  });
});

describe('modelCacheState', () => {
  const files = modelFiles({ encoder: 'q8', decoder: 'q8' });

  it('is cached only when every file is present', () => {
    expect(modelCacheState(files, new Set(files))).toBe('cached');
    expect(modelCacheState(files, new Set(files.slice(0, -1)))).toBe('partial');
    expect(modelCacheState(files, new Set())).toBe('not-downloaded');
  });

  it('does not count files of other dtypes', () => {
    const q4 = modelFiles({ encoder: 'q4', decoder: 'q4' });
    expect(modelCacheState(files, new Set(q4))).toBe('partial');
    expect(missingFiles(files, new Set(q4))).toEqual(['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']);
  });
});
