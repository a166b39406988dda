import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { AudioSourceError, type AudioCapture, type CaptureEvents } from './audio-capture.ts';
import { PushedPcm } from './pushed-pcm.ts';

/** What pushed chunks are decoded with: decode-file.ts's streaming demuxer (loaded on first use; it is large). */
export type ByteStreamDecoder = (stream: ReadableStream<Uint8Array>, name: string) => AsyncIterable<Float32Array>;

const loadDecoder = async (): Promise<ByteStreamDecoder> => (await import('./decode-file.ts')).decodeByteStream;

/**
 * MediaRecorder's chunks (WebM/Opus, or any container mediabunny reads front to back), pushed as they come, as a
 * capture: the chunks form one growing byte stream that mediabunny demuxes and WebCodecs decodes while it grows, so
 * speech is heard while the recording goes on. The decoded audio goes on as pushed PCM (PushedPcm). stop() decodes
 * every chunk pushed before it, then sends the final batch.
 */
export class PushedChunks implements AudioCapture {
  private readonly pcm = new PushedPcm();
  private readonly bytes: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  /** Chunks are read from their Blobs in parallel but enter the stream in the order they were pushed. */
  private reading: Promise<void> = Promise.resolve();
  private decoding: Promise<void> | null = null;
  private failure: AudioSourceError | null = null;
  private events: CaptureEvents | null = null;
  private ended = false;

  constructor(private readonly decoder: () => Promise<ByteStreamDecoder> = loadDecoder) {
    this.bytes = new ReadableStream<Uint8Array>({ start: (controller) => void (this.controller = controller) });
  }

  /** The next chunk (a Blob from `dataavailable`, or its bytes, which are copied). Ignored once stopped or failed. */
  pushChunk(chunk: Blob | ArrayBuffer | ArrayBufferView): void {
    if (this.ended || this.failure) return;
    const bytes = (chunk instanceof Blob ? chunk.arrayBuffer() : Promise.resolve(copyBytes(chunk))).catch((error: unknown) => void this.fail(error));
    this.reading = this.reading.then(async () => {
      const data = await bytes;
      if (data && data.byteLength > 0 && !this.failure) this.controller.enqueue(new Uint8Array(data));
    });
    this.decoding ??= this.decode();
  }

  async start(port: MessagePort, events: CaptureEvents): Promise<void> {
    if (this.failure) throw this.failure;
    this.events = events;
    await this.pcm.start(port, events);
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.reading;
    try {
      this.controller.close();
    } catch {
      // Already closed by a failed decode.
    }
    await this.decoding;
    await this.pcm.stop();
  }

  private async decode(): Promise<void> {
    try {
      const decode = await this.decoder();
      for await (const block of decode(this.bytes, 'The recording')) this.pcm.pushPcm(block, SAMPLE_RATE);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.failure = new AudioSourceError('undecodable', `The recorded chunks could not be decoded. ${reason}`, { cause: error });
    this.events?.onFailed?.(this.failure);
  }
}

function copyBytes(chunk: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (chunk instanceof ArrayBuffer) return chunk.slice(0);
  const copy = new Uint8Array(chunk.byteLength);
  copy.set(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return copy.buffer;
}
