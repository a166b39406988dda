/**
 * The reference: transformers.js's own `automatic-speech-recognition` pipeline on the whole file (30 s chunks,
 * 5 s strides, timestamps), on the same model files, device and dtypes as the app, with the same ONNX Runtime wasm
 * and thread count. The only additions are counters around the model's ONNX sessions.
 */
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { expose } from 'comlink';
import { threadCount } from '../../src/engine/device-plan.ts';
import { resolveModelSource } from '../../src/models/model-source.ts';
import type { ReferenceLoadRequest, ReferenceOutput, ReferenceWorkerApi, TranscribeRequest } from './reference-api.ts';
import { readWav } from './wav.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';

const CHUNKING = { chunk_length_s: 30, stride_length_s: 5, return_timestamps: true } as const;

interface AsrOutput {
  text: string;
  chunks?: { text: string; timestamp: [number, number | null] }[];
}

interface Session {
  run: (...args: unknown[]) => Promise<unknown>;
}

let asr: AutomaticSpeechRecognitionPipeline | null = null;
const runs = { encoder: 0, decoder: 0 };

/** Counts every forward pass: the merged decoder's session is the decoder, every other one the encoder. */
function countSessions(model: unknown): void {
  const sessions = (model as { sessions?: Record<string, Session> }).sessions ?? {};
  for (const [name, session] of Object.entries(sessions)) {
    const run = session.run.bind(session);
    const kind = name.includes('decoder') ? 'decoder' : 'encoder';
    session.run = (...args) => {
      runs[kind]++;
      return run(...args);
    };
  }
}

async function transcribeSamples(samples: Float32Array, request: TranscribeRequest): Promise<AsrOutput> {
  if (!asr) throw new Error('The reference pipeline is not loaded.');
  // language undefined: the pipeline detects it, as the app does for ?language=auto.
  const output: AsrOutput | AsrOutput[] = await asr(samples, { ...CHUNKING, language: request.language ?? undefined, task: request.task });
  return Array.isArray(output) ? output[0]! : output;
}

const api: ReferenceWorkerApi = {
  async load(request: ReferenceLoadRequest) {
    const started = performance.now();
    const source = resolveModelSource(request.model, self.location.href);
    const threads = threadCount({ crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0 });
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = source.host;
    env.remotePathTemplate = source.pathTemplate;
    const onnx = env.backends.onnx;
    if (onnx.wasm) {
      onnx.wasm.wasmPaths = { wasm: request.ortWasmUrl };
      onnx.wasm.numThreads = threads;
      onnx.wasm.proxy = false;
    }
    asr = await pipeline('automatic-speech-recognition', source.id, {
      device: request.device,
      dtype: { encoder_model: request.encoderDtype, decoder_model_merged: request.decoderDtype },
    });
    countSessions(asr.model);
    const loadMs = performance.now() - started;
    // The app warms up on a second of silence before it reports ready; so does the reference.
    const warm = performance.now();
    await transcribeSamples(new Float32Array(SAMPLE_RATE), { language: 'en', task: 'transcribe' });
    return { threads, loadMs, warmupMs: performance.now() - warm };
  },

  async transcribe(audio, request): Promise<ReferenceOutput> {
    const started = performance.now();
    const samples = audio instanceof Float32Array ? audio : readWav(await audio.arrayBuffer(), SAMPLE_RATE);
    const decodeMs = performance.now() - started;
    runs.encoder = 0;
    runs.decoder = 0;
    const output = await transcribeSamples(samples, request);
    return {
      text: output.text,
      chunks: (output.chunks ?? []).map((c) => ({ text: c.text, start: c.timestamp[0], end: c.timestamp[1] ?? null })),
      audioSeconds: samples.length / SAMPLE_RATE,
      encoderRuns: runs.encoder,
      decoderRuns: runs.decoder,
      decodeMs,
      pipelineMs: performance.now() - started - decodeMs,
    };
  },
};

expose(api);
