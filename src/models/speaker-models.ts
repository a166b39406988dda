/**
 * The two models speaker labels need besides Whisper, in the onnx-community exports transformers.js loads:
 * pyannote's segmentation 3.0 (who speaks when, a few local voices per 10 s) and WeSpeaker's ResNet34-LM (what a
 * voice sounds like, as a 256-number embedding). Each is three files: config, feature extractor, one ONNX graph.
 */
import type { Dtype } from './dtype.ts';
import { DTYPE_SUFFIX } from './model-files.ts';

export interface SpeakerModelInfo {
  id: string;
  label: string;
  /**
   * The precision the speaker worker loads, always on WASM (WebGPU is Whisper's). Segmentation stays fp32: it is
   * small, and its LSTM is what quantisation hurts most. The embedding's q8 file is a quarter of its fp32 one.
   */
  dtype: Dtype;
  /** Download of the files for that dtype (the hub's sizes, rounded up to 10 kB). */
  bytes: number;
}

export const SPEAKER_MODELS = {
  segmentation: { id: 'onnx-community/pyannote-segmentation-3.0', label: 'Speaker turns (pyannote segmentation 3.0)', dtype: 'fp32', bytes: 6_000_000 },
  embedding: { id: 'onnx-community/wespeaker-voxceleb-resnet34-LM', label: 'Voice fingerprints (WeSpeaker ResNet34)', dtype: 'q8', bytes: 6_690_000 },
} as const satisfies Record<'segmentation' | 'embedding', SpeakerModelInfo>;

export const SPEAKER_MODEL_LIST: readonly SpeakerModelInfo[] = [SPEAKER_MODELS.segmentation, SPEAKER_MODELS.embedding];

/** What both downloads weigh together. */
export const SPEAKER_MODELS_BYTES = SPEAKER_MODEL_LIST.reduce((sum, m) => sum + m.bytes, 0);

/** Every file transformers.js fetches for the model, relative to its folder (its processor reads only the first two). */
export const speakerModelFiles = (model: Pick<SpeakerModelInfo, 'dtype'>): string[] => [
  'config.json',
  'preprocessor_config.json',
  `onnx/model${DTYPE_SUFFIX[model.dtype]}.onnx`,
];
