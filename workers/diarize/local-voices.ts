/**
 * From pyannote's frame classes to voices: which local speakers each stretch names, cleaned of the frame-level
 * flicker at the edges of speech. Pure, so the rules are tested in Node without a model.
 */
import type { TimeRange } from '../../src/shared/time-range.ts';

/** A run of frames with one powerset class, as transformers.js's `post_process_speaker_diarization` gives it. */
export interface ClassRun {
  /** The powerset class (an index into the model's `id2label`). */
  id: number;
  start: number;
  end: number;
}

/** A local speaker of one stretch: where it speaks, and where it speaks alone. */
export interface LocalVoice {
  turns: TimeRange[];
  solo: TimeRange[];
}

/** Silence shorter than this between two runs of one voice is a breath inside its turn. */
const BRIDGE_SECONDS = 0.2;
/** Speech shorter than this (after bridging) is a flicker at the edge of another class, not a turn. */
const MIN_TURN_SECONDS = 0.1;

/** The local speakers a powerset label names: 'SPEAKER_00 + SPEAKER_01' → [0, 1]; 'NO_SPEAKER' → []. */
export function localSpeakers(label: string): number[] {
  return [...label.matchAll(/SPEAKER_(\d+)/g)].map((m) => Number(m[1]));
}

/** Ranges with gaps under `bridge` closed and pieces under `min` dropped, in order. */
export function tidyRanges(ranges: readonly TimeRange[], bridge = BRIDGE_SECONDS, min = MIN_TURN_SECONDS): TimeRange[] {
  const merged: TimeRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && r.start - last.end < bridge) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.filter((r) => r.end - r.start >= min);
}

/**
 * The voices of one stretch, each with its turns and solo turns shifted by `offset` seconds, in order of their
 * first turn. Overlapped speech belongs to the turns of both speakers but to neither's solo speech.
 */
export function localVoices(runs: readonly ClassRun[], id2label: Readonly<Record<string, string>>, offset = 0): LocalVoice[] {
  const turns = new Map<number, TimeRange[]>();
  const solo = new Map<number, TimeRange[]>();
  for (const run of runs) {
    const speakers = localSpeakers(id2label[String(run.id)] ?? '');
    const range = { start: run.start + offset, end: run.end + offset };
    for (const s of speakers) {
      turns.set(s, [...(turns.get(s) ?? []), range]);
      if (speakers.length === 1) solo.set(s, [...(solo.get(s) ?? []), range]);
    }
  }
  return [...turns.entries()]
    .map(([speaker, ranges]) => ({ turns: tidyRanges(ranges), solo: tidyRanges(solo.get(speaker) ?? []) }))
    .filter((v) => v.turns.length > 0)
    .sort((a, b) => a.turns[0]!.start - b.turns[0]!.start);
}

/** [start, end) sample ranges of at most `maxSamples` each, of equal length, covering `length` samples. */
export function stretches(length: number, maxSamples: number): [number, number][] {
  const count = Math.max(1, Math.ceil(length / maxSamples));
  return Array.from({ length: count }, (_, i) => [Math.round((i * length) / count), Math.round(((i + 1) * length) / count)]);
}
