/**
 * Which voices are the same person: online clustering of speaker embeddings on cosine similarity. Pure, so it is
 * tested in Node with made-up vectors.
 *
 * pyannote's pipeline clusters every embedding of a file at its end. Here voices arrive window by window and each
 * window's segments are labelled, shown and saved before the next is read, so a voice is assigned when it arrives:
 * to the speaker whose centroid (the duration-weighted mean of its voices' unit embeddings) it is most like, if
 * that is like enough; otherwise it founds a new speaker. Memory is one centroid per speaker, whatever the length
 * of the file. The cost is that an early decision is never revisited: a speaker split in two keeps two labels,
 * which the user can join by giving both the same name.
 */

export interface ClusteringOptions {
  /**
   * Cosine similarity from which a voice is the speaker of a centroid. pyannote 3.1 joins clusters whose centroids
   * are closer than 0.70 (Euclidean, unit embeddings), about 0.6 as a cosine; a single voice against a centroid
   * scores lower than two centroids do, hence a little less.
   */
  sameSpeaker: number;
  /** Solo speech (seconds) a voice needs to found a speaker: shorter ones only join a speaker they are like. */
  minNewSpeakerSeconds: number;
  /** Labels are `${prefix}1`, `${prefix}2`, … in order of first appearance. */
  prefix: string;
}

export const DEFAULT_CLUSTERING: ClusteringOptions = { sameSpeaker: 0.5, minNewSpeakerSeconds: 1, prefix: 'SPEAKER_' };

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

interface Speaker {
  label: string;
  /** Sum of the voices' unit embeddings, each weighted by its solo seconds: the centroid's direction. */
  sum: Float64Array;
}

/** The speakers of one transcript, as its voices arrive. */
export class SpeakerClusters {
  private readonly speakers: Speaker[] = [];
  private readonly options: ClusteringOptions;

  constructor(options: Partial<ClusteringOptions> = {}) {
    this.options = { ...DEFAULT_CLUSTERING, ...options };
  }

  /** Labels given so far, in order of first appearance. */
  get labels(): string[] {
    return this.speakers.map((s) => s.label);
  }

  /**
   * The label of the speaker this voice is: the most similar one at `sameSpeaker` or more (the voice then joins its
   * centroid), else a new speaker if the voice is long enough to found one, else null (too little to tell).
   */
  assign(embedding: ArrayLike<number>, soloSeconds: number): string | null {
    let best: Speaker | null = null;
    let bestSimilarity = -Infinity;
    for (const speaker of this.speakers) {
      const similarity = cosineSimilarity(embedding, speaker.sum);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [speaker, similarity];
    }
    if (best && bestSimilarity >= this.options.sameSpeaker) {
      add(best.sum, embedding, soloSeconds);
      return best.label;
    }
    if (soloSeconds < this.options.minNewSpeakerSeconds) return null;
    const speaker = { label: `${this.options.prefix}${this.speakers.length + 1}`, sum: new Float64Array(embedding.length) };
    add(speaker.sum, embedding, soloSeconds);
    this.speakers.push(speaker);
    return speaker.label;
  }
}

/** sum += weight · embedding / |embedding| */
function add(sum: Float64Array, embedding: ArrayLike<number>, weight: number): void {
  let norm = 0;
  for (let i = 0; i < embedding.length; i++) norm += embedding[i]! * embedding[i]!;
  const k = norm > 0 ? weight / Math.sqrt(norm) : 0;
  for (let i = 0; i < embedding.length; i++) sum[i] = sum[i]! + k * embedding[i]!;
}
