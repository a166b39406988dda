/**
 * Which stored transcript a file job carries on from. Pure: the file queue asks, the store holds the records.
 *
 * The rules: a transcript can be carried on when it is a file's, stopped before the end (interrupted by a reload,
 * a crash or a cancel, or failed) and knows where to carry on and which file it was made from. A file the user
 * picks carries on the latest such transcript of the same file (name, size, date and the hash of its first MiB all
 * equal) made for the same task: a translation never continues a transcription. The model may differ (the record
 * then says the one that finished it). A transcript that is done is not carried on: the file is transcribed again,
 * as a new transcript.
 */
import type { Task } from '../shared/choices.ts';
import type { ResumePoint } from '../engine/transcription-engine.ts';
import { sameIdentity } from './file-identity.ts';
import type { FileIdentity, HistoryRecord } from './history-record.ts';

export type ResumableRecord = HistoryRecord & { resume: ResumePoint; file: FileIdentity };

export const isResumable = (record: HistoryRecord): record is ResumableRecord =>
  record.kind === 'file' && (record.state === 'interrupted' || record.state === 'error') && record.resume !== undefined && record.file !== undefined;

/** The stored transcript a job for the file with `identity` carries on, if any. */
export function resumableFor(records: readonly HistoryRecord[], identity: FileIdentity, task: Task): ResumableRecord | undefined {
  return records
    .filter(isResumable)
    .filter((r) => r.task === task && sameIdentity(r.file, identity))
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
}
