import type { GuardOptions } from '../../src/shared/guard-options.ts';

/** What the fallback rules look at in one decoded candidate. */
export interface CandidateScore {
  avgLogprob: number;
  compressionRatio: number;
  noSpeechProb: number;
}

/**
 * UTF-8 length over zlib-compressed length, as openai/whisper measures it: a decoder stuck in a loop writes text
 * that compresses far better than language does.
 */
export async function compressionRatio(text: string): Promise<number> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length === 0) return 0;
  const compressed = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
  return bytes.length / compressed.byteLength;
}

/** Decode again at the next temperature? Not for a window the model calls silence: sampling would only invent text. */
export function needsFallback(c: CandidateScore, guards: GuardOptions): boolean {
  if (c.noSpeechProb > guards.noSpeechThreshold) return false;
  return c.compressionRatio > guards.compressionRatioThreshold || c.avgLogprob < guards.logprobThreshold;
}

/** The model says there is no speech, and what it wrote instead is unsure: drop the window's text. */
export function isSilence(c: CandidateScore, guards: GuardOptions): boolean {
  return c.noSpeechProb > guards.noSpeechThreshold && c.avgLogprob < guards.logprobThreshold;
}
