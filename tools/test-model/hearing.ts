import { DType, type Graph } from './onnx-graph.ts';
import { MAX_SOURCE_POSITIONS, PILOT_TONES_HZ } from './spec.ts';
import { both, larger, smaller } from './webgpu-ops.ts';

/**
 * What the synthetic encoder "hears", computed from Whisper's normalised log-mel features
 * ((max(log10 mel, peak − 8) + 4) / 4, 80 or 128 bins × 3000 hops of 10 ms) on 20 ms frames. Every rule is stated in
 * Hz, not in bins, so it holds for both filter banks. None of it is loudness alone, so a product that gates audio by
 * loudness cannot predict what the model will say:
 *
 * - speech: energy above each mel bin's own floor over ±1 s (so a stationary noise bed is subtracted), with
 *   syllable dips nearby. A dip is a frame whose energy lies below the maxima on both sides within 0.2 s; the
 *   onset or offset of a sustained sound is a step, not a dip (one side is quiet), and noise, tones and sustained
 *   music have none, however loud;
 * - loud: the frame's mel power is above −30 dB (the level of the window's padding and of digital silence is
 *   far below), whatever the sound;
 * - tonal: the loud frames' spectra are dominated by a few peaks (a chord, music), not spread (noise);
 * - the three pilot tones: one mel bin pair standing well above its neighbours throughout the speech;
 * - a high voice: over the voiced frames, the bands around 60–150 Hz sit far below each frame's strongest band, so
 *   the lowest strong harmonic is above them (a fundamental above ≈ 170 Hz). espeak-ng's default voice
 *   (≈ 100 Hz) measures about −0.3, its `+f4` variant at pitch 80 (≈ 250 Hz) about −0.9;
 * - word islands: the frames of a speech region whose energy is above the floor at all (digital silence between
 *   words spoken one at a time leaves gaps; a stop consonant's closure inside a word does not).
 *
 * Thresholds were calibrated on the test media (scripts/make-fixtures.ts) and the real recordings in
 * ../shared/audio (all 36 heard as speech). Measured: syllable dips are 0.1–0.5 deep in speech (10 in the test
 * sentence, clean, in noise or at −40 dBFS), while noise, the chord and the music never dip more than 0.03;
 * peak-over-mean is 0.43 for pink noise against 1.26 (chord) and 1.33 (music); pilot prominence (80 / 128 mel
 * bins) is 0.91 / 0.90 (5 kHz), 0.77 / 0.72 (7 kHz) and 0.48 / 0.50 (3.5 kHz) with the tones, at most
 * 0.06 / 0.01, 0.22 / 0.08 and 0.08 / 0.07 without. words.wav has its 9 word islands with either filter bank.
 */
const HEARING = {
  /** Floor: minimum over ±1 s, in frames (for the energy) and in blocks of 10 frames (for each mel bin). */
  floorFrames: 101,
  floorBlocks: 11,
  /** Energy above the floor (mean over bins of the normalised log-mel excess) that counts as sound. */
  above: 0.08,
  /** A dip: this much below the maxima on both sides, each side's maximum above `above`. */
  dipDepth: 0.08,
  dipSideFrames: 10,
  /** Speech: sound with a dip within ±0.3 s. */
  dipReachFrames: 31,
  /** log10 of the mean mel power that counts as loud: −30 dB below a full-scale sine's mel power. */
  loudLog10: -3,
  /** Peak-over-mean of the loud frames' log-mel spectra above which the sound is tonal (noise sits near 0.45). */
  tonalPeak: 0.8,
  /**
   * Mean prominence of a pilot tone's mel bins over the speech frames, per pilot. Speech alone stays below 0.25 at
   * 5 and 7 kHz and below 0.1 at 3.5 kHz, where speech is louder and so the same −35 dBFS tone stands out less.
   */
  pilotProminence: { repeat: 0.45, lowConfidence: 0.45, beamTrap: 0.3 },
  /** The band whose level says whether the voice is low, and the level (below each frame's peak) that is high. */
  voiceBandHz: [60, 150],
  highVoiceLevel: -0.6,
  /** Energy above the floor that belongs to a word island (a closure inside a word stays above 0.02). */
  islandAbove: 0.01,
  /** Gaps shorter than this (frames) are pauses inside one utterance; blips shorter than MIN_BLIP are clicks. */
  closeGapFrames: 31,
  minBlipFrames: 5,
} as const;

