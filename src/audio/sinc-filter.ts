/**
 * The Kaiser-windowed sinc filter shared by file decoding (StreamResampler) and the microphone worklet, so Whisper
 * hears files and the microphone through the same low-pass.
 */

/** Sinc zero crossings per side, measured at the lower of the two rates. */
const ZERO_CROSSINGS = 24;
/** Cutoff as a fraction of the lower Nyquist; the transition band fits between it and the Nyquist. */
const ROLLOFF = 0.91;
const KAISER_BETA = 10;
/**
 * Pathological rate pairs (e.g. 44056 → 16000) would need thousands of exact phases; past this many the
 * filter phase is rounded instead. The read position stays exact, so the rate never drifts, and the timing
 * jitter (≤ 1/4096 input sample) is far below audibility.
 */
const MAX_PHASES = 2048;

export interface SincFilter {
  passthrough: boolean;
  /** Input samples per `phases` output samples. */
  step: number;
  phases: number;
  tablePhases: number;
  halfTaps: number;
  taps: number;
  /** (tablePhases + 1) rows of `taps` coefficients; row q filters at fractional offset q / tablePhases. */
  table: Float32Array;
}

export function designSincFilter(inputRate: number, outputRate: number): SincFilter {
  const passthrough = inputRate === outputRate;
  const divisor = gcd(inputRate, outputRate);
  const phases = outputRate / divisor;
  const tablePhases = Math.min(phases, MAX_PHASES);
  // Downsampling must cut at the output Nyquist; upsampling only needs to remove the imaging above the input one.
  const cutoff = 0.5 * Math.min(1, outputRate / inputRate) * ROLLOFF; // cycles per input sample
  const halfWidth = ZERO_CROSSINGS / (2 * cutoff); // in input samples
  const halfTaps = passthrough ? 0 : 2 * Math.ceil(halfWidth / 2);
  return {
    passthrough,
    step: inputRate / divisor,
    phases,
    tablePhases,
    halfTaps,
    taps: 2 * halfTaps,
    table: passthrough ? new Float32Array(0) : buildTable(tablePhases, halfTaps, cutoff, halfWidth),
  };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function buildTable(tablePhases: number, halfTaps: number, cutoff: number, halfWidth: number): Float32Array {
  const taps = 2 * halfTaps;
  const table = new Float32Array((tablePhases + 1) * taps);
  const row = new Float64Array(taps);
  const norm = besselI0(KAISER_BETA);
  for (let q = 0; q <= tablePhases; q++) {
    const offset = q / tablePhases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const d = j - halfTaps + 1 - offset;
      const x = 2 * cutoff * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const u = d / halfWidth;
      const window = Math.abs(u) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - u * u)) / norm;
      row[j] = sinc * window;
      sum += row[j] as number;
    }
    // Unit DC gain per phase, so a constant input stays exactly constant whatever the fractional offset.
    for (let j = 0; j < taps; j++) table[q * taps + j] = (row[j] as number) / sum;
  }
  return table;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 64; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}
