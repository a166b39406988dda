import { AudioSourceError, describe } from './audio-capture.ts';
import { StreamCapture } from './stream-capture.ts';

export type MicrophoneErrorCode = 'permission-denied' | 'no-microphone' | 'insecure-context' | 'device-busy' | 'unsupported';

export class MicrophoneError extends AudioSourceError {
  override name = 'MicrophoneError';
  constructor(
    override readonly code: MicrophoneErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

export interface MicrophoneDevice {
  deviceId: string;
  label: string;
}

export interface MicrophoneOptions {
  /** A deviceId from `listDevices()`; the browser's default microphone when absent. */
  deviceId?: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

/**
 * The microphone as a capture: getUserMedia with the page's processing choices, through StreamCapture. Its tracks
 * are its own, so stop() releases the device; a track that ends by itself is told apart as unplugged or revoked.
 */
export class Microphone extends StreamCapture {
  constructor(options: MicrophoneOptions) {
    super({ open: () => openStream(options), ownsTracks: true, endedReason });
  }

  /** Audio inputs; labels are empty until the user has granted access once, so a placeholder stands in. */
  static async listDevices(): Promise<MicrophoneDevice[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === 'audioinput')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
  }
}

async function openStream(opts: MicrophoneOptions): Promise<MediaStream> {
  if (!window.isSecureContext) {
    throw new MicrophoneError('insecure-context', 'The microphone only works on a secure page: open this app over https:// (or from localhost).');
  }
  if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode !== 'function') {
    throw new MicrophoneError('unsupported', 'This browser cannot record here (no getUserMedia or AudioWorklet). Try a current Chrome, Edge, Firefox or Safari.');
  }
  const audio: MediaTrackConstraints = {
    echoCancellation: opts.echoCancellation,
    noiseSuppression: opts.noiseSuppression,
    autoGainControl: opts.autoGainControl,
    channelCount: { ideal: 1 },
  };
  if (opts.deviceId) audio.deviceId = { exact: opts.deviceId };
  try {
    return await navigator.mediaDevices.getUserMedia({ audio, video: false });
  } catch (error) {
    throw toMicrophoneError(error, opts.deviceId);
  }
}

function toMicrophoneError(error: unknown, deviceId: string | undefined): MicrophoneError {
  const name = error instanceof Error ? error.name : '';
  const cause = { cause: error };
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicrophoneError('permission-denied', 'Microphone access was denied. Allow it in the site settings (the icon left of the address bar) and try again.', cause);
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError(
        'no-microphone',
        deviceId ? 'The selected microphone is not connected any more. Pick another one in the settings.' : 'No microphone was found. Connect one (or enable it in the system settings) and try again.',
        cause,
      );
    case 'NotReadableError':
    case 'AbortError':
      return new MicrophoneError('device-busy', 'The microphone could not be opened: another app may be using it, or the system blocked it. Close other apps that record and try again.', cause);
    default:
      return new MicrophoneError('unsupported', `The microphone could not be started (${describe(error)}).`, cause);
  }
}

/** `ended` fires for an unplugged device, but also when the system or browser revokes the track. */
async function endedReason(track: MediaStreamTrack): Promise<'device-lost' | 'track-ended'> {
  const { deviceId } = track.getSettings();
  if (!deviceId) return 'device-lost';
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((d) => d.kind === 'audioinput' && d.deviceId === deviceId) ? 'track-ended' : 'device-lost';
  } catch {
    return 'device-lost';
  }
}
