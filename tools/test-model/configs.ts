import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { MAX_SOURCE_POSITIONS, MAX_TARGET_POSITIONS, MEL_FRAMES, alignmentHeadsOf, type ModelDims, type TokenLayout } from './spec.ts';

/** `config.json`, `generation_config.json` and `preprocessor_config.json` with real Whisper's fields. */
/** GPT-2's <|endoftext|> id; the English-only checkpoints kept it as bos even though it is their <|startoftranscript|>. */
const BOS_TOKEN_ID = 50257;

export function buildConfigs(dims: ModelDims, layout: TokenLayout, multilingual: boolean, suppressTokens: number[]) {
  const beginSuppress = [220, layout.eot];
  const forced = multilingual
    ? [[1, layout.firstLanguage], [2, layout.transcribe], [3, layout.noTimestamps]]
    : [[1, layout.noTimestamps]];
  const config = {
    _name_or_path: 'whisper-recorder/synthetic-whisper',
    activation_dropout: 0,
    activation_function: 'gelu',
    architectures: ['WhisperForConditionalGeneration'],
    attention_dropout: 0,
    begin_suppress_tokens: beginSuppress,
    bos_token_id: BOS_TOKEN_ID,
    d_model: dims.dModel,
    decoder_attention_heads: dims.decoderHeads,
    decoder_ffn_dim: dims.decoderFfn,
    decoder_layerdrop: 0,
    decoder_layers: dims.decoderLayers,
    decoder_start_token_id: layout.sot,
    dropout: 0,
    encoder_attention_heads: dims.encoderHeads,
    encoder_ffn_dim: dims.encoderFfn,
    encoder_layerdrop: 0,
    encoder_layers: dims.encoderLayers,
    eos_token_id: layout.eot,
    forced_decoder_ids: forced,
    init_std: 0.02,
    is_encoder_decoder: true,
    max_length: MAX_TARGET_POSITIONS,
    max_source_positions: MAX_SOURCE_POSITIONS,
    max_target_positions: MAX_TARGET_POSITIONS,
    /** The width of the median filter over cross-attention in word timing (transformers.js warns without it). */
    median_filter_width: 7,
    model_type: 'whisper',
    num_hidden_layers: dims.encoderLayers,
    num_mel_bins: dims.numMelBins,
    pad_token_id: layout.eot,
    scale_embedding: false,
    suppress_tokens: suppressTokens,
    torch_dtype: 'float32',
    use_cache: true,
    vocab_size: layout.vocabSize,
  };

  const generation = {
    alignment_heads: alignmentHeadsOf(dims),
    begin_suppress_tokens: beginSuppress,
    bos_token_id: BOS_TOKEN_ID,
    decoder_start_token_id: layout.sot,
    eos_token_id: layout.eot,
    forced_decoder_ids: multilingual ? [[1, null], [2, layout.transcribe]] : [[1, layout.noTimestamps]],
    is_multilingual: multilingual,
    ...(multilingual
      ? { lang_to_id: Object.fromEntries(layout.languageCodes.map((c, i) => [`<|${c}|>`, layout.firstLanguage + i])) }
      : {}),
    max_initial_timestamp_index: 1,
    max_length: MAX_TARGET_POSITIONS,
    no_timestamps_token_id: layout.noTimestamps,
    pad_token_id: layout.eot,
    prev_sot_token_id: layout.startOfPrev,
    return_timestamps: false,
    suppress_tokens: suppressTokens,
    ...(multilingual ? { task_to_id: { transcribe: layout.transcribe, translate: layout.translate } } : {}),
  };

  const preprocessor = {
    chunk_length: 30,
    feature_extractor_type: 'WhisperFeatureExtractor',
    feature_size: dims.numMelBins,
    hop_length: 160,
    n_fft: 400,
    n_samples: 480000,
    nb_max_frames: MEL_FRAMES,
    padding_side: 'right',
    padding_value: 0,
    processor_class: 'WhisperProcessor',
    return_attention_mask: false,
    sampling_rate: SAMPLE_RATE,
  };
  return { config, generation, preprocessor };
}
