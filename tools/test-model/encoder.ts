import { DType, Graph } from './onnx-graph.ts';
import { Layers, type WeightFormat, type WeightSource } from './layers.ts';
import { MAX_SOURCE_POSITIONS, MEL_FRAMES, type ModelDims } from './spec.ts';

/**
 * Speech detector thresholds on Whisper's normalised log-mel, (max(log10 mel, peak − 8) + 4) / 4, averaged over
 * the mel bins of a frame. A frame is speech when it is loud in absolute terms (digital silence sits at −1.5,
 * −60 dBFS noise near −0.9) and within 6 decades of the window's loudest value.
 */
const ABSOLUTE_FLOOR = -0.55;
const BELOW_PEAK = 1.5;
/** Gaps shorter than this (encoder frames of 20 ms) are pauses inside one utterance. */
const CLOSE_GAP_FRAMES = 31;
/** Blips shorter than this are clicks, not speech. */
const MIN_BLIP_FRAMES = 5;

/**
 * Whisper's encoder: two convolutions with GELU, sinusoid-sized positional table, pre-norm transformer layers and
 * a final layer norm, `input_features [B, mels, 3000]` → `last_hidden_state [B, 1500, d]`.
 *
 * The weights are random, so the hidden state carries no meaning; channel 0 is replaced by a speech mask computed
 * from the features (energy gate, then closing and opening over time) which the synthetic decoder reads to decide
 * what to say and where the timestamps fall. Everything else is the real architecture at full cost.
 */
export function buildEncoder(dims: ModelDims, rng: WeightSource, format: WeightFormat): Graph {
  const g = new Graph('whisper-encoder');
  const L = new Layers(g, rng, format);
  const d = dims.dModel;
  const headDim = d / dims.encoderHeads;
  const features = g.input('input_features', DType.float, ['batch_size', dims.numMelBins, MEL_FRAMES]);

  const conv1 = g.op('Conv', [features, L.param('conv1.weight', [d, dims.numMelBins, 3]), L.param('conv1.bias', [d], 'zeros')], {
    kernel_shape: [3],
    pads: [1, 1],
  });
  const conv2 = g.op('Conv', [L.gelu(conv1), L.param('conv2.weight', [d, d, 3]), L.param('conv2.bias', [d], 'zeros')], {
    kernel_shape: [3],
    pads: [1, 1],
    strides: [2],
  });
  let x = g.op('Add', [g.op('Transpose', [L.gelu(conv2)], { perm: [0, 2, 1] }), L.param('embed_positions.weight', [MAX_SOURCE_POSITIONS, d])]);

  for (let i = 0; i < dims.encoderLayers; i++) {
    const p = `layers.${i}`;
    const h = L.layerNorm(x, `${p}.self_attn_layer_norm`, d);
    const q = L.splitHeads(L.linear(h, `${p}.self_attn.q_proj`, d, d), dims.encoderHeads, headDim);
    const k = L.splitHeads(L.linear(h, `${p}.self_attn.k_proj`, d, d, false), dims.encoderHeads, headDim);
    const v = L.splitHeads(L.linear(h, `${p}.self_attn.v_proj`, d, d), dims.encoderHeads, headDim);
    const attn = L.linear(L.mergeHeads(L.attend(q, k, v, headDim), d), `${p}.self_attn.out_proj`, d, d);
    x = g.op('Add', [x, attn]);
    x = g.op('Add', [x, L.feedForward(L.layerNorm(x, `${p}.final_layer_norm`, d), p, d, dims.encoderFfn)]);
  }
  const hidden = L.layerNorm(x, 'layer_norm', d);

  const mask = g.op('Transpose', [speechMask(g)], { perm: [0, 2, 1] });
  const rest = g.op('Slice', [hidden, g.ints([1]), g.ints([d]), g.ints([2])]);
  g.alias(g.op('Concat', [mask, rest], { axis: 2 }), 'last_hidden_state');
  g.output('last_hidden_state', DType.float, ['batch_size', MAX_SOURCE_POSITIONS, d]);
  return g;
}

/** `[B, 1, 1500]` of 0/1: which 20 ms encoder frames hold speech. */
function speechMask(g: Graph): string {
  const energy = g.op('ReduceMean', ['input_features'], { axes: [1], keepdims: 1 });
  // The morphology below runs on the frames extended with silence on both sides, so the window's edges count as
  // silence: closing must not bridge the gap between an edge and speech that starts just after it. (The padding
  // sits before the comparisons because ONNX Runtime folds a Pad straight before a MaxPool into its pads.)
  const margin = (CLOSE_GAP_FRAMES - 1) / 2 + (MIN_BLIP_FRAMES - 1) / 2;
  const frames = g.op('AveragePool', [energy], { kernel_shape: [2], strides: [2] });
  const perFrame = g.op('Pad', [frames, g.ints([0, 0, margin, 0, 0, margin]), g.scalar(-10)]);
  const peak = g.op('ReduceMax', ['input_features'], { axes: [1, 2], keepdims: 1 });
  const loud = g.op('Greater', [perFrame, g.scalar(ABSOLUTE_FLOOR)]);
  const nearPeak = g.op('Greater', [perFrame, g.op('Sub', [peak, g.scalar(BELOW_PEAK)])]);
  const raw = g.op('Cast', [g.op('And', [loud, nearPeak])], { to: DType.float });
  const dilate = (x: string, k: number) =>
    g.op('MaxPool', [x], { kernel_shape: [k], pads: [(k - 1) / 2, (k - 1) / 2], strides: [1] });
  const erode = (x: string, k: number) => g.op('Neg', [dilate(g.op('Neg', [x]), k)]);
  const closed = erode(dilate(raw, CLOSE_GAP_FRAMES), CLOSE_GAP_FRAMES);
  const opened = dilate(erode(closed, MIN_BLIP_FRAMES), MIN_BLIP_FRAMES);
  return g.op('Slice', [opened, g.ints([margin]), g.ints([margin + MAX_SOURCE_POSITIONS]), g.ints([2])]);
}
