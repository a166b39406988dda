/**
 * Synthetic non-speech signals for the test media: pink noise, steady tones and chords, sustained music. All are
 * seeded or closed-form, so every run writes the same samples. Levels are RMS in dBFS (0 dBFS = a full-scale
 * square wave), which is how a loudness gate sees them.
 */
import { mulberry32 } from '../src/shared/random.ts';
import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';


const gain = (dbfs: number) => 10 ** (dbfs / 20);

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Scales `samples` in place so their RMS is `dbfs`. */
export function setRms(samples: Float32Array, dbfs: number): Float32Array {
  const k = gain(dbfs) / (rms(samples) || 1);
  for (let i = 0; i < samples.length; i++) samples[i] = samples[i]! * k;
  return samples;
}

/** Pink (1/f) noise by Paul Kellet's filter over seeded Gaussian white noise. */
export function pinkNoise(seconds: number, dbfs: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  let [b0, b1, b2, b3, b4, b5, b6] = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < out.length; i++) {
    const white = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    b0 = 0.99886 * b0 + white * 0.0555179;
    b1 = 0.99332 * b1 + white * 0.0750759;
    b2 = 0.969 * b2 + white * 0.153852;
    b3 = 0.8665 * b3 + white * 0.3104856;
    b4 = 0.55 * b4 + white * 0.5329522;
    b5 = -0.7616 * b5 - white * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
    b6 = white * 0.115926;
  }
  return setRms(out, dbfs);
}

/** A sine at `hz` whose RMS is `dbfs`, with 10 ms fades so it starts and stops without a click. */
export function tone(seconds: number, hz: number, dbfs: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  const amplitude = gain(dbfs) * Math.SQRT2;
  const fade = Math.min(0.01 * SAMPLE_RATE, out.length / 2);
  for (let i = 0; i < out.length; i++) {
    const edge = Math.min(1, i / fade, (out.length - 1 - i) / fade);
    out[i] = amplitude * edge * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
  }
  return out;
}

/** A held chord: each note with its first three harmonics, as an organ or a synth pad sounds. */
function chordSamples(notes: readonly number[], count: number): Float32Array {
  const out = new Float32Array(count);
  for (const hz of notes) {
    for (const [harmonic, level] of [[1, 1], [2, 0.5], [3, 0.25]] as const) {
      const w = (2 * Math.PI * hz * harmonic) / SAMPLE_RATE;
      for (let i = 0; i < count; i++) out[i] = out[i]! + level * Math.sin(w * i);
    }
  }
  return out;
}

export function chord(seconds: number, notes: readonly number[], dbfs: number): Float32Array {
  return setRms(chordSamples(notes, Math.round(seconds * SAMPLE_RATE)), dbfs);
}

/** C – Am – F – G in the fourth octave, the most common progression there is. */
const PROGRESSION = [
  [261.63, 329.63, 392.0],
  [220.0, 261.63, 329.63],
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66],
];

/**
 * Sustained music: the progression with each chord held `chordSeconds` and equal-power crossfades between
 * chords, so the level never drops between them (no gaps a detector could take for pauses between syllables).
 */
export function music(seconds: number, dbfs: number, chordSeconds = 2.5, crossfadeSeconds = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  const hop = Math.round(chordSeconds * SAMPLE_RATE);
  const fade = Math.round(crossfadeSeconds * SAMPLE_RATE);
  for (let c = 0, at = 0; at < out.length; c++, at += hop) {
    const length = Math.min(hop + fade, out.length - at);
    const notes = chordSamples(PROGRESSION[c % PROGRESSION.length]!, length);
    for (let i = 0; i < length; i++) {
      const fadeIn = at === 0 || i >= fade ? 1 : Math.sin((Math.PI / 2) * (i / fade));
      const fadeOut = i < hop ? 1 : Math.cos((Math.PI / 2) * ((i - hop) / fade));
      out[at + i] = out[at + i]! + notes[i]! * fadeIn * fadeOut;
    }
  }
  return setRms(out, dbfs);
}

/** Adds `b` into `a` from sample `at` on. */
export function mixInto(a: Float32Array, b: Float32Array, at = 0): Float32Array {
  for (let i = 0; i < b.length && at + i < a.length; i++) a[at + i] = a[at + i]! + b[i]!;
  return a;
}

export function toPcm16(samples: Float32Array): Int16Array {
  return Int16Array.from(samples, (s) => Math.max(-32768, Math.min(32767, Math.round(s * 32768))));
}

export function fromPcm16(samples: Int16Array): Float32Array {
  return Float32Array.from(samples, (s) => s / 32768);
}
