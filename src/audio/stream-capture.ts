import { AudioSourceError, describe, type AudioCapture, type CaptureEndReason, type CaptureEvents } from './audio-capture.ts';
import { PCM_CAPTURE_PROCESSOR, type CaptureControl, type CaptureStatus, type PcmCaptureOptions } from './pcm-capture.messages.ts';
// `?worker&url` makes Vite bundle the worklet as its own entry and hand back its URL (a plain
// `new URL('./x.ts', import.meta.url)` would copy the TypeScript source verbatim into the build).
import pcmCaptureUrl from './pcm-capture.worklet.ts?worker&url';

/** How long stop() waits for the worklet to hand over its last frames before closing anyway. */
const FLUSH_TIMEOUT_MS = 1000;

export interface StreamCaptureOptions {
  /** Gets the stream, once (a permission prompt, a picker, or a stream the page gave). Throws AudioSourceError. */
  open(): Promise<MediaStream>;
  /** Stop the stream's tracks at stop(): for streams this capture opened, never for one the page gave and still uses. */
  ownsTracks: boolean;
  /** Why a track ended by itself; 'track-ended' when absent. */
  endedReason?(track: MediaStreamTrack): Promise<CaptureEndReason>;
}

/**
 * A MediaStream as 16 kHz batches: MediaStreamSource → the 'pcm-capture' worklet, which mixes to mono, resamples
 * and frames off the main thread. The microphone, a stream the page gives (a WebRTC call, an <audio> element's
 * captureStream()) and a shared tab all come through here.
 */
export class StreamCapture implements AudioCapture {
  private opening: Promise<MediaStream> | null = null;
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private node: AudioWorkletNode | null = null;
  private flushed: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: StreamCaptureOptions) {}

  async open(): Promise<void> {
    await this.acquire();
  }

  async start(port: MessagePort, events: CaptureEvents): Promise<void> {
    const stream = await this.acquire();
    const tracks = stream.getAudioTracks().filter((t) => t.readyState === 'live');
    if (tracks.length === 0) {
      port.close();
      throw new AudioSourceError('no-audio-track', 'The stream has no live audio track: it carries no sound, or its audio has already ended.');
    }
    const context = new AudioContext({ latencyHint: 'interactive' });
    this.context = context;
    try {
      await context.audioWorklet.addModule(new URL(pcmCaptureUrl, import.meta.url)).catch((error: unknown) => {
        throw new AudioSourceError('unsupported', `Could not load the audio capture worklet from ${pcmCaptureUrl} (${describe(error)}).`, { cause: error });
      });
      const node = new AudioWorkletNode(context, PCM_CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        processorOptions: { reportLevels: events.onLevel !== undefined } satisfies PcmCaptureOptions,
      });
      node.port.onmessage = (event: MessageEvent<CaptureStatus>) => {
        if (event.data.type === 'level') events.onLevel?.(event.data.peak);
        else this.flushed?.();
      };
      node.port.postMessage({ type: 'connect', port } satisfies CaptureControl, [port]);
      this.node = node;
      this.source = context.createMediaStreamSource(stream);
      this.source.connect(node);
      const reason = this.options.endedReason ?? (async () => 'track-ended' as const);
      for (const track of tracks) {
        track.addEventListener('ended', () => void reason(track).then((r) => !this.stopped && events.onEnded?.(r)), { once: true });
        track.addEventListener('mute', () => !this.stopped && events.onMuted?.(true));
        track.addEventListener('unmute', () => !this.stopped && events.onMuted?.(false));
      }
      if (tracks.every((t) => t.muted)) events.onMuted?.(true);
      // Created outside a user gesture the context starts suspended; start() is normally called from a click.
      await context.resume();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Hands the last buffered frames to the port (as a final batch), then releases the nodes, the context and owned tracks. */
  async stop(): Promise<void> {
    this.stopped = true;
    const { node, context } = this;
    if (node && context) {
      const done = new Promise<void>((resolve) => (this.flushed = resolve));
      node.port.postMessage({ type: 'flush' } satisfies CaptureControl);
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS))]);
      this.flushed = null;
    }
    // A stream still being opened (a picker) is released once it arrives.
    const stream = this.stream ?? (await this.opening?.catch(() => null)) ?? null;
    if (this.options.ownsTracks) for (const track of stream?.getTracks() ?? []) track.stop();
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

  private acquire(): Promise<MediaStream> {
    this.opening ??= this.options.open().then((stream) => {
      if (this.stopped && this.options.ownsTracks) for (const track of stream.getTracks()) track.stop();
      this.stream = stream;
      return stream;
    });
    return this.opening;
  }
}
