import {
  AutoProcessor,
  AutoTokenizer,
  BaseStreamer,
  Tensor,
  WhisperForConditionalGeneration,
  env,
  type PreTrainedTokenizer,
  type Processor,
} from '@huggingface/transformers';
import type { LanguageGuess, LoadEvent, LoadRequest, LoadedModel, PartialText, TranscribeOptions, WindowResult } from '../src/engine/protocol.ts';
import { parseTokens } from '../src/engine/token-segments.ts';
import { WHISPER_LANGUAGES } from '../src/engine/languages.ts';
import { CallStopping } from './call-stopping.ts';
import { engineError, recordingFetch, toEngineError } from './engine-error.ts';

const SAMPLE_RATE = 16000;

interface TokenIds {
  sot: number;
  eot: number;
  noTimestamps: number;
  timestampBegin: number;
  startOfPrev: number;
  transcribe: number | undefined;
  translate: number | undefined;
  /** language code → token id, in token order. */
  languages: Map<string, number>;
}

/** Partial text at most this often: decoding the token list and crossing to the page each step costs time. */
const PARTIAL_INTERVAL_MS = 150;

/** Counts decoding steps and turns the growing token list into partial text. */
class PartialStreamer extends BaseStreamer {
  steps = 0;
  private tokens: number[] = [];
  private first = true;
  private sentAt = 0;
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly onPartial: ((p: PartialText) => void) | undefined,
  ) {
    super();
  }

  override put(value: bigint[][]): void {
    // The first put is the prompt.
    if (this.first) {
      this.first = false;
      return;
    }
    this.steps++;
    this.tokens.push(...(value[0] ?? []).map(Number));
    const now = performance.now();
    if (!this.onPartial || now - this.sentAt < PARTIAL_INTERVAL_MS) return;
    this.sentAt = now;
    this.onPartial({ text: this.tokenizer.decode(this.tokens, { skip_special_tokens: true }) });
  }

  override end(): void {}
}

/** One loaded Whisper model in this worker: download, session creation, warm-up, and inference. */
export class WhisperSession {
  private readonly stopping: CallStopping;
  /** Rejects when the WebGPU device is lost: a lost device can leave ONNX Runtime's promises pending forever. */
  private deviceLost: Promise<never> = new Promise(() => undefined);
  private lostReason: string | null = null;

  private constructor(
    private readonly model: WhisperForConditionalGeneration,
    private readonly processor: Processor,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly ids: TokenIds,
    readonly info: LoadedModel,
    cancelFlag: () => Int32Array | null,
  ) {
    this.stopping = new CallStopping(cancelFlag);
  }

  static async load(request: LoadRequest, onEvent: (e: LoadEvent) => void, cancelFlag: () => Int32Array | null = () => null): Promise<WhisperSession> {
    const started = performance.now();
    configureRuntime(request);
    const progress_callback = (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (!p.file) return;
      if (p.status === 'progress') onEvent({ type: 'download', file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0 });
      else if (p.status === 'done') onEvent({ type: 'file-done', file: p.file });
    };
    const id = request.source.id;
    let model: WhisperForConditionalGeneration;
    let processor: Processor;
    let tokenizer: PreTrainedTokenizer;
    try {
      [processor, tokenizer] = await Promise.all([
        AutoProcessor.from_pretrained(id, { progress_callback }),
        AutoTokenizer.from_pretrained(id, { progress_callback }),
      ]);
      model = (await WhisperForConditionalGeneration.from_pretrained(id, {
        device: request.device,
        dtype: { encoder_model: request.encoderDtype, decoder_model_merged: request.decoderDtype },
        progress_callback,
      })) as WhisperForConditionalGeneration;
    } catch (e) {
      throw toEngineError(e, request);
    }
    const ids = tokenIds(tokenizer);
    const multilingual = (model.generation_config as { is_multilingual?: boolean } | null)?.is_multilingual === true;
    const loadMs = performance.now() - started;

    onEvent({ type: 'warmup' });
    const session = new WhisperSession(model, processor, tokenizer, ids, {
      model: request.source.label,
      device: request.device,
      encoderDtype: request.encoderDtype,
      decoderDtype: request.decoderDtype,
      threads: request.threads,
      multilingual,
      languages: multilingual ? [...ids.languages.keys()] : ['en'],
      loadMs,
      warmupMs: 0,
    }, cancelFlag);
    if (request.device === 'webgpu') session.watchDevice();
    const warmStart = performance.now();
    try {
      // One pass on silence compiles the kernels (and WebGPU shaders) before the user's audio arrives.
      await session.transcribe(-1, new Float32Array(SAMPLE_RATE), { language: session.info.multilingual ? 'en' : null, task: 'transcribe', timestamps: true });
    } catch (e) {
      throw toEngineError(e, request);
    }
    session.info.warmupMs = performance.now() - warmStart;
    return session;
  }

  cancel(callId: number): void {
    if (callId === this.stopping.callId) this.stopping.interrupt();
  }

  private watchDevice(): void {
    const webgpu = env.backends.onnx.webgpu as { device?: Promise<GPUDevice> } | undefined;
    this.deviceLost = Promise.resolve(webgpu?.device).then((device) =>
      device ? device.lost.then((info) => Promise.reject(this.onLost(info.message || info.reason || 'unknown reason'))) : new Promise<never>(() => undefined),
    );
    this.deviceLost.catch(() => undefined);
  }

  private onLost(reason: string): Error {
    this.lostReason = reason;
    this.stopping.interrupt();
    return engineError('device-lost', `The GPU device was lost (${reason}).`);
  }

