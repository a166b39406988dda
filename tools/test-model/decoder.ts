import { DType, FloatAttr, Graph } from './onnx-graph.ts';
import { Layers, type WeightFormat, type WeightSource } from './layers.ts';
import { MAX_SOURCE_POSITIONS, MAX_TARGET_POSITIONS, alignmentHeadsOf, type ModelDims } from './spec.ts';
import { HISTORY_CHANNELS, type Script, type ScriptOutputs } from './script.ts';

/** The random model's share of the logits: the script's margins (0.01 and up) must not be blurred by it. */
const REAL_LOGIT_SCALE = 1e-3;

/**
 * Whisper's decoder in the merged form optimum exports (`decoder_model_merged.onnx`): one graph that takes
 * `use_cache_branch` and either computes the cross-attention keys/values from `encoder_hidden_states` (first
 * step) or reuses `past_key_values.*.encoder.*` (every later step), with a growing self-attention cache.
 *
 * The logits are the real model's, scaled down, plus the script's (see script.ts), which dominate them. A
 * timestamped decoder (the script has an alignment) also outputs `cross_attentions.<layer>`, the cross-attention
 * weights `[B, heads, new tokens, 1500]`, with the alignment heads' weights being the script's alignment (the
 * weights the layer then uses, too).
 */
