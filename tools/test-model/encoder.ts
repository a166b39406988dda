import { DType, Graph } from './onnx-graph.ts';
import { Layers, type WeightFormat, type WeightSource } from './layers.ts';
import { HEARD_CHANNELS, hear } from './hearing.ts';
import { MAX_SOURCE_POSITIONS, MEL_FRAMES, type ModelDims } from './spec.ts';

/**
 * Whisper's encoder: two convolutions with GELU, sinusoid-sized positional table, pre-norm transformer layers and
 * a final layer norm, `input_features [B, mels, 3000]` → `last_hidden_state [B, 1500, d]`.
 *
 * The weights are random, so the hidden state carries no meaning; its first channels are replaced by what the
 * model hears (hearing.ts: speech, loud sound, tonality, pilot tones), which the synthetic decoder reads to decide
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

  if (d <= HEARD_CHANNELS) throw new Error(`d_model ${d} leaves no room for the ${HEARD_CHANNELS} channels the script reads`);
  const rest = g.op('Slice', [hidden, g.ints([HEARD_CHANNELS]), g.ints([d]), g.ints([2])]);
  g.alias(g.op('Concat', [hear(g, features, dims.numMelBins), rest], { axis: 2 }), 'last_hidden_state');
  g.output('last_hidden_state', DType.float, ['batch_size', MAX_SOURCE_POSITIONS, d]);
  return g;
}
