/**
 * What the transcript history keeps on this device: one record per file transcript or live session, and its
 * segments in order. Types and pure helpers; the store (history-store.ts) applies the rules.
 */
import type { Task } from '../engine/protocol.ts';
import type { ResumePoint } from '../engine/transcription-engine.ts';
import type { Segment, Transcript, TranscriptMeta } from '../engine/transcript.ts';

export type { ResumePoint };

export type HistoryKind = 'file' | 'live';

/**
 * `in-progress` while this page writes it; `interrupted` when a page closed (reload, crash) or the user cancelled
 * before the end; `error` when transcription failed. Both of the last two keep the segments finished before.
 */
export type HistoryState = 'in-progress' | 'done' | 'interrupted' | 'error';

/** Enough to tell, later, whether a file the user picks is the one that was transcribed. */
export interface FileIdentity {
  name: string;
  size: number;
  /** `File.lastModified`, milliseconds since the epoch. */
  lastModified: number;
  /** Lower-case hex SHA-256 of the file's first 1 MiB (all of it when shorter). */
  sha256: string;
}

export interface HistoryRecord {
  id: string;
  kind: HistoryKind;
  /** The file name, or "Recording …"; the user may rename it. */
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Length of the audio in seconds: the file's duration, or the end of a live session's last final. */
  durationSeconds: number;
  model: string;
  device: 'webgpu' | 'wasm';
  /** `encoder/decoder`, as in TranscriptMeta. */
  dtype: string;
  /** Given or detected; null while still to be detected. */
  language: string | null;
  task: Task;
  state: HistoryState;
  segmentCount: number;
  /** Estimated bytes stored for the record and its segments (UTF-8 JSON). */
  bytes: number;
  /** Why transcription failed, for state `error`. */
  error?: string;
  /** File jobs: which file, once its first MiB is hashed. */
  file?: FileIdentity;
  /** File jobs: where to carry on from, updated with every window. */
  resume?: ResumePoint;
  /** Words the user told the model to expect. */
  vocabulary?: string;
  /** Names the user gave the speaker labels: label → name. */
  speakers?: Record<string, string>;
}

/** How a transcript is made, as the engine reports it. */
export type RecordMeta = Pick<HistoryRecord, 'model' | 'device' | 'dtype' | 'task' | 'vocabulary'>;

/** The fields a writer may change after the start. */
export type RecordPatch = Partial<Pick<HistoryRecord, 'durationSeconds' | 'language' | 'model' | 'device' | 'dtype' | 'error' | 'file' | 'resume' | 'speakers'>>;

export const recordMeta = (meta: TranscriptMeta): RecordMeta => ({
  model: meta.model,
  device: meta.device,
  dtype: meta.dtype,
  task: meta.task,
  ...(meta.vocabulary ? { vocabulary: meta.vocabulary } : {}),
});

const encoder = new TextEncoder();

/** UTF-8 bytes of the value as JSON: close to what IndexedDB keeps, and the same on every browser. */
export const jsonBytes = (value: unknown): number => encoder.encode(JSON.stringify(value)).length;

/** A stored transcript as the transcript view and the exports take it. */
export function transcriptOf(record: HistoryRecord, segments: Segment[]): Transcript {
  return {
    meta: {
      source: record.name,
      model: record.model,
      device: record.device,
      dtype: record.dtype,
      ...(record.language ? { language: record.language } : {}),
      task: record.task,
      createdAt: new Date(record.createdAt).toISOString(),
      ...(record.vocabulary ? { vocabulary: record.vocabulary } : {}),
      ...(record.speakers ? { speakers: record.speakers } : {}),
    },
    segments,
  };
}
