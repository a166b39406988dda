/**
 * What the synthetic speaker models hear, and the two voices the test media speak with. The models carry no
 * learned meaning: each computes a few acoustic measures that tell these voices apart and turns them into the
 * outputs the real models give (pyannote's powerset logits, a WeSpeaker embedding).
 *
 * The voices are espeak-ng's American English (F0 about 80–115 Hz) and its `+f3` variant (about 160–245 Hz).
 */

/** espeak-ng arguments of the dialogue's two voices: the first to speak, then the other. */
export const VOICES = {
  low: ['-v', 'en-us'],
  high: ['-v', 'en-us+f3'],
} as const;
export type VoiceName = keyof typeof VOICES;

/**
 * Segmentation: a frame is 991 samples every 270 (pyannote 3.0's SincNet receptive field and hop, so a 10 s window
 * gives its 589 frames). Per frame, the power in two pitch bands (short-time Fourier bins of a Hann window over the
 * frame) and the mean square of the samples.
 */
export const SEGMENTATION = {
  receptiveField: 991,
  step: 270,
  /** transformers.js maps frames to seconds with (samples − offset) / step frames, as the real config says. */
  offset: 990,
  /** A low voice's fundamental lies here; a high voice has nothing here but leakage. */
  lowBandHz: [60, 80, 100, 120],
  /** A high voice's fundamental (and a low voice's second harmonic) lies here. */
  highBandHz: [140, 160, 180, 200, 220, 240, 260, 280, 300],
  /** Frames averaged for the pitch bands (0.42 s: a syllable or two, less than the dialogue's shortest pause). */
  pitchSmoothFrames: 25,
  /** Frames averaged for the level (0.15 s). */
  levelSmoothFrames: 9,
  /** ln(low band / high band) of the smoothed powers: the low voice stays above −2.9, the high one below −4.4. */
  pitchSplit: -3.6,
  pitchGain: 3,
  /** Speech: a frame's mean square above this (dB re full scale); windows reach the model at a −6 dBFS peak. */
  speechDb: -45,
  /** Logit units per dB above (or below) `speechDb`. */
  speechGain: 0.5,
} as const;

/**
 * Embedding: WeSpeaker's input is an 80-bin Kaldi log-mel filterbank (25 ms Hamming window, 10 ms hop) with each
 * bin's mean over time taken away, so a voice's average spectrum is gone and only how frames differ from it is
 * left. What survives is the harmonic ripple across the bins of 100–400 Hz: a high voice's harmonics are resolved
 * there, so neighbouring bins follow broad peaks and valleys (the spectrum's slope dominates), while a low voice's
 * harmonics are not, leaving bin-to-bin jitter (its curvature dominates). The measure is
 * ln(Σ curvature² / Σ slope²) over every frame of bins 4–13: about +0.2…+0.6 for the low voice, −0.8…−0.2 for the
 * high one, on utterances of 1.5 s and more.
 */
export const EMBEDDING = {
  melBins: 80,
  rippleBins: [4, 14],
  rippleSplit: 0.02,
  rippleGain: 5,
  /**
   * The embedding is [tanh(gain·(ripple − split)), 0.45] spread over 256 dimensions by two orthonormal directions:
   * the voices point about 130° apart (cosine near −0.6), one voice's utterances within a few degrees.
   */
  constant: 0.45,
  dimensions: 256,
} as const;
