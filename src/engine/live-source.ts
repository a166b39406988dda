import type { AudioCapture } from '../audio/audio-capture.ts';
import { DisplayAudio } from '../audio/display-audio.ts';
import { Microphone } from '../audio/microphone.ts';
import { PushedChunks } from '../audio/pushed-chunks.ts';
import { PushedPcm } from '../audio/pushed-pcm.ts';
import { StreamCapture } from '../audio/stream-capture.ts';

/** Where a live session's audio comes from. */
export type LiveSource =
  | {
      kind: 'microphone';
      /** A deviceId; the browser's default microphone when absent. */
      deviceId?: string;
      echoCancellation: boolean;
      noiseSuppression: boolean;
      autoGainControl: boolean;
    }
  /**
   * Any MediaStream with an audio track: a WebRTC call's remote stream, an <audio> or <video> element's
   * `captureStream()`, a Web Audio `MediaStreamAudioDestinationNode`'s stream. The page keeps it: its tracks are not
   * stopped when the session stops. When its audio track ends, the session ends as if stopped.
   */
  | { kind: 'stream'; stream: MediaStream }
  /**
   * The sound of a tab (or of the screen, where the system shares it), chosen in the browser's picker. The picker
   * needs a click: start the session from one. When the user stops sharing, the session ends as if stopped.
   */
  | { kind: 'tab' }
  /** PCM the page pushes with `LiveSession.pushPcm`, at any sample rate. stop() ends it after what was pushed. */
  | { kind: 'pcm' }
  /** MediaRecorder chunks (WebM/Opus) the page pushes with `LiveSession.pushChunk` as they come; decoded as they arrive. */
  | { kind: 'media-recorder' };

export type LiveSourceKind = LiveSource['kind'];

/** A source's capture, and where audio the page pushes goes (only pushed sources have these). */
export interface LiveCapture extends AudioCapture {
  pushPcm?(samples: Float32Array | readonly Float32Array[], sampleRate: number): void;
  pushChunk?(chunk: Blob | ArrayBuffer | ArrayBufferView): void;
}

export function captureFor(source: LiveSource): LiveCapture {
  switch (source.kind) {
    case 'microphone':
      return new Microphone(source);
    case 'stream':
      return new StreamCapture({ open: async () => source.stream, ownsTracks: false });
    case 'tab':
      return new DisplayAudio();
    case 'pcm':
      return new PushedPcm();
    case 'media-recorder':
      return new PushedChunks();
  }
}
