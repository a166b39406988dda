import { describe, expect, it } from 'vitest';
import { MODELS, modelLabel } from './catalogue.ts';

describe('MODELS', () => {
  it('lists the catalogue with translation only where the model was trained for it', () => {
    expect(MODELS.map((m) => [m.id, m.multilingual, m.canTranslate])).toEqual([
      ['onnx-community/whisper-large-v3-turbo', true, false],
      ['onnx-community/whisper-medium', true, true],
      ['onnx-community/whisper-medium.en', false, false],
      ['onnx-community/whisper-small', true, true],
      ['onnx-community/whisper-small.en', false, false],
      ['onnx-community/whisper-base', true, true],
      ['onnx-community/whisper-base.en', false, false],
      ['onnx-community/whisper-tiny', true, true],
      ['onnx-community/whisper-tiny.en', false, false],
    ]);
  });

  it('orders models largest first so the fitting rule picks the biggest', () => {
    const sizes = MODELS.map((m) => m.encoderFp32Bytes);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });
});

describe('modelLabel', () => {
  it('names catalogue models and leaves anything else as given', () => {
    expect(modelLabel('onnx-community/whisper-base.en')).toBe('Whisper Base (English)');
    expect(modelLabel('/models/synthetic-tiny/')).toBe('/models/synthetic-tiny/');
  });
});
