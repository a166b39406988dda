import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './generate.ts';
import { PRESETS, realParameterCount, tokenLayout } from './spec.ts';

/** Parameter counts of openai/whisper-tiny and -base as PyTorch reports them. */
const PUBLISHED = { tiny: 37_760_640, base: 72_593_920 };

describe('presets', () => {
  for (const name of ['tiny', 'base'] as const) {
    it(`${name} has the real model's parameter count (within 1%)`, () => {
      const { encoder, decoder } = buildModel({ preset: name, multilingual: true }).graphs('fp32');
      const count = encoder.parameterCount + decoder.parameterCount;
      expect(count).toBe(realParameterCount(PRESETS[name], tokenLayout(true).vocabSize));
      expect(Math.abs(count - PUBLISHED[name]) / PUBLISHED[name]).toBeLessThan(0.01);
    });
  }

  it('quantised graphs hold the same number of weights', () => {
    const model = buildModel({ preset: 'test', multilingual: true });
    const count = (f: 'fp32' | 'q4') => {
      const g = model.graphs(f);
      return g.encoder.parameterCount + g.decoder.parameterCount;
    };
    expect(count('q4')).toBe(count('fp32'));
  });
});

const REFERENCE = new URL('../../../shared/reference/', import.meta.url);
const reference = (path: string) => JSON.parse(readFileSync(new URL(path, REFERENCE), 'utf8'));

// ../shared holds the real configuration and tokenizer files; where it exists, the generated ones must agree.
describe.runIf(existsSync(REFERENCE))('against the real Whisper files', () => {
  for (const [folder, multilingual] of [['whisper-tiny', true], ['whisper-tiny.en', false]] as const) {
    describe(folder, () => {
      const files = buildModel({ preset: 'tiny', multilingual }).files as Record<string, Record<string, unknown>>;

      it('config.json: same dimensions and special-token ids', () => {
        const real = reference(`${folder}/config.json`);
        const ours = files['config.json']!;
        for (const key of ['d_model', 'encoder_layers', 'decoder_layers', 'encoder_attention_heads', 'decoder_attention_heads', 'encoder_ffn_dim', 'decoder_ffn_dim', 'num_mel_bins', 'vocab_size', 'max_source_positions', 'max_target_positions', 'bos_token_id', 'eos_token_id', 'pad_token_id', 'decoder_start_token_id', 'begin_suppress_tokens', 'forced_decoder_ids', 'model_type']) {
          expect(ours[key], key).toEqual(real[key]);
        }
      });

      it('generation_config.json: same fields and token ids', () => {
        const real = reference(`${folder}/generation_config.json`);
        const ours = files['generation_config.json']!;
        const fields = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k !== 'transformers_version' && k !== 'prev_sot_token_id').sort();
        expect(fields(ours)).toEqual(fields(real));
        for (const key of ['begin_suppress_tokens', 'bos_token_id', 'decoder_start_token_id', 'eos_token_id', 'forced_decoder_ids', 'is_multilingual', 'lang_to_id', 'task_to_id', 'max_initial_timestamp_index', 'max_length', 'no_timestamps_token_id', 'pad_token_id', 'return_timestamps']) {
          expect(ours[key], key).toEqual(real[key]);
        }
      });

      it('tokenizer: same special and timestamp tokens at the same ids', () => {
        const real = reference(`${folder}/tokenizer.json`).added_tokens as { id: number; content: string; special: boolean }[];
        const ours = (files['tokenizer.json'] as { added_tokens: typeof real }).added_tokens;
        const pick = (t: typeof real) => t.map(({ id, content, special }) => ({ id, content, special }));
        expect(pick(ours)).toEqual(pick(real));
        const byteTokens = (v: Record<string, number>) => Object.entries(v).filter(([, id]) => id < 256).sort((a, b) => a[1] - b[1]);
        expect(byteTokens((files['tokenizer.json'] as { model: { vocab: Record<string, number> } }).model.vocab)).toEqual(
          byteTokens(reference(`${folder}/tokenizer.json`).model.vocab),
        );
      });

      it('preprocessor_config.json is the real one', () => {
        expect(files['preprocessor_config.json']).toEqual(reference(`${folder}/preprocessor_config.json`));
      });
    });
  }

  it('base preset matches whisper-base', () => {
    const real = reference('whisper-base/config.json');
    const ours = buildModel({ preset: 'base', multilingual: true }).files['config.json'] as Record<string, unknown>;
    for (const key of ['d_model', 'encoder_layers', 'decoder_layers', 'encoder_attention_heads', 'encoder_ffn_dim', 'vocab_size']) expect(ours[key], key).toEqual(real[key]);
  });
});
