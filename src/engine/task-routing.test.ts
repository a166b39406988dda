import { describe, expect, it } from 'vitest';
import { routeTask } from './task-routing.ts';

describe('routeTask', () => {
  it('leaves transcription alone', () => {
    expect(routeTask('onnx-community/whisper-large-v3-turbo', 'transcribe', 'webgpu')).toEqual({ model: 'onnx-community/whisper-large-v3-turbo', note: '' });
  });

  it('leaves models that translate alone', () => {
    expect(routeTask('onnx-community/whisper-small', 'translate', 'wasm').model).toBe('onnx-community/whisper-small');
  });

  it('sends large-v3-turbo translation to Medium on WebGPU and Small on WASM, with a note naming both', () => {
    expect(routeTask('onnx-community/whisper-large-v3-turbo', 'translate', 'webgpu')).toEqual({
      model: 'onnx-community/whisper-medium',
      note: 'Whisper Large v3 Turbo was trained without translation, so Whisper Medium translates instead.',
    });
    expect(routeTask('onnx-community/whisper-large-v3-turbo', 'translate', 'wasm').model).toBe('onnx-community/whisper-small');
  });

  it('sends .en models to the multilingual model of the same size', () => {
    expect(routeTask('onnx-community/whisper-base.en', 'translate', 'wasm')).toEqual({
      model: 'onnx-community/whisper-base',
      note: 'Whisper Base (English) is English-only, so Whisper Base translates instead.',
    });
  });

  it('keeps self-hosted copies self-hosted', () => {
    expect(routeTask('/models/whisper-large-v3-turbo/', 'translate', 'webgpu').model).toBe('/models/whisper-medium');
    expect(routeTask('https://m.example.org/w/whisper-tiny.en', 'translate', 'wasm').model).toBe('https://m.example.org/w/whisper-tiny');
  });

  it('does not guess about unknown models', () => {
    expect(routeTask('/models/my-finetune', 'translate', 'wasm').model).toBe('/models/my-finetune');
  });
});