/** Channels of `last_hidden_state` the script reads (each [B, 1500]; flags are the same in every frame). */
export const HEARD = { speech: 0, loud: 1, tonal: 2, repeatPilot: 3, lowConfidencePilot: 4, beamTrapPilot: 5, highVoice: 6, island: 7 } as const;
export const HEARD_CHANNELS = 8;

const FRAMES = MAX_SOURCE_POSITIONS;

/** Whisper's Slaney mel scale over 0–8 kHz, with filter i centred on the (i + 1)-th of `bins` + 2 even points. */
const mel = (f: number) => (f < 1000 ? (3 * f) / 200 : 15 + (27 / Math.log(6.4)) * Math.log(f / 1000));
const melSpacing = (bins: number) => mel(8000) / (bins + 1);

/** The two filters whose centres surround `hz`. */
export function melBinsAround(hz: number, bins: number): [number, number] {
  const below = Math.floor(mel(hz) / melSpacing(bins)) - 1;
  return [below, below + 1];
}

/** The filters whose centres lie in [lo, hi] Hz, as [first, end). */
function melBinsWithin([lo, hi]: readonly number[], bins: number): [number, number] {
  const first = Math.ceil(mel(lo!) / melSpacing(bins)) - 1;
  const last = Math.floor(mel(hi!) / melSpacing(bins)) - 1;
  return [first, last + 1];
}

/** `[B, 1500, HEARD_CHANNELS]` from `input_features` `[B, melBins, 3000]`. */
export function hear(g: Graph, features: string, melBins: number): string {
  const f = (v: number) => g.scalar(v);
  const toFloat = (v: string) => g.op('Cast', [v], { to: DType.float });
  const pool = (op: 'MaxPool' | 'AveragePool', x: string, k: number, extra: Record<string, number> = {}) =>
    g.op(op, [x], { kernel_shape: [k], pads: [(k - 1) / 2, (k - 1) / 2], strides: [1], ...extra });
  // Pads of a MaxPool are ignored values, so the minimum over a window that runs past an edge is over what is inside.
  const minPool = (x: string, k: number) => g.op('Neg', [pool('MaxPool', g.op('Neg', [x]), k)]);
  const meanOverBins = (x: string) => g.op('ReduceMean', [x], { axes: [1], keepdims: 1 });
  const bins = (lo: number, hi: number) => g.op('Slice', [frames, g.ints([lo]), g.ints([hi]), g.ints([1])]);

  const frames = g.op('AveragePool', [features], { kernel_shape: [2], strides: [2] });
  // Each bin's floor: the minimum over blocks of 10 frames, then over ±5 blocks (±1 s, at a hundredth of the work
  // of one pool over 101 frames), spread back over the frames.
  const blockMin = g.op('Neg', [g.op('MaxPool', [g.op('Neg', [frames])], { kernel_shape: [10], strides: [10] })]);
  const floorBlocks = minPool(blockMin, HEARING.floorBlocks);
  const floor = g.op('Reshape', [
    g.op('Expand', [g.op('Reshape', [floorBlocks, g.ints([0, melBins, FRAMES / 10, 1])]), g.ints([1, 1, 1, 10])]),
    g.ints([0, melBins, FRAMES]),
  ]);
  const excess = g.op('Relu', [g.op('Sub', [frames, floor])]);
  const raw = meanOverBins(excess);
  // Region edges come from the unsmoothed energy (so they sit on the speech); dips from lightly smoothed energy.
  const energy = pool('AveragePool', raw, 3, { count_include_pad: 0 });
  const sound = both(
    g,
    g.op('Greater', [raw, f(HEARING.above)]),
    g.op('Greater', [raw, g.op('Add', [minPool(energy, HEARING.floorFrames), f(HEARING.above)])]),
  );

  // Maxima over the 10 frames before and the 10 after each frame, through one pooled array: M[j] = max E[j−10 … j−1].
  const w = HEARING.dipSideFrames;
  const padded = g.op('Pad', [energy, g.ints([0, 0, w, 0, 0, w]), f(0)]);
  // (Relu keeps the Pad from sitting straight before the MaxPool: see tidy.)
  const windowMax = g.op('MaxPool', [g.op('Relu', [padded])], { kernel_shape: [w], strides: [1] });
  const before = g.op('Slice', [windowMax, g.ints([0]), g.ints([FRAMES]), g.ints([2])]);
  const after = g.op('Slice', [windowMax, g.ints([w + 1]), g.ints([w + 1 + FRAMES]), g.ints([2])]);
  const sides = smaller(g, before, after);
  const dip = both(g, g.op('Greater', [g.op('Sub', [sides, energy]), f(HEARING.dipDepth)]), g.op('Greater', [sides, f(HEARING.above)]));
  const nearDip = g.op('Greater', [pool('MaxPool', toFloat(dip), HEARING.dipReachFrames), f(0.5)]);
  const speech = tidy(g, toFloat(both(g, sound, nearDip)));

  // Mean mel power per frame, in log10 of the raw mel (the features are (log10 + 4) / 4).
  const power = g.op('Exp', [g.op('Mul', [frames, f(4 * Math.LN10)])]);
  const level = g.op('Sub', [g.op('Div', [g.op('Log', [meanOverBins(power)]), f(Math.LN10)]), f(4)]);
  const loud = tidy(g, toFloat(g.op('Greater', [level, f(HEARING.loudLog10)])));

  const meanWhere = (values: string, mask: string) =>
    g.op('Div', [
      g.op('ReduceSum', [g.op('Mul', [values, mask]), g.ints([2])], { keepdims: 1 }),
      larger(g, g.op('ReduceSum', [mask, g.ints([2])], { keepdims: 1 }), f(1)),
    ]);
  const peakiness = g.op('Sub', [g.op('ReduceMax', [frames], { axes: [1], keepdims: 1 }), meanOverBins(frames)]);
  const tonal = g.op('Greater', [meanWhere(peakiness, loud), f(HEARING.tonalPeak)]);
  const pilot = (name: keyof typeof PILOT_TONES_HZ) => {
    const [lo, hi] = melBinsAround(PILOT_TONES_HZ[name], melBins);
    const tone = larger(g, bins(lo, lo + 1), bins(hi, hi + 1));
    const neighbours = larger(g, bins(lo - 2, lo - 1), bins(hi + 2, hi + 3));
    return g.op('Greater', [meanWhere(g.op('Sub', [tone, neighbours]), speech), f(HEARING.pilotProminence[name])]);
  };
  // The voice: the low band's level below each frame's peak, over the voiced frames of the speech.
  const [bandFirst, bandEnd] = melBinsWithin(HEARING.voiceBandHz, melBins);
  const band = g.op('ReduceMean', [bins(bandFirst, bandEnd)], { axes: [1], keepdims: 1 });
  const voiced = g.op('Mul', [speech, toFloat(g.op('Greater', [raw, f(HEARING.above)]))]);
  const highVoice = g.op('Less', [meanWhere(g.op('Sub', [band, g.op('ReduceMax', [frames], { axes: [1], keepdims: 1 })]), voiced), f(HEARING.highVoiceLevel)]);
  const island = g.op('Mul', [speech, toFloat(g.op('Greater', [raw, f(HEARING.islandAbove)]))]);

  const everyFrame = (flag: string) => g.op('Add', [g.op('Mul', [speech, f(0)]), toFloat(flag)]);
  const channels = [
    speech,
    loud,
    everyFrame(tonal),
    everyFrame(pilot('repeat')),
    everyFrame(pilot('lowConfidence')),
    everyFrame(pilot('beamTrap')),
    everyFrame(highVoice),
    island,
  ];
  return g.op('Transpose', [g.op('Concat', channels, { axis: 1 })], { perm: [0, 2, 1] });
}