  async detectLanguage(audio: Float32Array): Promise<LanguageGuess[]> {
    if (!this.info.multilingual) return [{ language: 'en', probability: 1 }];
    const { input_features } = await this.processor(audio);
    const decoder_input_ids = new Tensor('int64', BigInt64Array.of(BigInt(this.ids.sot)), [1, 1]);
    const { logits } = (await this.model({ input_features, decoder_input_ids })) as { logits: Tensor };
    const data = logits.data as Float32Array;
    const entries = [...this.ids.languages].map(([language, id]) => ({ language, logit: data[id]! }));
    const max = Math.max(...entries.map((e) => e.logit));
    const total = entries.reduce((sum, e) => sum + Math.exp(e.logit - max), 0);
    return entries
      .map((e) => ({ language: e.language, probability: Math.exp(e.logit - max) / total }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 3);
  }

  async transcribe(callId: number, audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void): Promise<WindowResult> {
    if (this.lostReason) throw engineError('device-lost', `The GPU device was lost (${this.lostReason}).`);
    // Calls arrive one at a time (the client queues them), so a cancel that arrives later is for this one or an old one.
    this.stopping.callId = callId;
    this.stopping.reset();
    try {
      if (this.stopping.cancelled()) throw engineError('cancelled', 'Transcription cancelled.');
      return await Promise.race([this.transcribeOnDevice(audio, options, onPartial), this.deviceLost]);
    } finally {
      this.stopping.callId = -1;
    }
  }

  private async transcribeOnDevice(audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void): Promise<WindowResult> {
    if (audio.length > 30 * SAMPLE_RATE) throw engineError('unsupported-request', 'A window holds at most 30 s of audio.');
    let detected: LanguageGuess[] | undefined;
    let language = options.language ?? 'en';
    if (this.info.multilingual && options.language === null) {
      detected = await this.detectLanguage(audio);
      language = detected[0]!.language;
    } else if (!this.info.multilingual && options.language && options.language !== 'en') {
      throw engineError('unsupported-request', `${this.info.model} is an English-only model; it cannot transcribe "${options.language}".`);
    }
    if (!this.info.multilingual && options.task === 'translate') {
      throw engineError('unsupported-request', `${this.info.model} is an English-only model; it cannot translate.`);
    }

    const prompt = this.promptTokens(language, options);
    const { input_features } = await this.processor(audio);
    const streamer = new PartialStreamer(this.tokenizer, onPartial);
    const output = (await this.model.generate({
      inputs: input_features,
      decoder_input_ids: prompt,
      return_timestamps: options.timestamps,
      stopping_criteria: this.stopping,
      streamer,
      // The typings ask for a TextStreamer; generate() only calls put() and end(), which BaseStreamer declares.
    } as unknown as Parameters<WhisperForConditionalGeneration['generate']>[0])) as Tensor;
    if (this.lostReason) throw engineError('device-lost', `The GPU device was lost (${this.lostReason}).`);
    if (this.stopping.cancelled()) throw engineError('cancelled', 'Transcription cancelled.');

    const tokens = (output.tolist() as bigint[][])[0]!.map(Number).slice(prompt.length);
    const segments = parseTokens(tokens, {
      timestampBegin: this.ids.timestampBegin,
      eot: this.ids.eot,
      durationSeconds: audio.length / SAMPLE_RATE,
      decode: (t) => this.tokenizer.decode(t, { skip_special_tokens: true }),
    }).map((s) => ({ ...s, language }));
    return {
      segments,
      text: segments.map((s) => s.text).join(''),
      language,
      ...(detected ? { detected } : {}),
      decoderSteps: streamer.steps,
      // Language detection runs the encoder once more.
      encoderPasses: detected ? 2 : 1,
    };
  }

  private promptTokens(language: string, options: TranscribeOptions): number[] {
    const { ids } = this;
    const tokens: number[] = [];
    if (options.prompt?.trim()) {
      // Whisper sees at most the last 223 tokens of context.
      const context = this.tokenizer.encode(' ' + options.prompt.trim(), { add_special_tokens: false }).slice(-223);
      tokens.push(ids.startOfPrev, ...context);
    }
    tokens.push(ids.sot);
    if (this.info.multilingual) {
      tokens.push(ids.languages.get(language)!, options.task === 'translate' ? ids.translate! : ids.transcribe!);
    }
    if (!options.timestamps) tokens.push(ids.noTimestamps);
    return tokens;
  }
}

function configureRuntime(request: LoadRequest): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = request.source.host;
  env.remotePathTemplate = request.source.pathTemplate;
  env.fetch = recordingFetch;
  const onnx = env.backends.onnx;
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = { wasm: request.ortWasmUrl };
    onnx.wasm.numThreads = request.threads;
    onnx.wasm.proxy = false;
  }
}

function tokenIds(tokenizer: PreTrainedTokenizer): TokenIds {
  const id = (token: string): number | undefined => tokenizer.convert_tokens_to_ids(token) ?? undefined;
  const required = (token: string) => {
    const value = id(token);
    if (value === undefined) throw engineError('model-invalid', `The tokenizer has no ${token} token; is this a Whisper model?`);
    return value;
  };
  const noTimestamps = required('<|notimestamps|>');
  const languages = new Map<string, number>();
  for (const [code] of WHISPER_LANGUAGES) {
    const value = id(`<|${code}|>`);
    if (value !== undefined) languages.set(code, value);
  }
  return {
    sot: required('<|startoftranscript|>'),
    eot: required('<|endoftext|>'),
    noTimestamps,
    timestampBegin: noTimestamps + 1,
    startOfPrev: required('<|startofprev|>'),
    transcribe: id('<|transcribe|>'),
    translate: id('<|translate|>'),
    languages,
  };
}
