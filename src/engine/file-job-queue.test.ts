import { describe, expect, it } from 'vitest';
import { EngineError } from './engine-error.ts';
import { FileJobQueue, type FileJobEvent } from './file-job-queue.ts';
import type { FileCallbacks, FileTranscript } from './transcription-engine.ts';

/** A transcriber the test drives: each call waits until the test finishes or fails it. */
function rig() {
  const log: string[] = [];
  const calls: { name: string; callbacks: FileCallbacks; finish(): void; fail(error: Error): void }[] = [];
  const queue = new FileJobQueue(
    (file, callbacks) =>
      new Promise<FileTranscript>((resolve, reject) => {
        log.push(`run ${file.name}`);
        callbacks.signal?.addEventListener('abort', () => reject(new EngineError('cancelled', 'stopped mid-file')));
        calls.push({
          name: file.name,
          callbacks,
          finish: () => {
            callbacks.onProgress?.(5, 10);
            callbacks.onSegments?.([{ start: 0, end: 1, text: ` ${file.name}` }]);
            // The last window ends before the file's trailing silence.
            callbacks.onProgress?.(9, 10);
            resolve({ segments: [{ start: 0, end: 1, text: ` ${file.name}` }], durationSeconds: 10, language: 'en', detected: [] });
          },
          fail: reject,
        });
      }),
    (event: FileJobEvent) => log.push(`${event.type} ${event.detail.name}${'progress' in event.detail ? ` ${event.detail.progress}` : ''}`),
  );
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { queue, log, calls, tick };
}

const file = (name: string) => new File([], name);

describe('FileJobQueue', () => {
  it('runs jobs one at a time in the order submitted, with progress, segments and a result', async () => {
    const r = rig();
    const a = r.queue.submit(file('a.wav'));
    const b = r.queue.submit(file('b.wav'));
    await r.tick();
    expect(r.queue.jobs.map((j) => [j.name, j.state])).toEqual([['a.wav', 'running'], ['b.wav', 'queued']]);
    expect(r.calls.map((c) => c.name)).toEqual(['a.wav']);
    r.calls[0]!.finish();
    expect((await a.result).segments.map((s) => s.text)).toEqual([' a.wav']);
    await r.tick();
    r.calls[1]!.finish();
    await b.result;
    expect(r.log).toEqual([
      'job-start a.wav', 'run a.wav',
      'job-progress a.wav 0.5', 'job-segments a.wav', 'job-progress a.wav 0.9', 'job-progress a.wav 1', 'job-done a.wav',
      'job-start b.wav', 'run b.wav',
      'job-progress b.wav 0.5', 'job-segments b.wav', 'job-progress b.wav 0.9', 'job-progress b.wav 1', 'job-done b.wav',
    ]);
    expect(r.queue.jobs).toEqual([]);
    expect(a.id).not.toBe(b.id);
  });

  it('cancels a queued job before it runs and a running one mid-file; the queue goes on', async () => {
    const r = rig();
    const a = r.queue.submit(file('a.wav'));
    const b = r.queue.submit(file('b.wav'));
    const c = r.queue.submit(file('c.wav'));
    expect(r.queue.cancel(b.id)).toBe(true);
    await expect(b.result).rejects.toMatchObject({ code: 'cancelled', message: 'Transcription of "b.wav" was cancelled.' });
    await r.tick();
    expect(r.queue.cancel(a.id)).toBe(true);
    await expect(a.result).rejects.toMatchObject({ code: 'cancelled' });
    await r.tick();
    r.calls[1]!.finish();
    await c.result;
    expect(r.calls.map((x) => x.name)).toEqual(['a.wav', 'c.wav']);
    expect(r.log.filter((l) => l.startsWith('job-cancelled'))).toEqual(['job-cancelled b.wav', 'job-cancelled a.wav']);
    expect(r.queue.cancel(c.id)).toBe(false);
    expect(r.queue.cancel('job-unknown')).toBe(false);
  });

  it('a failed job rejects with its error and fires job-error; the next one still runs', async () => {
    const r = rig();
    const a = r.queue.submit(file('a.wav'));
    const b = r.queue.submit(file('b.wav'));
    await r.tick();
    r.calls[0]!.fail(new Error('"a.wav" is damaged.'));
    await expect(a.result).rejects.toThrow('"a.wav" is damaged.');
    await r.tick();
    r.calls[1]!.finish();
    await b.result;
    expect(r.log).toContain('job-error a.wav');
    expect(r.log.at(-1)).toBe('job-done b.wav');
  });

  it('an AbortSignal in the options cancels like cancel(id), and the job’s own callbacks hear it all', async () => {
    const r = rig();
    const abort = new AbortController();
    const heard: string[] = [];
    const a = r.queue.submit(file('a.wav'), { signal: abort.signal, onStart: () => heard.push('start'), onProgress: (d, t) => heard.push(`${d}/${t}`) });
    const b = r.queue.submit(file('b.wav'), { signal: AbortSignal.abort() });
    await expect(b.result).rejects.toMatchObject({ code: 'cancelled' });
    await r.tick();
    r.calls[0]!.callbacks.onProgress?.(1, 10);
    abort.abort();
    await expect(a.result).rejects.toMatchObject({ code: 'cancelled' });
    expect(heard).toEqual(['start', '1/10']);
    expect(r.calls.map((x) => x.name)).toEqual(['a.wav']);
  });
});
