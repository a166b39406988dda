import {
  PyAnnoteForAudioFrameClassification,
  PyAnnoteProcessor,
  WeSpeakerFeatureExtractor,
  WeSpeakerResNetModel,
  env,
  type PreTrainedModel,
  type Tensor,
} from '@huggingface/transformers';
import type { HeardVoice, SpeakerLoadEvent, SpeakerLoadRequest, SpeakerModelRequest, SpeakerModelsInfo } from '../../src/engine/speaker-protocol.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import type { TimeRange } from '../../src/shared/time-range.ts';
import { FetchRecorder } from '../engine-error.ts';
import { localVoices, stretches } from './local-voices.ts';

/** pyannote 3.0 was trained on 10 s chunks: its local speakers are told apart within that much audio. */
const STRETCH_SECONDS = 10;
/** Shorter audio is one receptive field or less (991 samples): the segmentation model has nothing to say. */
const MIN_STRETCH_SECONDS = 0.5;
/** Less solo speech than this makes an embedding that says little about who speaks. */
const MIN_EMBEDDING_SECONDS = 0.3;

export interface SpeakerModels {
  segmentation: PreTrainedModel;
  segmentationProcessor: PyAnnoteProcessor;
  embedding: PreTrainedModel;
  embeddingExtractor: WeSpeakerFeatureExtractor;
}

/**
 * The speaker models loaded in this worker, and the analysis of a piece of audio: pyannote's segmentation over
 * stretches of at most 10 s gives each stretch's voices and their turns, and WeSpeaker gives each voice an
 * embedding of its solo speech. Which voices are the same person across stretches is left to the page.
 */
export class DiarizeSession {
  private readonly id2label: Readonly<Record<string, string>>;

  constructor(private readonly models: SpeakerModels) {
    this.id2label = (models.segmentation.config as unknown as { id2label: Record<string, string> }).id2label;
  }

  static async load(request: SpeakerLoadRequest, onEvent: (e: SpeakerLoadEvent) => void): Promise<{ session: DiarizeSession; info: SpeakerModelsInfo }> {
    const started = performance.now();
    const progress_callback = (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (!p.file) return;
      if (p.status === 'progress') onEvent({ type: 'download', file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0 });
      else if (p.status === 'done') onEvent({ type: 'file-done', file: p.file });
    };
    const load = async <T>(model: SpeakerModelRequest, fetch: (id: string) => Promise<T>): Promise<T> => {
      const fetches = new FetchRecorder();
      configureRuntime(model, request.ortWasmUrl, fetches);
      try {
        return await fetch(model.source.id);
      } catch (error) {
        throw fetches.toEngineError(error, { source: model.source, device: 'wasm' });
      }
    };
    // One model after the other: the runtime's host and path settings are global.
    const segment = request.segmentation;
    const [segmentationProcessor, segmentation] = await load(segment, (id) =>
      Promise.all([
        PyAnnoteProcessor.from_pretrained(id, { progress_callback }) as Promise<PyAnnoteProcessor>,
        PyAnnoteForAudioFrameClassification.from_pretrained(id, { device: 'wasm', dtype: segment.dtype, progress_callback }),
      ]),
    );
    const embed = request.embedding;
    const [embeddingExtractor, embedding] = await load(embed, (id) =>
      Promise.all([
        WeSpeakerFeatureExtractor.from_pretrained(id, { progress_callback }) as Promise<WeSpeakerFeatureExtractor>,
        WeSpeakerResNetModel.from_pretrained(id, { device: 'wasm', dtype: embed.dtype, progress_callback }),
      ]),
    );
    const session = new DiarizeSession({ segmentation, segmentationProcessor, embedding, embeddingExtractor });
    return { session, info: { loadMs: performance.now() - started } };
  }

  /** The voices in `audio` (16 kHz), in order of their first turn; times are seconds from its start. */
  async analyse(audio: Float32Array): Promise<HeardVoice[]> {
    const heard: HeardVoice[] = [];
    for (const [from, to] of stretches(audio.length, STRETCH_SECONDS * SAMPLE_RATE)) {
      if (to - from < MIN_STRETCH_SECONDS * SAMPLE_RATE) continue;
      const stretch = audio.subarray(from, to);
      const { logits } = (await this.models.segmentation(await this.models.segmentationProcessor(stretch))) as { logits: Tensor };
      const [runs = []] = this.models.segmentationProcessor.post_process_speaker_diarization(logits, stretch.length);
      for (const voice of localVoices(runs, this.id2label, from / SAMPLE_RATE)) {
        const soloSeconds = voice.solo.reduce((sum, r) => sum + r.end - r.start, 0);
        const embedding = soloSeconds >= MIN_EMBEDDING_SECONDS ? await this.embed(samplesOf(audio, voice.solo)) : null;
        heard.push({ turns: voice.turns, soloSeconds, embedding });
      }
    }
    return heard.sort((a, b) => a.turns[0]!.start - b.turns[0]!.start);
  }

  private async embed(samples: Float32Array): Promise<Float32Array> {
    const output = (await this.models.embedding(await this.models.embeddingExtractor(samples))) as Record<string, Tensor>;
    // The export has one output; onnx-community names it `last_hidden_state`, other exports `embeddings` or `embs`.
    const [embedding] = Object.values(output);
    if (!embedding) throw new Error('The speaker embedding model gave no output.');
    return Float32Array.from(embedding.data as Float32Array);
  }
}

/** The samples of `ranges` (seconds), one after the other. */
function samplesOf(audio: Float32Array, ranges: readonly TimeRange[]): Float32Array {
  const spans = ranges.map((r) => [Math.round(r.start * SAMPLE_RATE), Math.min(audio.length, Math.round(r.end * SAMPLE_RATE))] as const);
  const out = new Float32Array(spans.reduce((n, [a, b]) => n + Math.max(0, b - a), 0));
  let at = 0;
  for (const [a, b] of spans) {
    if (b <= a) continue;
    out.set(audio.subarray(a, b), at);
    at += b - a;
  }
  return out;
}

function configureRuntime(model: SpeakerModelRequest, ortWasmUrl: string, fetches: FetchRecorder): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = model.source.host;
  env.remotePathTemplate = model.source.pathTemplate;
  env.fetch = fetches.fetch;
  const onnx = env.backends.onnx;
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = { wasm: ortWasmUrl };
    // One thread: both models are small, and the spare threads belong to Whisper, which runs at the same time.
    onnx.wasm.numThreads = 1;
    onnx.wasm.proxy = false;
  }
}
