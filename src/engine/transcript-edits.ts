import type { Segment, Transcript } from './transcript.ts';

/** One change the user made to a transcript, with what it replaced: applying it backwards undoes it. */
export interface TranscriptEdit {
  segments: { index: number; before: Segment; after: Segment }[];
  speakers?: { before: Record<string, string> | undefined; after: Record<string, string> | undefined };
}

/**
 * The user's correction of segment `index`: the text (one line, trimmed) marked `edited`. Null when it changes
 * nothing, or would leave the segment empty (the exports drop empty segments, so that would delete it unasked).
 * The words stay as the model timed them, for an undo; `edited` tells views and exports they no longer match.
 */
export function editText(t: Transcript, index: number, text: string): TranscriptEdit | null {
  const before = t.segments[index];
  const next = text.replace(/\s+/g, ' ').trim();
  if (!before || next === '' || next === before.text.trim()) return null;
  return { segments: [{ index, before, after: { ...before, text: next, edited: true } }] };
}

/** Names speaker `label` (for every segment of it); a blank name goes back to the label's own. Null if nothing changes. */
export function renameSpeaker(t: Transcript, label: string, name: string): TranscriptEdit | null {
  const before = t.meta.speakers;
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if ((before?.[label] ?? '') === trimmed) return null;
  const after: Record<string, string> = { ...before };
  if (trimmed) after[label] = trimmed;
  else delete after[label];
  return { segments: [], speakers: { before, after: Object.keys(after).length > 0 ? after : undefined } };
}

/** The transcript with `edit` applied; the transcript given is left as it is. */
export function applyEdit(t: Transcript, edit: TranscriptEdit): Transcript {
  const segments = edit.segments.length > 0 ? [...t.segments] : t.segments;
  for (const change of edit.segments) segments[change.index] = change.after;
  if (!edit.speakers) return { ...t, segments };
  const meta = { ...t.meta, speakers: edit.speakers.after };
  if (!meta.speakers) delete meta.speakers;
  return { meta, segments };
}

/** The edit that takes `edit` back: an undo is applied, and saved, like any edit. */
export function inverse(edit: TranscriptEdit): TranscriptEdit {
  return {
    segments: edit.segments.map(({ index, before, after }) => ({ index, before: after, after: before })),
    ...(edit.speakers ? { speakers: { before: edit.speakers.after, after: edit.speakers.before } } : {}),
  };
}
