import { Tensor } from '@huggingface/transformers';

/** What this file needs of transformers.js's WhisperFeatureExtractor. */
export interface FeatureExtractor {
  config: { n_samples: number; n_fft: number; nb_max_frames: number; feature_size: number };
  (audio: Float32Array, options?: { max_length?: number }): Promise<{ input_features: Tensor }>;
}

/**
 * Whisper's log-mel features of a window, costing what its audio costs. Whisper always reads 30 s: a 3 s utterance
 * is zero-padded to 30 s, and transformers.js then computes all 3000 frames, 90 % of them from zeros. Those frames
 * have a known value: log10 of the floor, clamped to 8 decades below the loudest frame, i.e. after normalisation
 * max(-1.5, peak - 2). So only the frames the audio reaches (plus one STFT window of zeros, so the last real
 * frames see the same neighbourhood as in the padded computation) are computed, and the rest is filled in.
 */
export async function logMelFeatures(extractor: FeatureExtractor, audio: Float32Array): Promise<Tensor> {
  const { n_samples, n_fft, nb_max_frames, feature_size } = extractor.config;
  if (audio.length + n_fft >= n_samples) return (await extractor(audio)).input_features;
  const head = (await extractor(audio, { max_length: audio.length + n_fft })).input_features;
  const frames = head.dims[2]!;
  const data = head.data as Float32Array;
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) if (data[i]! > peak) peak = data[i]!;
  const full = new Float32Array(feature_size * nb_max_frames).fill(Math.max(-1.5, peak - 2));
  for (let m = 0; m < feature_size; m++) full.set(data.subarray(m * frames, (m + 1) * frames), m * nb_max_frames);
  return new Tensor('float32', full, [1, feature_size, nb_max_frames]);
}
