/**
 * Speaker labels on a transcript: who speaks most during each segment and each word. Pure; times in seconds on
 * one clock (the window's, for a file job's window).
 */
import type { TimeRange } from '../shared/time-range.ts';
import type { SpeakerClusters } from './speaker-clustering.ts';
import type { HeardVoice } from './speaker-protocol.ts';
import type { Segment, Word } from './transcript.ts';

/** A stretch of speech and who said it. */
export interface SpeakerTurn extends TimeRange {
  speaker: string;
}

/**
 * The turns of `voices` under the labels `clusters` gives them, assigning each voice with an embedding in the
 * order heard; a voice that cannot be told (no embedding, or too short to found a speaker) contributes no turns.
 */
export function speakerTurns(voices: readonly HeardVoice[], clusters: SpeakerClusters): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  for (const voice of voices) {
    const speaker = voice.embedding && clusters.assign(voice.embedding, voice.soloSeconds);
    if (speaker) turns.push(...voice.turns.map((t) => ({ start: t.start, end: t.end, speaker })));
  }
  return turns;
}

/** The speaker heard most within `range`, or undefined when no turn overlaps it. Ties go to the earlier turn. */
export function speakerOf(range: TimeRange, turns: readonly SpeakerTurn[]): string | undefined {
  const heard = new Map<string, number>();
  for (const turn of turns) {
    const overlap = Math.min(range.end, turn.end) - Math.max(range.start, turn.start);
    if (overlap > 0) heard.set(turn.speaker, (heard.get(turn.speaker) ?? 0) + overlap);
  }
  let best: string | undefined;
  for (const [speaker, seconds] of heard) if (best === undefined || seconds > heard.get(best)!) best = speaker;
  return best;
}

/**
 * Each segment labelled with its speaker, and each of its words with the speaker heard during the word (the
 * segment's, where no turn covers the word). A segment no turn overlaps is left as it is.
 */
export function labelSegments(segments: readonly Segment[], turns: readonly SpeakerTurn[]): Segment[] {
  return segments.map((segment) => {
    const speaker = speakerOf(segment, turns);
    if (!speaker) return segment;
    const words = segment.words?.map((w): Word => ({ ...w, speaker: speakerOf(w, turns) ?? speaker }));
    return { ...segment, speaker, ...(words ? { words } : {}) };
  });
}
