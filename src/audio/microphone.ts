import { PCM_CAPTURE_PROCESSOR, type CaptureControl, type CaptureStatus, type PcmCaptureOptions } from './pcm-capture.messages.ts';
// `?worker&url` makes Vite bundle the worklet as its own entry and hand back its URL (a plain
// `new URL('./x.ts', import.meta.url)` would copy the TypeScript source verbatim into the build).
import pcmCaptureUrl from './pcm-capture.worklet.ts?worker&url';

/** How long stop() waits for the worklet to hand over its last frames before closing anyway. */
const FLUSH_TIMEOUT_MS = 1000;

export type MicrophoneErrorCode = 'permission-denied' | 'no-microphone' | 'insecure-context' | 'device-busy' | 'unsupported';

export class MicrophoneError extends Error {
  override name = 'MicrophoneError';
  constructor(
    readonly code: MicrophoneErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** start() while already started: a bug in the caller, not something to show the user. */
export class MicrophoneStateError extends Error {
  override name = 'MicrophoneStateError';
}

export interface MicrophoneDevice {
  deviceId: string;
  label: string;
}

export interface MicrophoneStartOptions {
  /** A deviceId from `listDevices()`; the browser's default microphone when absent. */
  deviceId?: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
  /** Receives the 16 kHz batches (see `CaptureBatch`) and returns their buffers. */
  port: MessagePort;
  /** Peak |sample| (0–1) of each 32 ms frame. */
  onLevel?(peak: number): void;
  /** The track stopped on its own: the device went away, or the browser or system ended it. */
  onEnded?(reason: 'device-lost' | 'track-ended'): void;
}

/**
 * The microphone as a stream of 16 kHz frames on a MessagePort: getUserMedia → MediaStreamSource → the
 * 'pcm-capture' worklet. Thin on purpose; resampling and framing happen in the worklet, off the main thread.
 */
export class Microphone {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private node: AudioWorkletNode | null = null;
  private flushed: (() => void) | null = null;
  private starting = false;

  get active(): boolean {
    return this.context !== null || this.starting;
  }

  /** Audio inputs; labels are empty until the user has granted access once, so a placeholder stands in. */
  static async listDevices(): Promise<MicrophoneDevice[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === 'audioinput')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
  }

  async start(opts: MicrophoneStartOptions): Promise<void> {
    if (this.active) throw new MicrophoneStateError('Microphone.start: already started; call stop() first.');
    this.starting = true;
    let stream: MediaStream;
    try {
      stream = await openStream(opts);
    } finally {
      this.starting = false;
    }
    const context = new AudioContext({ latencyHint: 'interactive' });
    this.stream = stream;
    this.context = context;
    try {
      await context.audioWorklet.addModule(new URL(pcmCaptureUrl, import.meta.url)).catch((error: unknown) => {
        throw new MicrophoneError('unsupported', `Could not load the audio capture worklet from ${pcmCaptureUrl} (${describe(error)}).`, { cause: error });
      });
      const node = new AudioWorkletNode(context, PCM_CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        processorOptions: { reportLevels: opts.onLevel !== undefined } satisfies PcmCaptureOptions,
      });
      node.port.onmessage = (event: MessageEvent<CaptureStatus>) => {
        if (event.data.type === 'level') opts.onLevel?.(event.data.peak);
        else this.flushed?.();
      };
      node.port.postMessage({ type: 'connect', port: opts.port } satisfies CaptureControl, [opts.port]);
      this.node = node;
      this.source = context.createMediaStreamSource(stream);
      this.source.connect(node);
      for (const track of stream.getAudioTracks()) {
        track.addEventListener('ended', () => void endedReason(track).then((reason) => opts.onEnded?.(reason)), { once: true });
      }
      // Created outside a user gesture the context starts suspended; start() is normally called from a click.
      await context.resume();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Hands the last buffered frames to the port (as a final batch), then releases the tracks, nodes and context. */
  async stop(): Promise<void> {
    const { node, context } = this;
    if (node && context) {
      const done = new Promise<void>((resolve) => (this.flushed = resolve));
      node.port.postMessage({ type: 'flush' } satisfies CaptureControl);
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS))]);
      this.flushed = null;
    }
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.source?.disconnect();
    if (node) {
      node.port.onmessage = null;
      node.port.close();
    }
    this.stream = null;
    this.source = null;
    this.node = null;
    this.context = null;
    await context?.close().catch(() => undefined);
  }
}

async function openStream(opts: MicrophoneStartOptions): Promise<MediaStream> {
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

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