/**
 * Closes gaps under `closeGapFrames` and removes blips under `minBlipFrames`, on the frames extended with silence
 * on both sides, so the window's edges count as silence: closing must not bridge the gap between an edge and
 * speech that starts just after it. (The Pad is kept apart from the first MaxPool by a comparison, because ONNX
 * Runtime folds a Pad straight before a MaxPool into the pool's pads, which are ignored values, not silence.)
 */
function tidy(g: Graph, mask: string): string {
  const close = HEARING.closeGapFrames;
  const blip = HEARING.minBlipFrames;
  const margin = (close - 1) / 2 + (blip - 1) / 2;
  const padded = g.op('Cast', [g.op('Greater', [g.op('Pad', [mask, g.ints([0, 0, margin, 0, 0, margin]), g.scalar(0)]), g.scalar(0.5)])], { to: DType.float });
  const dilate = (x: string, k: number) => g.op('MaxPool', [x], { kernel_shape: [k], pads: [(k - 1) / 2, (k - 1) / 2], strides: [1] });
  const erode = (x: string, k: number) => g.op('Neg', [dilate(g.op('Neg', [x]), k)]);
  const opened = dilate(erode(erode(dilate(padded, close), close), blip), blip);
  return g.op('Slice', [opened, g.ints([margin]), g.ints([margin + FRAMES]), g.ints([2])]);
}
