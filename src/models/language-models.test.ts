import { describe, expect, it } from 'vitest';
import { MODELS } from './catalogue.ts';
import { LANGUAGE_MODELS, suggestedModelFor } from './language-models.ts';

describe('suggestedModelFor', () => {
  it('suggests the model made for a detected language, once, and nothing where none exists', () => {
    expect(suggestedModelFor('sv', 'onnx-community/whisper-base')?.id).toBe('KBLab/kb-whisper-small');
    expect(suggestedModelFor('sv', 'KBLab/kb-whisper-medium')).toBeNull();
    expect(suggestedModelFor('es', 'onnx-community/whisper-base')).toBeNull();
    expect(suggestedModelFor(null, 'onnx-community/whisper-base')).toBeNull();
  });

  it('never suggests a distilled model for being faster: only language models are suggested', () => {
    expect(suggestedModelFor('en', 'onnx-community/whisper-large-v3-turbo')).toBeNull();
  });

  it('keeps these models out of the catalogue the device plan walks', () => {
    for (const m of LANGUAGE_MODELS) expect(MODELS.some((c) => c.id === m.id), m.id).toBe(false);
  });
});
