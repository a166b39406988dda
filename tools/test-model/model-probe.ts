import {
  AutoProcessor,
  AutoTokenizer,
  Tensor,
  WhisperForConditionalGeneration,
  random,
  type PreTrainedTokenizer,
  type Processor,
} from '@huggingface/transformers';
import { tokenLayout, type TokenLayout } from './spec.ts';

export interface Decoded {
  /** Generated tokens, prompt removed, end-of-text kept. */
  tokens: number[];
  /** Text without timestamps. */
  text: string;
  /** `[start, end]` per segment; end is null where the model left the segment open. */
  segments: { start: number; end: number | null; text: string }[];
}

export interface GenerateRequest {
  language?: string;
  task?: 'transcribe' | 'translate';
  timestamps?: boolean;
  /** Text said before this audio, given as `<|startofprev|>` context the way the product's worker does. */
  prompt?: string;
  maxNewTokens?: number;
  /** Sampling instead of greedy decoding: transformers.js's multinomial sampler, seeded. */
  sample?: { temperature: number; seed: number };
}

/**
 * Drives a generated model folder through transformers.js in Node the way the product's worker does (prompt
 * tokens built by hand, `generate` with timestamps), and reads what a test needs beyond text: the probability of
 * `<|nocaptions|>` after `<|startoftranscript|>`, language scores, and log-probabilities of chosen tokens.
 */
export class ModelProbe {
  readonly layout: TokenLayout;
  private constructor(
    readonly model: WhisperForConditionalGeneration,
    readonly processor: Processor,
    readonly tokenizer: PreTrainedTokenizer,
    readonly multilingual: boolean,
  ) {
    // large-v3's layout has a hundredth language, Cantonese.
    this.layout = tokenLayout(multilingual, tokenizer.convert_tokens_to_ids('<|yue|>') === undefined ? 99 : 100);
  }

  static async load(name: string, multilingual: boolean, dtype: 'fp32' | 'fp16' | 'q8' | 'q4' = 'fp32'): Promise<ModelProbe> {
    const [processor, tokenizer, model] = await Promise.all([
      AutoProcessor.from_pretrained(name),
      AutoTokenizer.from_pretrained(name),
      WhisperForConditionalGeneration.from_pretrained(name, { dtype }),
    ]);
    return new ModelProbe(model as WhisperForConditionalGeneration, processor, tokenizer, multilingual);
  }

  dispose(): Promise<unknown> {
    return this.model.dispose();
  }

  async features(audio: Float32Array): Promise<Tensor> {
    return ((await this.processor(audio)) as { input_features: Tensor }).input_features;
  }

  promptTokens(r: GenerateRequest): number[] {
    const { layout } = this;
    const tokens: number[] = [];
    if (r.prompt) tokens.push(layout.startOfPrev, ...this.tokenizer.encode(' ' + r.prompt.trim(), { add_special_tokens: false }));
    tokens.push(layout.sot);
    if (this.multilingual) {
      const language = this.tokenizer.convert_tokens_to_ids(`<|${r.language ?? 'en'}|>`) as number;
      tokens.push(language, r.task === 'translate' ? layout.translate : layout.transcribe);
    }
    if (r.timestamps === false) tokens.push(layout.noTimestamps);
    return tokens;
  }

  async generate(audio: Float32Array, r: GenerateRequest = {}): Promise<Decoded> {
    const prompt = this.promptTokens(r);
    if (r.sample) random.seed(r.sample.seed);
    const output = (await this.model.generate({
      inputs: await this.features(audio),
      decoder_input_ids: prompt,
      return_timestamps: r.timestamps !== false,
      ...(r.maxNewTokens ? { max_new_tokens: r.maxNewTokens } : {}),
      ...(r.sample ? { do_sample: true, temperature: r.sample.temperature } : {}),
    } as unknown as Parameters<WhisperForConditionalGeneration['generate']>[0])) as Tensor;
    const tokens = (output.tolist() as bigint[][])[0]!.map(Number).slice(prompt.length);
    return { tokens, text: this.decode(tokens.filter((t) => t < this.layout.eot)), segments: this.segments(tokens) };
  }

  decode(tokens: number[]): string {
    return tokens.length === 0 ? '' : this.tokenizer.decode(tokens, { skip_special_tokens: true });
  }

  private segments(tokens: number[]): Decoded['segments'] {
    const { timestampBegin, eot } = this.layout;
    const out: Decoded['segments'] = [];
    let start: number | null = null;
    let text: number[] = [];
    for (const t of tokens) {
      if (t === eot) break;
      if (t < timestampBegin) text.push(t);
      else if (start === null) start = (t - timestampBegin) * 0.02;
      else {
        out.push({ start, end: (t - timestampBegin) * 0.02, text: this.decode(text) });
        [start, text] = [null, []];
      }
    }
    if (start !== null) out.push({ start, end: null, text: this.decode(text) });
    return out;
  }

  /** Logits of the token after `prefix` (one decoder pass over the whole prefix, as at the first step). */
  async nextLogits(features: Tensor, prefix: number[]): Promise<Float32Array> {
    const decoder_input_ids = new Tensor('int64', BigInt64Array.from(prefix.map(BigInt)), [1, prefix.length]);
    const { logits } = (await this.model({ input_features: features, decoder_input_ids })) as { logits: Tensor };
    return (logits.data as Float32Array).slice(-this.layout.vocabSize);
  }

  /** Probability of `<|nocaptions|>` after `<|startoftranscript|>`, and the language token the model favours. */
  async detect(audio: Float32Array): Promise<{ noSpeech: number; language: number }> {
    const logits = await this.nextLogits(await this.features(audio), [this.layout.sot]);
    const p = softmax(logits);
    const { firstLanguage } = this.layout;
    let language = firstLanguage;
    for (let id = firstLanguage; id < firstLanguage + this.layout.languageCodes.length; id++) if (logits[id]! > logits[language]!) language = id;
    return { noSpeech: p[this.layout.noSpeech]!, language };
  }

  /** log-softmax (temperature 1) of each of `tokens` given the prompt and the tokens before it. */
  async logProbs(audio: Float32Array, r: GenerateRequest, tokens: number[]): Promise<number[]> {
    const features = await this.features(audio);
    const prefix = this.promptTokens(r);
    const out: number[] = [];
    for (const token of tokens) {
      out.push(Math.log(softmax(await this.nextLogits(features, prefix))[token]!));
      prefix.push(token);
    }
    return out;
  }
}

export function softmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = Float64Array.from(logits, (v) => Math.exp(v - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

export const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
