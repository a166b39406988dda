import { Tensor, type WhisperForConditionalGeneration } from '@huggingface/transformers';

type OrtTensor = Tensor['ort_tensor'];
interface Session {
  inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

export interface Beam {
  /** Generated tokens, end-of-text included. */
  tokens: number[];
  /** Summed log-probability (temperature 1). */
  sum: number;
}

export interface BeamSearchOptions {
  beams: number;
  eot: number;
  maxNewTokens: number;
}

/**
 * A small beam search straight over a loaded model's ONNX sessions, as openai/whisper's BeamSearchDecoder does
 * it: every beam is a row of one batch, each step keeps the `beams` best continuations by summed log-probability
 * (finished ones set aside), and the self-attention cache is reordered to follow them. The finished beams are
 * ranked by log-probability per token. No logits processors: the tests use it on the synthetic model, whose
 * script never needs them. (The product's decoder will have its own; this is the reference it can be checked by.)
 */
export async function beamSearch(model: WhisperForConditionalGeneration, features: Tensor, prompt: readonly number[], o: BeamSearchOptions): Promise<Beam[]> {
  const sessions = model.sessions as Record<'model' | 'decoder_model_merged', Session>;
  const encoded = await sessions.model.run({ input_features: features.ort_tensor });
  const states = new Tensor(encoded.last_hidden_state!);
  const config = model.config as unknown as { decoder_layers: number; decoder_attention_heads: number; d_model: number };
  const headSize = config.d_model / config.decoder_attention_heads;
  const decoder = sessions.decoder_model_merged;

  let cache: Record<string, Tensor> = {};
  for (let l = 0; l < config.decoder_layers; l++) {
    for (const part of ['decoder', 'encoder']) {
      for (const kv of ['key', 'value']) cache[`past_key_values.${l}.${part}.${kv}`] = new Tensor('float32', new Float32Array(0), [1, config.decoder_attention_heads, 0, headSize]);
    }
  }
  const feed = async (rows: readonly (readonly number[])[], first: boolean): Promise<Float64Array[]> => {
    const length = rows[0]!.length;
    const ids = BigInt64Array.from(rows.flatMap((r) => r.map(BigInt)));
    const feeds: Record<string, OrtTensor> = {
      input_ids: new Tensor('int64', ids, [rows.length, length]).ort_tensor,
      encoder_hidden_states: tileRows(states, rows.length).ort_tensor,
      use_cache_branch: new Tensor('bool', [!first], [1]).ort_tensor,
    };
    for (const [name, t] of Object.entries(cache)) feeds[name] = t.ort_tensor;
    const out = await decoder.run(Object.fromEntries(Object.entries(feeds).filter(([n]) => decoder.inputNames.includes(n))));
    cache = {};
    for (const [name, value] of Object.entries(out)) if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = new Tensor(value);
    const logits = new Tensor(out.logits!);
    const [, positions, vocab] = logits.dims as [number, number, number];
    const data = logits.data as Float32Array;
    return rows.map((_, r) => logSoftmax(data.subarray((r * positions + positions - 1) * vocab, (r * positions + positions) * vocab)));
  };

  let beams: Beam[] = [{ tokens: [], sum: 0 }];
  const finished: Beam[] = [];
  let scores = await feed([prompt], true);
  for (let step = 0; step < o.maxNewTokens && finished.length < o.beams; step++) {
    const candidates: (Beam & { from: number })[] = [];
    beams.forEach((beam, from) => {
      for (const token of topK(scores[from]!, o.beams + 1)) candidates.push({ tokens: [...beam.tokens, token], sum: beam.sum + scores[from]![token]!, from });
    });
    candidates.sort((a, b) => b.sum - a.sum);
    const next: typeof candidates = [];
    for (const c of candidates) {
      if (c.tokens.at(-1) === o.eot) finished.push({ tokens: c.tokens, sum: c.sum });
      else if (next.length < o.beams) next.push(c);
      if (next.length === o.beams) break;
    }
    if (finished.length >= o.beams || next.length === 0) break;
    cache = Object.fromEntries(Object.entries(cache).map(([name, t]) => [name, gatherRows(t, next.map((c) => c.from))]));
    beams = next;
    scores = await feed(beams.map((b) => [b.tokens.at(-1)!]), false);
  }
  const ranked = finished.length > 0 ? finished : beams;
  const perToken = (b: Beam) => b.sum / b.tokens.length;
  return [...ranked].sort((a, b) => perToken(b) - perToken(a));
}

function logSoftmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const log = max + Math.log(sum);
  return Float64Array.from(logits, (v) => v - log);
}

function topK(values: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length < k || values[i]! > values[best.at(-1)!]!) {
      best.push(i);
      best.sort((a, b) => values[b]! - values[a]!);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

/** Row `rows[i]` of a `[B, …]` tensor as row i of the result. */
function gatherRows(t: Tensor, rows: readonly number[]): Tensor {
  const data = t.data as Float32Array;
  const size = data.length / t.dims[0]!;
  const out = new Float32Array(rows.length * size);
  rows.forEach((from, to) => out.set(data.subarray(from * size, (from + 1) * size), to * size));
  return new Tensor('float32', out, [rows.length, ...t.dims.slice(1)]);
}

function tileRows(states: Tensor, rows: number): Tensor {
  return rows === 1 ? states : gatherRows(states, new Array<number>(rows).fill(0));
}
