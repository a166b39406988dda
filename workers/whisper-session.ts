import {
  AutoProcessor,
  AutoTokenizer,
  WhisperForConditionalGeneration,
  env,
  type PreTrainedTokenizer,
  type Processor,
} from '@huggingface/transformers';
import type { LoadEvent, LoadRequest, LoadedModel, PartialText, TranscribeOptions, WindowResult } from '../src/engine/protocol.ts';
import { parseTokens } from '../src/engine/token-segments.ts';
import { WHISPER_LANGUAGES } from '../src/engine/languages.ts';
import { NO_GUARDS } from '../src/shared/guard-options.ts';
import { CallStopping } from './call-stopping.ts';
import { CancelledError, decodeWindow, type DecoderVocabulary } from './decoding/window-decoder.ts';
import { FetchRecorder, engineError } from './engine-error.ts';
import { promptTokens } from './decoding/prompt-tokens.ts';
import { logMelFeatures, type FeatureExtractor } from './whisper/log-mel.ts';
import { OnnxEncodedWindow, type DecoderShape, type OrtSession } from './whisper/onnx-window.ts';

import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';
import { groupWords } from './decoding/word-groups.ts';
import { SECONDS_PER_FRAME, tokenStartTimes } from './decoding/word-timing.ts';

/** Audio samples per encoder frame (two 10 ms feature frames), and the frames of a 30 s window. */
const SAMPLES_PER_FRAME = SECONDS_PER_FRAME * SAMPLE_RATE;
const MAX_FRAMES = 1500;
/** openai/whisper's `sample_len`: half of the decoder's 448 positions, the other half being for the prompt. */
const MAX_NEW_TOKENS = 224;
/** openai/whisper's `max_initial_timestamp` (1 s) in 20 ms steps: a window's text may not open later than that. */
const MAX_INITIAL_TIMESTAMP_INDEX = 50;
/** Partial text at most this often: decoding the token list and crossing to the page each step costs time. */
const PARTIAL_INTERVAL_MS = 150;

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
    private readonly vocab: DecoderVocabulary,
    private readonly shape: DecoderShape,
    readonly info: LoadedModel,
    cancelFlag: () => Int32Array | null,
  ) {
    this.stopping = new CallStopping(cancelFlag);
  }

  static async load(request: LoadRequest, onEvent: (e: LoadEvent) => void, cancelFlag: () => Int32Array | null = () => null): Promise<WhisperSession> {
    const started = performance.now();
    const fetches = new FetchRecorder();
    configureRuntime(request, fetches);
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
      throw fetches.toEngineError(e, request);
    }
    const session = WhisperSession.create(model, processor, tokenizer, request, performance.now() - started, cancelFlag);
    onEvent({ type: 'warmup' });
    if (request.device === 'webgpu') session.watchDevice();
    const warmStart = performance.now();
    try {
      // The encoder and one decoder step compile every kernel (and WebGPU shader) before the user's audio arrives;
      // decoding further would only wait on a model that may not stop at once on silence.
      const language = session.info.multilingual ? 'en' : null;
      await session.transcribe(-1, new Float32Array(SAMPLE_RATE), { language, task: 'transcribe', timestamps: true, guards: NO_GUARDS, maxNewTokens: 1 });
    } catch (e) {
      throw fetches.toEngineError(e, request);
    }
    session.info.warmupMs = performance.now() - warmStart;
    return session;
  }

  /** A session over a model already loaded (the worker's load() above; Node tests load from disk). */
  static create(
    model: WhisperForConditionalGeneration,
    processor: Processor,
    tokenizer: PreTrainedTokenizer,
    request: Pick<LoadRequest, 'device' | 'encoderDtype' | 'decoderDtype' | 'threads'> & { source: Pick<LoadRequest['source'], 'label'> },
    loadMs: number,
    cancelFlag: () => Int32Array | null = () => null,
  ): WhisperSession {
    const vocab = vocabulary(tokenizer, (model.generation_config ?? {}) as GenerationFields);
    const multilingual = vocab.languages.size > 0;
    const shape = decoderShape(model);
    return new WhisperSession(model, processor, tokenizer, vocab, shape, {
      model: request.source.label,
      device: request.device,
      encoderDtype: request.encoderDtype,
      decoderDtype: request.decoderDtype,
      threads: request.threads,
      multilingual,
      languages: multilingual ? [...vocab.languages.keys()] : ['en'],
      wordTimings: shape.alignmentHeads !== undefined,
      loadMs,
      warmupMs: 0,
    }, cancelFlag);
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

  async transcribe(callId: number, audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void): Promise<WindowResult> {
    if (this.lostReason) throw engineError('device-lost', `The GPU device was lost (${this.lostReason}).`);
    // Calls arrive one at a time (the client queues them), so a cancel that arrives later is for this one or an old one.
    this.stopping.callId = callId;
    this.stopping.reset();
    try {
      if (this.stopping.cancelled()) throw engineError('cancelled', 'Transcription cancelled.');
      return await Promise.race([this.transcribeOnDevice(audio, options, onPartial), this.deviceLost]);
    } catch (error) {
      if (error instanceof CancelledError) throw engineError('cancelled', error.message);
      throw error;
    } finally {
      this.stopping.callId = -1;
    }
  }

  private async transcribeOnDevice(audio: Float32Array, options: TranscribeOptions, onPartial?: (p: PartialText) => void): Promise<WindowResult> {
    if (audio.length > 30 * SAMPLE_RATE) throw engineError('unsupported-request', 'A window holds at most 30 s of audio.');
    if (!this.info.multilingual && options.language && options.language !== 'en') {
      throw engineError('unsupported-request', `${this.info.model} is an English-only model; it cannot transcribe "${options.language}".`);
    }
    if (!this.info.multilingual && options.task === 'translate') {
      throw engineError('unsupported-request', `${this.info.model} is an English-only model; it cannot translate.`);
    }

    const started = performance.now();
    const features = await logMelFeatures(this.processor.feature_extractor as unknown as FeatureExtractor, audio);
    const sessions = this.model.sessions as Record<'model' | 'decoder_model_merged', OrtSession>;
    const featured = performance.now();
    const window = await OnnxEncodedWindow.encode(sessions.model, sessions.decoder_model_merged, this.shape, features);
    const encoded = performance.now();
    let sentAt = 0;
    let decoded;
    try {
      decoded = await decodeWindow(window, { ...this.vocab, rules: { ...this.vocab.rules, timestamps: options.timestamps } }, {
        context: promptTokens((text) => this.tokenizer.encode(text, { add_special_tokens: false }), options.prompt, options.vocabulary),
        language: options.language,
        previousLanguage: options.previousLanguage ?? null,
        task: options.task,
        guards: options.guards,
        maxNewTokens: options.maxNewTokens ?? MAX_NEW_TOKENS,
        seed: options.seed ?? 0,
        cancelled: () => this.stopping.cancelled(),
        onTokens: onPartial && ((tokens) => {
          const now = performance.now();
          if (now - sentAt < PARTIAL_INTERVAL_MS) return;
          sentAt = now;
          onPartial({ text: this.tokenizer.decode([...tokens], { skip_special_tokens: true }) });
        }),
      });
    } finally {
      window.dispose();
    }
    if (this.lostReason) throw engineError('device-lost', `The GPU device was lost (${this.lostReason}).`);
    const timings = { featuresMs: featured - started, encoderMs: encoded - featured, decoderMs: performance.now() - encoded };

    const { language, stats, tokens } = decoded;
    const decode = (t: number[]) => this.tokenizer.decode(t, { skip_special_tokens: true });
    const starts = decoded.tokenAttention && tokenStartTimes(decoded.tokenAttention, this.shape.alignmentHeads!.length, Math.min(MAX_FRAMES, Math.ceil(audio.length / SAMPLES_PER_FRAME)));
    const segments = decoded.silence
      ? []
      : parseTokens(tokens, {
          timestampBegin: this.vocab.rules.timestampBegin,
          eot: this.vocab.rules.eot,
          durationSeconds: audio.length / SAMPLE_RATE,
          decode,
          ...(starts && {
            words: (positions: number[]) => {
              // Row 0 is the prompt's last token's: token p is timed by row p + 1. A token never fed back (the length
              // limit) starts where the one before it did.
              const startOf = (p: number) => starts[Math.min(p + 1, starts.length - 1)] ?? audio.length / SAMPLE_RATE;
              const timed = positions.map((p) => ({ piece: decode([tokens[p]!]), start: startOf(p), next: startOf(p + 1), logprob: decoded.tokenLogprobs[p]! }));
              return groupWords(timed, language, (first, end) => decode(positions.slice(first, end).map((p) => tokens[p]!)));
            },
          }),
        }).map((s) => ({ ...s, language, decoding: stats }));
    return {
      segments,
      text: segments.map((s) => s.text).join(''),
      language,
      ...(decoded.detected.length > 0 ? { detected: decoded.detected } : {}),
      stats,
      silence: decoded.silence,
      fallbacks: decoded.fallbacks,
      highestTemperature: decoded.highestTemperature,
      decoderSteps: decoded.decoderSteps,
      encoderPasses: 1,
      timings,
    };
  }
}

