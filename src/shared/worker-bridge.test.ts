import { describe, expect, it, vi } from 'vitest';
import { WorkerBridge } from './worker-bridge.ts';
import { WorkerFailure, answerCalls } from './worker-protocol.ts';

interface Api {
  echo(x: number): Promise<number>;
  fail(): Promise<void>;
  hang(): Promise<void>;
}

class TypedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A "worker" on a message channel, answering as a real one does; `ready: false` never says it is ready. */
function fakeWorker(o: { ready?: boolean } = {}) {
  const { port1, port2 } = new MessageChannel();
  const api: Api = {
    echo: async (x) => x,
    fail: async () => {
      throw new WorkerFailure('bad-input', 'That input is bad.');
    },
    hang: () => new Promise(() => undefined),
  };
  if (o.ready === false) port2.start();
  else answerCalls(api, (e) => ({ code: 'internal', message: String(e) }), port2);
  let terminated = false;
  const worker = Object.assign(port1, {
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
    },
  });
  const crash = () => worker.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'boom' }));
  return { worker: worker as unknown as Worker, crash, terminated: () => terminated };
}

function bridge(workers: ReturnType<typeof fakeWorker>[], readyTimeoutMs?: number) {
  const lost: string[] = [];
  let started = 0;
  const b = new WorkerBridge<Api>({
    start: () => workers[started++]!.worker,
    label: 'The test worker',
    error: ({ code, message }) => new TypedError(code, message),
    onLost: (code) => lost.push(code),
    ...(readyTimeoutMs ? { readyTimeoutMs } : {}),
  });
  return { b, lost, started: () => started };
}

describe('WorkerBridge', () => {
  it('starts the worker on first use and passes values and typed errors through', async () => {
    const w = fakeWorker();
    const { b, started } = bridge([w]);
    expect(started()).toBe(0);
    await expect(b.call('echo', 7)).resolves.toBe(7);
    await expect(b.call('fail')).rejects.toMatchObject({ code: 'bad-input', message: 'That input is bad.' });
    expect(started()).toBe(1);
  });

  it('fails every call in flight when the worker crashes, and starts a new one on the next call', async () => {
    const [first, second] = [fakeWorker(), fakeWorker()];
    const { b, lost, started } = bridge([first, second]);
    const waiting = [b.call('hang'), b.call('hang')];
    first.crash();
    for (const w of waiting) await expect(w).rejects.toMatchObject({ code: 'worker-crashed', message: 'The test worker stopped unexpectedly (boom).' });
    expect([first.terminated(), lost]).toEqual([true, ['worker-crashed']]);
    await expect(b.call('echo', 1)).resolves.toBe(1);
    expect(started()).toBe(2);
  });

  it('ends a worker that never says it is ready', async () => {
    vi.useFakeTimers();
    try {
      const { b, lost } = bridge([fakeWorker({ ready: false })], 10_000);
      const waiting = b.call('echo', 1);
      vi.advanceTimersByTime(10_000);
      await expect(waiting).rejects.toMatchObject({ code: 'worker-unresponsive' });
      expect(lost).toEqual(['worker-unresponsive']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends a worker that does not answer a call in time, and one that is terminated', async () => {
    const [first, second] = [fakeWorker(), fakeWorker()];
    const { b, lost } = bridge([first, second]);
    await expect(b.callWithin(50, 'hang')).rejects.toMatchObject({ code: 'worker-unresponsive' });
    const waiting = b.call('hang');
    await Promise.resolve();
    b.terminate('Stopped by the test.');
    await expect(waiting).rejects.toMatchObject({ code: 'worker-terminated', message: 'Stopped by the test.' });
    expect(lost).toEqual(['worker-unresponsive', 'worker-terminated']);
  });
});
