import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { WeightSource } from '../test-model/layers.ts';
import { DType, Graph } from '../test-model/onnx-graph.ts';
import { EMBEDDING } from './spec.ts';

/** config.json and preprocessor_config.json with the fields of onnx-community/wespeaker-voxceleb-resnet34-LM. */
export function embeddingConfigs() {
  const config = {
    _name_or_path: 'whisper-recorder/synthetic-wespeaker-resnet34',
    architectures: ['WeSpeakerResNetModel'],
    model_type: 'wespeaker-resnet',
    hidden_size: EMBEDDING.dimensions,
  };
  const preprocessor = {
    feature_extractor_type: 'WeSpeakerFeatureExtractor',
    feature_size: EMBEDDING.melBins,
    num_mel_bins: EMBEDDING.melBins,
    sampling_rate: SAMPLE_RATE,
    // null: each bin's mean over the whole input is taken away, as pyannote's WeSpeaker wrapper does.
    fbank_centering_span: null,
    min_num_frames: null,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: false,
  };
  return { config, preprocessor };
}

/** Two orthonormal rows of 256: the directions the embedding's two numbers are spread over. */
function directions(seed: number): Float32Array {
  const w = new WeightSource(seed).normal(2 * EMBEDDING.dimensions, 1);
  const [a, b] = [w.subarray(0, EMBEDDING.dimensions), w.subarray(EMBEDDING.dimensions)];
  const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  const scale = (x: Float32Array, k: number) => x.forEach((v, i) => (x[i] = v * k));
  scale(a, 1 / Math.sqrt(dot(a, a)));
  const along = dot(a, b);
  b.forEach((v, i) => (b[i] = v - along * a[i]!));
  scale(b, 1 / Math.sqrt(dot(b, b)));
  return w;
}

/**
 * `input_features` [B, frames, 80] → `last_hidden_state` [B, 256] (spec.ts EMBEDDING says what it measures). `q8`
 * stores the directions as int8 with a DequantizeLinear, the way the onnx-community quantised files store weights.
 */
export function buildEmbedding(format: 'fp32' | 'q8', seed = 7): Graph {
  const g = new Graph('synthetic-wespeaker-resnet34');
  const f = (v: number) => g.scalar(v);
  const input = g.input('input_features', DType.float, ['batch_size', 'num_frames', EMBEDDING.melBins]);
  const [lo, hi] = EMBEDDING.rippleBins;
  const bins = (from: number, to: number) => g.op('Slice', [input, g.ints([from]), g.ints([to]), g.ints([2])]);
  const below = bins(lo, hi - 2);
  const centre = bins(lo + 1, hi - 1);
  const above = bins(lo + 2, hi);
  const curvature = g.op('Add', [g.op('Sub', [below, g.op('Mul', [centre, f(2)])]), above]);
  const slope = g.op('Sub', [above, below]);
  const energy = (x: string) => g.op('ReduceSum', [g.op('Mul', [x, x]), g.ints([1, 2])], { keepdims: 0 });
  const ripple = g.op('Sub', [g.op('Log', [g.op('Add', [energy(curvature), f(1e-6)])]), g.op('Log', [g.op('Add', [energy(slope), f(1e-6)])])]);
  const voice = g.op('Tanh', [g.op('Mul', [g.op('Sub', [ripple, f(EMBEDDING.rippleSplit)]), f(EMBEDDING.rippleGain)])]);
  const column = g.op('Unsqueeze', [voice, g.ints([1])]);
  const pair = g.op('Concat', [column, g.op('Add', [g.op('Mul', [column, f(0)]), f(EMBEDDING.constant)])], { axis: 1 });

  const w = directions(seed);
  const dims = [2, EMBEDDING.dimensions];
  let weights: string;
  if (format === 'q8') {
    const scale = Math.max(...w.map(Math.abs)) / 127;
    const q = Int8Array.from(w, (v) => Math.round(v / scale));
    weights = g.op('DequantizeLinear', [g.weight('directions', w, dims, { type: DType.int8, data: q }), g.constant(Float32Array.of(scale), [], DType.float), g.constant(Int8Array.of(0), [], DType.int8)]);
  } else {
    weights = g.weight('directions', w, dims);
  }
  g.alias(g.op('MatMul', [pair, weights]), 'last_hidden_state');
  g.output('last_hidden_state', DType.float, ['batch_size', EMBEDDING.dimensions]);
  return g;
}
