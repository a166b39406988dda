import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { applyEdit, editText, inverse, renameSpeaker, type TranscriptEdit } from '../../engine/transcript-edits';
import type { Transcript } from '../../engine/transcript';
import type { HistoryStore } from '../../history/history-store';

/** How many corrections of one transcript can be taken back. */
const UNDO_DEPTH = 100;

/** A transcript the user corrects: where it is kept in the page, and where it is saved. */
export interface EditTarget {
  /** The same while the same transcript is shown: its undo list goes with it. */
  key: string;
  transcript: Transcript;
  /** Its record in the history, if it has one. */
  recordId: string | null;
  /** Keeps the corrected transcript where the page shows it from. */
  keep(transcript: Transcript): void;
}

/**
 * The user's corrections to transcripts: each one applied, saved to the history (where the transcript has a record,
 * so it is there after a reload and in every export), and remembered per transcript so Ctrl+Z takes the last ones
 * back, in order, the undo saved like any correction.
 */
export class TranscriptEditsController implements ReactiveController {
  private readonly done = new Map<string, TranscriptEdit[]>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly history: HistoryStore | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The transcript under `key` is gone (a file transcribed again): its corrections cannot be taken back. */
  forget(key: string): void {
    this.done.delete(key);
  }

  canUndo(key: string): boolean {
    return (this.done.get(key)?.length ?? 0) > 0;
  }

  editText(target: EditTarget, index: number, text: string): void {
    this.apply(target, editText(target.transcript, index, text));
  }

  renameSpeaker(target: EditTarget, label: string, name: string): void {
    this.apply(target, renameSpeaker(target.transcript, label, name));
  }

  undo(target: EditTarget): void {
    const edit = this.done.get(target.key)?.pop();
    if (edit) this.save(target, inverse(edit));
  }

  private apply(target: EditTarget, edit: TranscriptEdit | null): void {
    if (!edit) return;
    const list = this.done.get(target.key) ?? [];
    list.push(edit);
    if (list.length > UNDO_DEPTH) list.shift();
    this.done.set(target.key, list);
    this.save(target, edit);
  }

  private save(target: EditTarget, edit: TranscriptEdit): void {
    target.keep(applyEdit(target.transcript, edit));
    if (this.history && target.recordId) {
      void this.history.correct(target.recordId, {
        segments: edit.segments.map((change) => ({ seq: change.index, segment: change.after })),
        ...(edit.speakers ? { speakers: edit.speakers.after ?? null } : {}),
      });
    }
    this.host.requestUpdate();
  }
}