export function buildDecoder(dims: ModelDims, rng: WeightSource, format: WeightFormat, script: Script): Graph {
  const g = new Graph('whisper-decoder');
  const L = new Layers(g, rng, format);
  const d = dims.dModel;
  const heads = dims.decoderHeads;
  const headDim = d / heads;
  if (headDim < HISTORY_CHANNELS) throw new Error(`decoder head size ${headDim} is below ${HISTORY_CHANNELS}: the script stores its token history there`);
  const V = script.vocabSize;

  const inputIds = g.input('input_ids', DType.int64, ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', DType.float, ['batch_size', 'encoder_sequence_length_out', d]);
  for (let i = 0; i < dims.decoderLayers; i++) {
    for (const kind of ['decoder', 'encoder'] as const) {
      const seq = kind === 'decoder' ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out';
      for (const kv of ['key', 'value']) g.input(`past_key_values.${i}.${kind}.${kv}`, DType.float, ['batch_size', heads, seq, headDim]);
    }
  }
  const useCache = g.input('use_cache_branch', DType.bool, [1]);

  const embed = L.param('embed_tokens.weight', [V, d]);
  const pastLength = g.op('Slice', [g.op('Shape', ['past_key_values.0.decoder.key']), g.ints([2]), g.ints([3])]);
  const newLength = g.op('Slice', [g.op('Shape', [inputIds]), g.ints([1]), g.ints([2])]);
  const totalLength = g.op('Add', [pastLength, newLength]);
  const positions = g.op('Slice', [L.param('embed_positions.weight', [MAX_TARGET_POSITIONS, d]), pastLength, totalLength, g.ints([0])]);
  let x = g.op('Add', [g.op('Gather', [embed, inputIds]), positions]);

  // Query i (absolute position past + i) may attend to keys 0 … past + i.
  const scalarOf = (v: string) => g.op('Squeeze', [v, g.ints([0])]);
  const rows = g.op('Add', [g.op('Range', [g.scalar(0, DType.int64), scalarOf(newLength), g.scalar(1, DType.int64)]), pastLength]);
  const cols = g.op('Range', [g.scalar(0, DType.int64), scalarOf(totalLength), g.scalar(1, DType.int64)]);
  const future = g.op('Greater', [g.op('Unsqueeze', [cols, g.ints([0])]), g.op('Unsqueeze', [rows, g.ints([1])])]);
  const causalMask = g.op('Where', [future, g.scalar(-1e9), g.scalar(0)]);

  const cross = crossAttentionCache(g, dims, rng, format, encoderStates, useCache);
  const codes = script.encodeTokens(g, inputIds);
  let scripted: ScriptOutputs | null = null;
  const alignmentHeads = alignmentHeadsOf(dims);

  for (let i = 0; i < dims.decoderLayers; i++) {
    const p = `layers.${i}`;
    let h = L.layerNorm(x, `${p}.self_attn_layer_norm`, d);
    const q = L.splitHeads(L.linear(h, `${p}.self_attn.q_proj`, d, d), heads, headDim);
    const kNew = L.splitHeads(L.linear(h, `${p}.self_attn.k_proj`, d, d, false), heads, headDim);
    let vNew = L.splitHeads(L.linear(h, `${p}.self_attn.v_proj`, d, d), heads, headDim);
    if (i === 0) vNew = storeHistory(g, vNew, codes, heads, headDim);
    const k = g.alias(g.op('Concat', [`past_key_values.${i}.decoder.key`, kNew], { axis: 2 }), `present.${i}.decoder.key`);
    const v = g.alias(g.op('Concat', [`past_key_values.${i}.decoder.value`, vNew], { axis: 2 }), `present.${i}.decoder.value`);
    if (i === 0) scripted = script.outputs(g, inputIds, encoderStates, readHistory(g, v, heads));
    x = g.op('Add', [x, L.linear(L.mergeHeads(L.attend(q, k, v, headDim, causalMask), d), `${p}.self_attn.out_proj`, d, d)]);

    h = L.layerNorm(x, `${p}.encoder_attn_layer_norm`, d);
    const cq = L.splitHeads(L.linear(h, `${p}.encoder_attn.q_proj`, d, d), heads, headDim);
    const [ck, cv] = [cross[2 * i]!, cross[2 * i + 1]!];
    const alignment = scripted!.alignment;
    const weights = alignment === null ? null : crossAttentionWeights(L, cq, ck, headDim, alignment, alignmentHeads.filter(([l]) => l === i).map(([, h]) => h), heads, newLength);
    if (weights) g.alias(weights, `cross_attentions.${i}`);
    const attended = weights ? g.op('MatMul', [weights, cv]) : L.attend(cq, ck, cv, headDim);
    x = g.op('Add', [x, L.linear(L.mergeHeads(attended, d), `${p}.encoder_attn.out_proj`, d, d)]);
    x = g.op('Add', [x, L.feedForward(L.layerNorm(x, `${p}.final_layer_norm`, d), p, d, dims.decoderFfn)]);

    g.alias(ck, `present.${i}.encoder.key`);
    g.alias(cv, `present.${i}.encoder.value`);
  }

  // The output projection shares the token embedding (Gemm with transB reads it in place).
  const flat = g.op('Reshape', [L.layerNorm(x, 'layer_norm', d), g.ints([-1, d])]);
  // A thousandth of the random model's logits (at most 0.4 in `test`, 1.6 in `tiny`) keeps the script's 0.01 margins.
  const flatLogits = g.op('Gemm', [flat, embed], { transB: 1, alpha: new FloatAttr(REAL_LOGIT_SCALE) });
  const logitsShape = g.op('Concat', [g.op('Shape', [inputIds]), g.ints([V])], { axis: 0 });
  const realLogits = g.op('Reshape', [flatLogits, logitsShape]);
  g.alias(g.op('Add', [realLogits, g.op('Unsqueeze', [scripted!.logits, g.ints([1])])]), 'logits');

  g.output('logits', DType.float, ['batch_size', 'decoder_sequence_length', V]);
  for (let i = 0; i < dims.decoderLayers; i++) {
    for (const kind of ['decoder', 'encoder'] as const) {
      const seq = kind === 'decoder' ? 'total_sequence_length' : 'encoder_sequence_length_out';
      for (const kv of ['key', 'value']) g.output(`present.${i}.${kind}.${kv}`, DType.float, ['batch_size', heads, seq, headDim]);
    }
  }
  if (scripted!.alignment !== null) {
    for (let i = 0; i < dims.decoderLayers; i++) g.output(`cross_attentions.${i}`, DType.float, ['batch_size', heads, 'decoder_sequence_length', MAX_SOURCE_POSITIONS]);
  }
  g.parameterCount += cross.parameterCount;
  return g;
}

/**
 * The layer's cross-attention weights, with the given heads' replaced by the alignment for the last new token and
 * even weights for the tokens fed before it in the same step (the prompt, which has no place in the audio).
 */
function crossAttentionWeights(L: Layers, q: string, k: string, headDim: number, alignment: string, aligned: number[], heads: number, newLength: string): string {
  const g = L.g;
  const weights = L.attentionWeights(q, k, headDim);
  if (aligned.length === 0) return weights;
  const rows = g.op('Range', [g.scalar(0, DType.int64), g.op('Squeeze', [newLength, g.ints([0])]), g.scalar(1, DType.int64)]);
  const lastRow = g.op('Reshape', [g.op('Equal', [rows, g.op('Sub', [newLength, g.ints([1])])]), g.ints([1, 1, -1, 1])]);
  const perRow = g.op('Where', [lastRow, g.op('Unsqueeze', [alignment, g.ints([1, 2])]), g.scalar(1 / MAX_SOURCE_POSITIONS)]);
  const headMask = g.constant(Uint8Array.from({ length: heads }, (_, h) => (aligned.includes(h) ? 1 : 0)), [1, heads, 1, 1], DType.bool, 'alignment_heads');
  return g.op('Where', [headMask, perRow, weights]);
}

type CrossCache = string[] & { parameterCount: number };

/** `If(use_cache_branch)`: reuse the cached cross-attention keys/values, or project the encoder states once. */
function crossAttentionCache(g: Graph, dims: ModelDims, rng: WeightSource, format: WeightFormat, encoderStates: string, useCache: string): CrossCache {
  const d = dims.dModel;
  const headDim = d / dims.decoderHeads;
  const reuse = g.subgraph('use_cache');
  const compute = g.subgraph('compute_cross_attention');
  const L = new Layers(compute, rng, format);
  for (let i = 0; i < dims.decoderLayers; i++) {
    const p = `layers.${i}.encoder_attn`;
    const kv = {
      key: L.splitHeads(L.linear(encoderStates, `${p}.k_proj`, d, d, false), dims.decoderHeads, headDim),
      value: L.splitHeads(L.linear(encoderStates, `${p}.v_proj`, d, d), dims.decoderHeads, headDim),
    };
    for (const name of ['key', 'value'] as const) {
      reuse.output(reuse.alias(`past_key_values.${i}.encoder.${name}`, reuse.fresh(`reuse_${name}`)), DType.float);
      compute.output(kv[name], DType.float);
    }
  }
  const outputs = g.opN('If', [useCache], 2 * dims.decoderLayers, { then_branch: reuse, else_branch: compute });
  return Object.assign(outputs, { parameterCount: compute.parameterCount });
}

/** Writes the script's per-token codes (the token ids) into the first channels of the last head of layer 0's value cache. */
function storeHistory(g: Graph, values: string, codes: string, heads: number, headDim: number): string {
  const lastHead = g.op('Slice', [values, g.ints([heads - 1]), g.ints([heads]), g.ints([1])]);
  const kept = g.op('Slice', [lastHead, g.ints([HISTORY_CHANNELS]), g.ints([headDim]), g.ints([3])]);
  const coded = g.op('Concat', [g.op('Unsqueeze', [codes, g.ints([1])]), kept], { axis: 3 });
  if (heads === 1) return coded;
  const others = g.op('Slice', [values, g.ints([0]), g.ints([heads - 1]), g.ints([1])]);
  return g.op('Concat', [others, coded], { axis: 1 });
}

/** `[B, T, channels]`: the codes of every token so far, read back from the cache. */
function readHistory(g: Graph, values: string, heads: number): string {
  const sliced = g.op('Slice', [values, g.ints([heads - 1, 0]), g.ints([heads, HISTORY_CHANNELS]), g.ints([1, 3])]);
  return g.op('Squeeze', [sliced, g.ints([1])]);
}