function configureRuntime(request: LoadRequest, fetches: FetchRecorder): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = request.source.host;
  env.remotePathTemplate = request.source.pathTemplate;
  env.fetch = fetches.fetch;
  const onnx = env.backends.onnx;
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = { wasm: request.ortWasmUrl };
    onnx.wasm.numThreads = request.threads;
    onnx.wasm.proxy = false;
  }
}

interface GenerationFields {
  is_multilingual?: boolean;
  suppress_tokens?: number[];
  begin_suppress_tokens?: number[];
}

function decoderShape(model: WhisperForConditionalGeneration): DecoderShape {
  const c = model.config as unknown as { decoder_layers: number; decoder_attention_heads: number; d_model: number };
  const shape = { layers: c.decoder_layers, heads: c.decoder_attention_heads, headSize: c.d_model / c.decoder_attention_heads };
  const decoder = (model.sessions as Record<string, OrtSession>).decoder_model_merged;
  if (!decoder?.outputNames?.includes('cross_attentions.0')) return shape;
  // openai/whisper's default when a checkpoint names no heads: every head of the decoder's second half.
  const named = (model.generation_config as { alignment_heads?: [number, number][] } | null)?.alignment_heads;
  const alignmentHeads = named?.length
    ? named
    : Array.from({ length: shape.layers - Math.floor(shape.layers / 2) }, (_, i) => Array.from({ length: shape.heads }, (_, h) => [Math.floor(shape.layers / 2) + i, h] as [number, number])).flat();
  return { ...shape, alignmentHeads };
}

