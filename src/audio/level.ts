/** Sample levels in dBFS (decibels against a full-scale peak of 1). */

export const dbfsToGain = (db: number): number => 10 ** (db / 20);

/**
 * Scales `samples` in place so their peak reaches `targetDbfs`, by at most `maxGainDb` and never down (loud audio
 * stays as it is, and nothing clips). Returns the gain applied.
 */
export function raisePeak(samples: Float32Array, targetDbfs: number, maxGainDb: number): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  const gain = Math.min(dbfsToGain(maxGainDb), Math.max(1, dbfsToGain(targetDbfs) / peak));
  if (gain !== 1) for (let i = 0; i < samples.length; i++) samples[i]! *= gain;
  return gain;
}
