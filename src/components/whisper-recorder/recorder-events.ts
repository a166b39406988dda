import type { LoadConsent } from '../../engine/load-consent';
import type { FinalDetail, PartialDetail } from '../../engine/live-transcriber';

export type RecorderState = 'loading' | 'ready' | 'listening' | 'speaking' | 'processing' | 'stopped' | 'error';

export type RecorderErrorCode =
  | 'permission-denied'
  | 'no-microphone'
  | 'insecure-context'
  | 'device-busy'
  | 'device-lost'
  | 'unsupported'
  | 'model-load'
  | 'worker-crashed'
  | 'transcription'
  /** A stream given as the source, or what the user shared, has no audio track. */
  | 'no-audio-track'
  /** Pushed MediaRecorder chunks could not be decoded. */
  | 'undecodable';

/** Every message detail also has the `{ type, text }` shape of a plain transcript message. */
export interface WhisperPartialDetail extends PartialDetail {
  type: 'partial';
}
export interface WhisperFinalDetail extends FinalDetail {
  type: 'final';
}
export interface WhisperStateDetail {
  state: RecorderState;
}
export interface WhisperErrorDetail {
  code: RecorderErrorCode;
  message: string;
}
export interface WhisperProgressDetail {
  /** 0..1 of the model download, or null while it cannot be told. */
  progress: number | null;
  message: string;
}

/**
 * What the model load waits for the user to allow: `kind` 'host' (models from another host, once per host) or
 * 'download' (a first download over 500 MB, with `bytes` and a `smaller` model to take instead), and `message`.
 */
export type WhisperConfirmDetail = LoadConsent;

const init = <T>(detail: T): CustomEventInit<T> => ({ detail, bubbles: true, composed: true });

export class WhisperPartialEvent extends CustomEvent<WhisperPartialDetail> {
  constructor(detail: WhisperPartialDetail) {
    super('whisper-partial', init(detail));
  }
}
export class WhisperFinalEvent extends CustomEvent<WhisperFinalDetail> {
  constructor(detail: WhisperFinalDetail) {
    super('whisper-final', init(detail));
  }
}
export class WhisperStateEvent extends CustomEvent<WhisperStateDetail> {
  constructor(detail: WhisperStateDetail) {
    super('whisper-state', init(detail));
  }
}
export class WhisperErrorEvent extends CustomEvent<WhisperErrorDetail> {
  constructor(detail: WhisperErrorDetail) {
    super('whisper-error', init(detail));
  }
}
/** Cancelable: `preventDefault()` hides the element's own question, for a page that asks in its own way. */
export class WhisperConfirmEvent extends CustomEvent<WhisperConfirmDetail> {
  constructor(detail: WhisperConfirmDetail) {
    super('whisper-confirm', { ...init(detail), cancelable: true });
  }
}
export class WhisperProgressEvent extends CustomEvent<WhisperProgressDetail> {
  constructor(detail: WhisperProgressDetail) {
    super('whisper-progress', init(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'whisper-partial': WhisperPartialEvent;
    'whisper-final': WhisperFinalEvent;
    'whisper-state': WhisperStateEvent;
    'whisper-error': WhisperErrorEvent;
    'whisper-progress': WhisperProgressEvent;
    'whisper-confirm': WhisperConfirmEvent;
  }
}