/** The model's control tokens, looked up by name so every Whisper tokenizer layout (multilingual, `.en`) works. */
export function vocabulary(tokenizer: PreTrainedTokenizer, generation: GenerationFields): DecoderVocabulary {
  const id = (token: string): number | undefined => tokenizer.convert_tokens_to_ids(token) ?? undefined;
  const required = (token: string) => {
    const value = id(token);
    if (value === undefined) throw engineError('model-invalid', `The tokenizer has no ${token} token; is this a Whisper model?`);
    return value;
  };
  const noTimestamps = required('<|notimestamps|>');
  const eot = required('<|endoftext|>');
  const sot = required('<|startoftranscript|>');
  const startOfPrev = required('<|startofprev|>');
  const noSpeech = id('<|nospeech|>') ?? required('<|nocaptions|>');
  const transcribe = id('<|transcribe|>');
  const translate = id('<|translate|>');
  const languages = new Map<string, number>();
  // English-only checkpoints keep the language tokens in their vocabulary but were never trained to use them.
  if (generation.is_multilingual === true) {
    for (const [code] of WHISPER_LANGUAGES) {
      const value = id(`<|${code}|>`);
      if (value !== undefined) languages.set(code, value);
    }
  }
  const control = [sot, startOfPrev, id('<|startoflm|>'), noSpeech, transcribe, translate].filter((t): t is number => t !== undefined);
  const timestampBegin = noTimestamps + 1;
  return {
    sot,
    startOfPrev,
    noSpeech,
    transcribe,
    translate,
    languages,
    rules: {
      eot,
      timestampBegin,
      noTimestamps,
      suppress: [...new Set([...(generation.suppress_tokens ?? []), ...control])],
      suppressAtBegin: generation.begin_suppress_tokens ?? [eot],
      maxInitialTimestampIndex: MAX_INITIAL_TIMESTAMP_INDEX,
      timestamps: true,
    },
    text: (tokens) => {
      const text = tokens.filter((t) => t < eot);
      return text.length > 0 ? tokenizer.decode(text, { skip_special_tokens: true }) : '';
    },
  };
}
