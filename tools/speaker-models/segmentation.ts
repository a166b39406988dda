import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';
import { DType, Graph } from '../test-model/onnx-graph.ts';
import { SEGMENTATION } from './spec.ts';

/** pyannote 3.0's powerset: nobody, each of three local speakers alone, each pair (transformers.js reads `id2label`). */
export const POWERSET_LABELS = ['NO_SPEAKER', 'SPEAKER_00', 'SPEAKER_01', 'SPEAKER_02', 'SPEAKER_00 + SPEAKER_01', 'SPEAKER_00 + SPEAKER_02', 'SPEAKER_01 + SPEAKER_02'];

/** config.json and preprocessor_config.json with the fields of onnx-community/pyannote-segmentation-3.0. */
export function segmentationConfigs() {
  const id2label = Object.fromEntries(POWERSET_LABELS.map((label, i) => [String(i), label]));
  const config = {
    _name_or_path: 'whisper-recorder/synthetic-pyannote-segmentation',
    architectures: ['PyAnnoteForAudioFrameClassification'],
    model_type: 'pyannote',
    id2label,
    label2id: Object.fromEntries(POWERSET_LABELS.map((label, i) => [label, i])),
    num_labels: POWERSET_LABELS.length,
  };
  const preprocessor = {
    feature_extractor_type: 'PyAnnoteFeatureExtractor',
    processor_class: 'PyAnnoteProcessor',
    feature_size: 1,
    sampling_rate: SAMPLE_RATE,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: true,
    offset: SEGMENTATION.offset,
    step: SEGMENTATION.step,
  };
  return { config, preprocessor };
}

/**
 * `input_values` [B, 1, samples] → `logits` [B, frames, 7], log-probabilities over the powerset per frame. Speech is
 * a frame louder than SEGMENTATION.speechDb; its local speaker is SPEAKER_00 when the low pitch band carries enough
 * of the power, else SPEAKER_01. Overlap classes never win: the two test voices take turns.
 */
export function buildSegmentation(): Graph {
  const g = new Graph('synthetic-pyannote-segmentation');
  const f = (v: number) => g.scalar(v);
  const { receptiveField: k, step } = SEGMENTATION;
  const input = g.input('input_values', DType.float, ['batch_size', 1, 'num_samples']);

  // One cosine and one sine kernel per pitch frequency, Hann-windowed over the frame: a short-time Fourier bin each.
  const freqs = [...SEGMENTATION.lowBandHz, ...SEGMENTATION.highBandHz];
  const kernels = new Float32Array(freqs.length * 2 * k);
  freqs.forEach((hz, i) => {
    for (let t = 0; t < k; t++) {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / (k - 1));
      const phase = (2 * Math.PI * hz * t) / SAMPLE_RATE;
      kernels[2 * i * k + t] = hann * Math.cos(phase);
      kernels[(2 * i + 1) * k + t] = hann * Math.sin(phase);
    }
  });
  const fourier = g.op('Conv', [input, g.constant(kernels, [freqs.length * 2, 1, k], DType.float)], { kernel_shape: [k], strides: [step] });
  const power = g.op('Mul', [fourier, fourier]);
  // Sums the cosine² + sine² of each band's frequencies: [B, 2, frames], low band first.
  const select = new Float32Array(2 * freqs.length * 2);
  freqs.forEach((_, i) => {
    const band = i < SEGMENTATION.lowBandHz.length ? 0 : 1;
    select[band * freqs.length * 2 + 2 * i] = 1;
    select[band * freqs.length * 2 + 2 * i + 1] = 1;
  });
  const bands = g.op('Conv', [power, g.constant(select, [2, freqs.length * 2, 1], DType.float)], { kernel_shape: [1] });
  const meanSquare = g.op('Conv', [g.op('Mul', [input, input]), g.constant(new Float32Array(k).fill(1 / k), [1, 1, k], DType.float)], {
    kernel_shape: [k],
    strides: [step],
  });
  const smooth = (x: string, frames: number) =>
    g.op('AveragePool', [x], { kernel_shape: [frames], strides: [1], pads: [(frames - 1) / 2, (frames - 1) / 2], count_include_pad: 0 });

  const logBands = g.op('Log', [g.op('Add', [smooth(bands, SEGMENTATION.pitchSmoothFrames), f(1e-9)])]);
  const ratio = g.op('Conv', [logBands, g.constant(Float32Array.of(1, -1), [1, 2, 1], DType.float), g.constant(Float32Array.of(-SEGMENTATION.pitchSplit), [1], DType.float)], {
    kernel_shape: [1],
  });
  const pitch = g.op('Mul', [ratio, f(SEGMENTATION.pitchGain)]);
  const decibels = g.op('Mul', [g.op('Log', [g.op('Add', [smooth(meanSquare, SEGMENTATION.levelSmoothFrames), f(1e-10)])]), f(10 / Math.LN10)]);
  const speech = g.op('Mul', [g.op('Sub', [decibels, f(SEGMENTATION.speechDb)]), f(SEGMENTATION.speechGain)]);

  // Silence wins when speech < 0; otherwise the speaker whose side of the pitch split the frame is on.
  const nobody = g.op('Neg', [speech]);
  const low = g.op('Sub', [speech, g.op('Relu', [g.op('Neg', [pitch])])]);
  const high = g.op('Sub', [speech, g.op('Relu', [pitch])]);
  const never = g.op('Sub', [g.op('Neg', [g.op('Abs', [speech])]), f(20)]);
  const scores = g.op('Concat', [nobody, low, high, never, never, never, never], { axis: 1 });
  const logits = g.op('LogSoftmax', [g.op('Transpose', [scores], { perm: [0, 2, 1] })], { axis: -1 });
  g.alias(logits, 'logits');
  g.output('logits', DType.float, ['batch_size', 'num_frames', POWERSET_LABELS.length]);
  return g;
}
