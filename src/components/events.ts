/**
 * Every event the components fire. All bubble and cross shadow roots (`composed`) so the app can
 * listen once on a container instead of on each element.
 */
import type { ExportFormat } from '../export/index';
import type { DeviceChoice, Task } from '../shared/choices';

const init = <T>(detail: T): CustomEventInit<T> => ({ detail, bubbles: true, composed: true });

export interface FilesDetail {
  files: File[];
}

/** Files picked or dropped; not yet checked for being decodable. */
export class WhisperFilesEvent extends CustomEvent<FilesDetail> {
  static readonly eventName = 'whisper-files';
  constructor(detail: FilesDetail) {
    super(WhisperFilesEvent.eventName, init(detail));
  }
}

export interface ItemDetail {
  id: string;
}

export class WhisperCancelEvent extends CustomEvent<ItemDetail> {
  static readonly eventName = 'whisper-cancel';
  constructor(detail: ItemDetail) {
    super(WhisperCancelEvent.eventName, init(detail));
  }
}

export class WhisperRetryEvent extends CustomEvent<ItemDetail> {
  static readonly eventName = 'whisper-retry';
  constructor(detail: ItemDetail) {
    super(WhisperRetryEvent.eventName, init(detail));
  }
}

/** Transcribe the file from zero instead of carrying on where an earlier run stopped. */
export class WhisperStartOverEvent extends CustomEvent<ItemDetail> {
  static readonly eventName = 'whisper-start-over';
  constructor(detail: ItemDetail) {
    super(WhisperStartOverEvent.eventName, init(detail));
  }
}

export class WhisperSelectEvent extends CustomEvent<ItemDetail> {
  static readonly eventName = 'whisper-select';
  constructor(detail: ItemDetail) {
    super(WhisperSelectEvent.eventName, init(detail));
  }
}

export interface SeekDetail {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
}

export class WhisperSeekEvent extends CustomEvent<SeekDetail> {
  static readonly eventName = 'whisper-seek';
  constructor(detail: SeekDetail) {
    super(WhisperSeekEvent.eventName, init(detail));
  }
}

export interface PositionDetail {
  /** Seconds from the start of the recording. */
  time: number;
}

/** The user moved the playhead on the timeline (a click, a drag, or the arrow keys). */
export class WhisperPositionEvent extends CustomEvent<PositionDetail> {
  static readonly eventName = 'whisper-position';
  constructor(detail: PositionDetail) {
    super(WhisperPositionEvent.eventName, init(detail));
  }
}

export interface SegmentEditDetail {
  /** The segment's place in the transcript. */
  index: number;
  /** The corrected text, as typed. */
  text: string;
}

/** The user corrected a segment's text. */
export class WhisperSegmentEditEvent extends CustomEvent<SegmentEditDetail> {
  static readonly eventName = 'whisper-segment-edit';
  constructor(detail: SegmentEditDetail) {
    super(WhisperSegmentEditEvent.eventName, init(detail));
  }
}

export interface SpeakerRenameDetail {
  /** The speaker's stable label, as in `segment.speaker`. */
  label: string;
  /** The new name; blank gives the label back its own name. */
  name: string;
}

/** The user named a speaker, for every segment of theirs. */
export class WhisperSpeakerRenameEvent extends CustomEvent<SpeakerRenameDetail> {
  static readonly eventName = 'whisper-speaker-rename';
  constructor(detail: SpeakerRenameDetail) {
    super(WhisperSpeakerRenameEvent.eventName, init(detail));
  }
}

/** The user asked to take back their last correction (Ctrl+Z or the Undo button). */
export class WhisperUndoEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'whisper-undo';
  constructor() {
    super(WhisperUndoEvent.eventName, init({}));
  }
}

export interface ExportedDetail {
  format: ExportFormat;
}

export class WhisperExportedEvent extends CustomEvent<ExportedDetail> {
  static readonly eventName = 'whisper-exported';
  constructor(detail: ExportedDetail) {
    super(WhisperExportedEvent.eventName, init(detail));
  }
}

export interface SettingsDetail {
  model: string;
  device: DeviceChoice;
  /** `auto` or a Whisper language code. */
  language: string;
  task: Task;
  /** Words to expect, on one line; '' for none. */
  vocabulary: string;
  /** Speaker labels on (their models' download agreed to). */
  speakers: boolean;
}

/** Always carries the whole settings state, so a listener never has to merge partial updates. */
export class WhisperSettingsChangeEvent extends CustomEvent<SettingsDetail> {
  static readonly eventName = 'whisper-settings-change';
  constructor(detail: SettingsDetail) {
    super(WhisperSettingsChangeEvent.eventName, init(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'whisper-files': WhisperFilesEvent;
    'whisper-cancel': WhisperCancelEvent;
    'whisper-retry': WhisperRetryEvent;
    'whisper-start-over': WhisperStartOverEvent;
    'whisper-select': WhisperSelectEvent;
    'whisper-seek': WhisperSeekEvent;
    'whisper-position': WhisperPositionEvent;
    'whisper-segment-edit': WhisperSegmentEditEvent;
    'whisper-speaker-rename': WhisperSpeakerRenameEvent;
    'whisper-undo': WhisperUndoEvent;
    'whisper-exported': WhisperExportedEvent;
    'whisper-settings-change': WhisperSettingsChangeEvent;
  }
}
