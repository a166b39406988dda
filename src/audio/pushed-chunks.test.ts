import { describe, expect, it } from 'vitest';
import { AudioSourceError } from './audio-capture.ts';
import type { CaptureBatch } from './pcm-capture.messages.ts';
import { PushedChunks, type ByteStreamDecoder } from './pushed-chunks.ts';

/** A stand-in demuxer: every byte it reads becomes 512 samples of value byte/100, as soon as it is read. */
const bytesToFrames = (read: number[][]): ByteStreamDecoder =>
  async function* decode(stream) {
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      read.push([...next.value]);
      for (const byte of next.value) yield new Float32Array(512).fill(byte / 100);
    }
  };

function receive(capture: PushedChunks) {
  const channel = new MessageChannel();
  const batches: CaptureBatch[] = [];
  const failures: AudioSourceError[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  channel.port2.onmessage = ({ data }: MessageEvent<CaptureBatch>) => {
    batches.push(data);
    if (data.final) done();
  };
  const started = capture.start(channel.port1, { onFailed: (e) => failures.push(e) });
  return { batches, failures, finished, started, close: () => channel.port2.close() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PushedChunks', () => {
  it('decodes chunks while they arrive, in the order pushed, and stop() waits for the last of them', async () => {
    const read: number[][] = [];
    const capture = new PushedChunks(async () => bytesToFrames(read));
    const r = receive(capture);
    await r.started;
    capture.pushChunk(new Blob([new Uint8Array([1, 2, 3])]));
    capture.pushChunk(new Uint8Array([4, 5]));
    const buffer = new Uint8Array([6, 7, 8]);
    capture.pushChunk(buffer.buffer);
    buffer.fill(0);
    // Heard before the recording ended: eight frames, two batches, are out already.
    await expect.poll(() => r.batches.length).toBe(2);
    expect(read).toEqual([[1, 2, 3], [4, 5], [6, 7, 8]]);
    expect(r.batches.some((b) => b.final)).toBe(false);
    capture.pushChunk(new Blob([new Uint8Array([9])]));
    await capture.stop();
    await r.finished;
    r.close();
    const firsts = r.batches.flatMap((b) => Array.from({ length: b.frameCount }, (_, f) => Math.round((b.samples[f * 512] as number) * 100)));
    expect(firsts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a stream that cannot be decoded fails the source with undecodable, and later chunks are ignored', async () => {
    const capture = new PushedChunks(async () =>
      async function* decode() {
        yield* [];
        throw new Error('not a WebM file');
      },
    );
    const r = receive(capture);
    await r.started;
    capture.pushChunk(new Uint8Array([1]));
    await expect.poll(() => r.failures.length).toBe(1);
    expect(r.failures.map((e) => [e.code, e.message])).toEqual([['undecodable', 'The recorded chunks could not be decoded. not a WebM file']]);
    capture.pushChunk(new Uint8Array([2]));
    await capture.stop();
    await r.finished;
    r.close();
  });

  it('a failure before start() makes start() throw it', async () => {
    const capture = new PushedChunks(async () => Promise.reject(new Error('no decoder')));
    capture.pushChunk(new Uint8Array([1]));
    await tick();
    await tick();
    await expect(capture.start(new MessageChannel().port1, {})).rejects.toMatchObject({ code: 'undecodable' });
    await capture.stop();
  });
});
