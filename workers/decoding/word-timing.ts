/**
 * Word times from cross-attention, as openai/whisper's `find_alignment` and transformers.js's
 * `_extract_token_timestamps` find them: the alignment heads' attention of every generated token over the audio's
 * frames, normalised per frame across the tokens, smoothed along time, averaged over the heads, then dynamic time
 * warping walks tokens and frames together; a token starts at the first frame the path gives it. Pure: no model here.
 */

/** Seconds per encoder frame: 1500 frames in a 30 s window. */
export const SECONDS_PER_FRAME = 0.02;
/** openai/whisper's `medfilt_width`. */
const MEDIAN_WIDTH = 7;

/**
 * The attention of one fed token: for each alignment head in turn, its weights over the window's frames
 * (`heads × frames`, head-major).
 */
export type TokenAttention = Float32Array;

/**
 * The start, in seconds from the window's start, of each of `rows.length` tokens. `frames` is how many encoder
 * frames hold audio (the rest of the 30 s window is padding, which no word can be in).
 */
export function tokenStartTimes(rows: readonly TokenAttention[], heads: number, frames: number): number[] {
  const tokens = rows.length;
  if (tokens === 0 || heads === 0 || frames === 0) return [];
  const stride = rows[0]!.length / heads;
  const cost = new Float32Array(tokens * frames);
  const mean = new Float64Array(frames);
  const scale = new Float64Array(frames);
  const line = new Float32Array(frames);
  const smooth = new Float32Array(frames);
  for (let h = 0; h < heads; h++) {
    // Normalised per frame across tokens: a frame every token attends to alike says nothing of where a word is.
    mean.fill(0);
    scale.fill(0);
    for (const row of rows) {
      for (let f = 0, at = h * stride; f < frames; f++, at++) {
        const v = row[at]!;
        mean[f]! += v;
        scale[f]! += v * v;
      }
    }
    for (let f = 0; f < frames; f++) {
      mean[f]! /= tokens;
      const std = Math.sqrt(Math.max(0, scale[f]! / tokens - mean[f]! ** 2));
      scale[f] = std > 1e-12 ? 1 / std : 1;
    }
    rows.forEach((row, t) => {
      for (let f = 0, at = h * stride; f < frames; f++, at++) line[f] = (row[at]! - mean[f]!) * scale[f]!;
      medianFilter(line, MEDIAN_WIDTH, smooth);
      for (let f = 0, at = t * frames; f < frames; f++, at++) cost[at]! -= smooth[f]! / heads;
    });
  }
  return warpStarts(cost, tokens, frames).map((f) => f * SECONDS_PER_FRAME);
}

/** Median of each `width` values around every value, mirrored at the ends (transformers.js's medianFilter). */
function medianFilter(data: Float32Array, width: number, out: Float32Array): void {
  const half = width >> 1;
  const window = new Float32Array(width);
  const last = data.length - 1;
  for (let i = 0; i < data.length; i++) {
    // Insertion sort: a typed array's sort() costs more than the few values it orders here.
    for (let j = 0; j < width; j++) {
      let k = Math.abs(i + j - half);
      if (k > last) k = Math.max(0, 2 * last - k);
      const v = data[k]!;
      let at = j;
      while (at > 0 && window[at - 1]! > v) {
        window[at] = window[at - 1]!;
        at--;
      }
      window[at] = v;
    }
    out[i] = window[half]!;
  }
}

/**
 * Dynamic time warping over `cost` (`tokens × frames`, row-major), from the first token and frame to the last of
 * both; returns, for each token, the first frame the cheapest path gives it.
 */
export function warpStarts(cost: Float32Array, tokens: number, frames: number): number[] {
  const width = frames + 1;
  const total = new Float64Array((tokens + 1) * width).fill(Number.POSITIVE_INFINITY);
  const move = new Uint8Array((tokens + 1) * width);
  total[0] = 0;
  for (let j = 1; j <= frames; j++) {
    for (let i = 1; i <= tokens; i++) {
      const diagonal = total[(i - 1) * width + j - 1]!;
      const up = total[(i - 1) * width + j]!;
      const left = total[i * width + j - 1]!;
      let best = left;
      let step = 2;
      if (diagonal < up && diagonal < left) [best, step] = [diagonal, 0];
      else if (up < diagonal && up < left) [best, step] = [up, 1];
      total[i * width + j] = cost[(i - 1) * frames + j - 1]! + best;
      move[i * width + j] = step;
    }
  }
  const starts = new Array<number>(tokens).fill(0);
  let i = tokens;
  let j = frames;
  while (i > 0 || j > 0) {
    if (i > 0) starts[i - 1] = Math.max(0, j - 1);
    const step = i === 0 ? 2 : j === 0 ? 1 : move[i * width + j]!;
    if (step === 0) {
      i--;
      j--;
    } else if (step === 1) {
      i--;
    } else {
      j--;
    }
  }
  return starts;
}
