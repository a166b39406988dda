/**
 * What every live source is to the path behind it (live-audio.ts): something that, once started, posts
 * `CaptureBatch`es (pcm-capture.messages.ts) on a MessagePort: 16 kHz mono, whole 512-sample frames, a final batch
 * after stop(). The microphone, a MediaStream and a shared tab do it through the 'pcm-capture' worklet
 * (stream-capture.ts); PCM and MediaRecorder chunks that the page pushes do it on the main thread (pcm-capture.ts,
 * chunk-capture.ts). So speech detection and transcription never know where the audio came from.
 */

export type AudioSourceErrorCode =
  | 'permission-denied'
  | 'no-microphone'
  | 'insecure-context'
  | 'device-busy'
  | 'unsupported'
  /** A stream, or what the user shared, has no audio track (a window, or a tab shared without its audio). */
  | 'no-audio-track'
  /** Pushed MediaRecorder chunks could not be demuxed or decoded. */
  | 'undecodable';

/** A source that cannot be opened or that failed. Messages are shown to the user as they are. */
export class AudioSourceError extends Error {
  override name = 'AudioSourceError';
  constructor(
    readonly code: AudioSourceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Why a source ended by itself: its device went away, or its track ended (the tab stopped sharing, the media ended). */
export type CaptureEndReason = 'device-lost' | 'track-ended';

export interface CaptureEvents {
  /** Peak |sample| (0–1) of the latest frame (a batch, for pushed audio). */
  onLevel?(peak: number): void;
  /** The source ended on its own; what it had is in the final batch once stop() is called. */
  onEnded?(reason: CaptureEndReason): void;
  /** The source failed after it started (undecodable chunks); stop() still delivers the final batch. */
  onFailed?(error: AudioSourceError): void;
  /**
   * The track went silent without ending (`muted`: a system or hardware mute switch, another app taking the
   * device), or came back. Nothing is heard meanwhile, so the user must be told.
   */
  onMuted?(muted: boolean): void;
}

export interface AudioCapture {
  /**
   * Acquires the source without capturing yet: a picker that needs the click that asked for it (a shared tab).
   * start() does it when it was not done. Throws AudioSourceError.
   */
  open?(): Promise<void>;
  /** Starts posting batches on `port` (which it then owns). Throws AudioSourceError. */
  start(port: MessagePort, events: CaptureEvents): Promise<void>;
  /** Posts what is buffered as the final batch, then releases whatever this capture opened. Safe at any time. */
  stop(): Promise<void>;
}

/** An error as "Name: message", for messages that pass on what the browser said. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
