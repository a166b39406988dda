import { describe, expect, it } from 'vitest';
import type { DecodeWorkerApi } from '../../workers/decode.worker.ts';
import { answerCalls } from '../shared/worker-protocol.ts';
import { openInDecodeWorker } from './decode-client.ts';

const INFO = { durationSeconds: 60, sampleRate: 16000, channels: 1, codec: 'pcm-s16', container: 'wav' };

/** A decode worker on a message channel: it opens the file, then never answers for a chunk (it is about to die). */
function stuckWorker() {
  const { port1, port2 } = new MessageChannel();
  const api: DecodeWorkerApi = { open: async () => INFO, next: () => new Promise(() => undefined) };
  answerCalls(api, (e) => ({ code: 'corrupt', message: String(e) }), port2);
  let terminated = false;
  const worker = Object.assign(port1, {
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
    },
  });
  const crash = (message: string) => worker.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  return { worker: worker as unknown as Worker, crash, terminated: () => terminated };
}

describe('openInDecodeWorker', () => {
  it('rejects the chunk being waited for when the worker dies, instead of hanging, and lets the worker go', async () => {
    const { worker, crash, terminated } = stuckWorker();
    const decoding = await openInDecodeWorker(new File([new Uint8Array(8)], 'talk.wav'), 0, 30, () => worker);
    expect(decoding.info).toEqual(INFO);
    const iterator = decoding.chunks[Symbol.asyncIterator]();
    const waiting = iterator.next();
    crash('Out of memory');
    await expect(waiting).rejects.toThrow('Decoding "talk.wav" stopped: The decoding worker stopped unexpectedly (Out of memory).');
    expect(terminated()).toBe(true);
  });
});
