import type { Transcript } from '../../engine/transcript';
import type { HistoryRecord } from '../../history/history-record';

const init = <T>(detail: T): CustomEventInit<T> => ({ detail, bubbles: true, composed: true });

export interface HistoryOpenDetail {
  record: HistoryRecord;
  /** The stored segments, in order, with metadata for the transcript view and the exports. */
  transcript: Transcript;
}

/** The user opened a saved transcript. */
export class WhisperHistoryOpenEvent extends CustomEvent<HistoryOpenDetail> {
  static readonly eventName = 'whisper-history-open';
  constructor(detail: HistoryOpenDetail) {
    super(WhisperHistoryOpenEvent.eventName, init(detail));
  }
}

export interface HistoryChangeDetail {
  /** Every saved transcript, newest first. */
  records: readonly HistoryRecord[];
  /** Their estimated size on the device. */
  bytes: number;
}

/** The saved transcripts changed: one grew, was added, renamed or deleted. */
export class WhisperHistoryChangeEvent extends CustomEvent<HistoryChangeDetail> {
  static readonly eventName = 'whisper-history-change';
  constructor(detail: HistoryChangeDetail) {
    super(WhisperHistoryChangeEvent.eventName, init(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'whisper-history-open': WhisperHistoryOpenEvent;
    'whisper-history-change': WhisperHistoryChangeEvent;
  }
}
