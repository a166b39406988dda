import { describe, expect, it } from 'vitest';
import type { ReactiveControllerHost } from 'lit';
import { PASSAGE, passageEngine, type PassageClientOptions } from '../../engine/passage-engine.test-support.ts';
import { HistoryStore } from '../../history/history-store.ts';
import { MemoryStorage } from '../../history/memory-storage.test-support.ts';
import { FileJobsController, type FileJob } from './file-jobs.controller.ts';

const host = (): ReactiveControllerHost => ({ addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) });

/** The file the user picks; picking it again gives an equal File (name, size, date, bytes). */
const pick = () => new File([new Uint8Array(4096).map((_, i) => i % 251)], 'talk.wav', { lastModified: 1_700_000_000_000 });

/** What the page does: a queue over an engine and the history; a reload is a new queue and engine over the same storage. */
async function page(storage: MemoryStorage | null, options: PassageClientOptions & { device?: 'webgpu' | 'wasm' } = {}) {
  const store = storage && new HistoryStore(storage);
  await store?.recover();
  const { engine, calls, opened } = await passageEngine(options);
  const queue = new FileJobsController(host(), engine, store);
  return { queue, store, calls, opened, engine };
}

/** Waits, turn by turn of the event loop, until the job is in `state` (or gives up after many turns). */
async function until(queue: FileJobsController, predicate: (job: FileJob) => boolean, id?: string): Promise<FileJob> {
  for (let turn = 0; turn < 10_000; turn++) {
    const job = id ? queue.find(id) : queue.jobs.at(-1);
    if (job && predicate(job)) return job;
    await new Promise((r) => setTimeout(r, 0));
  }
  throw new Error(`the job never got there: ${JSON.stringify(queue.jobs.map((j) => [j.name, j.state, j.segments.length]))}`);
}
const ended = (job: FileJob) => !job.abort && ['done', 'error', 'cancelled'].includes(job.state);
const texts = (job: FileJob) => job.segments.map((s) => s.text);
const FULL = PASSAGE.slice(0, 4);

describe('FileJobsController carrying on a file', () => {
  it('a file picked again after a reload carries on its stored transcript: the same record, each segment once, the full text', async () => {
    const storage = new MemoryStorage();
    // The second window never comes back: the page is reloaded while it waits.
    const first = await page(storage, { hold: (call) => call >= 2 });
    first.queue.add([pick()]);
    const running = await until(first.queue, (j) => j.resumePoint !== null && j.state === 'transcribing');
    expect(texts(running)).toEqual([' One.']);

    const second = await page(storage);
    const [interrupted] = await second.store!.list();
    expect(interrupted).toMatchObject({ state: 'interrupted', segmentCount: 1 });
    second.queue.add([pick()]);
    const resumed = await until(second.queue, ended);
    expect(resumed.state).toBe('done');
    expect(texts(resumed)).toEqual(FULL);
    expect(resumed.resume).toEqual({ fromSeconds: interrupted!.resume!.position, keptSegments: 1 });
    // The first window was not transcribed again; the next one had the stored context as its prompt.
    expect(second.calls.map((c) => c.prompt)).toEqual(['One.', 'One. Two.', 'One. Two. Three.']);
    const records = await second.store!.list();
    expect(records.map((r) => [r.id, r.state, r.segmentCount])).toEqual([[interrupted!.id, 'done', 4]]);
    expect((await second.store!.read(interrupted!.id))!.segments.map((s) => s.text)).toEqual(FULL);
  });

  it('Retry after an error carries on from the last finished window, in the same record', async () => {
    const { queue, store, calls } = await page(new MemoryStorage(), { failAt: 3 });
    queue.add([pick()]);
    const failed = await until(queue, ended);
    expect([failed.state, failed.error, texts(failed)]).toEqual(['error', 'The transcription worker crashed (out of memory).', [' One.', ' Two.']]);
    expect(failed.resume).toEqual({ fromSeconds: failed.resumePoint!.position, keptSegments: 2 });
    expect((await store!.list()).map((r) => [r.state, r.segmentCount])).toEqual([['error', 2]]);
    queue.retry(failed.id);
    const done = await until(queue, (j) => j.state === 'done', failed.id);
    expect(texts(done)).toEqual(FULL);
    expect(calls.map((c) => c.prompt)).toEqual([undefined, 'One.', 'One. Two.', 'One. Two.', 'One. Two. Three.']);
    expect((await store!.list()).map((r) => [r.state, r.segmentCount])).toEqual([['done', 4]]);
  });

  it('Retry carries on from what the row holds when no transcript is stored', async () => {
    const { queue, calls } = await page(null, { failAt: 3 });
    queue.add([pick()]);
    const failed = await until(queue, ended);
    queue.retry(failed.id);
    const done = await until(queue, (j) => j.state === 'done', failed.id);
    expect(texts(done)).toEqual(FULL);
    expect(calls).toHaveLength(5);
  });

  it('cancel, then the same file again carries on; Start over transcribes from zero into the same record', async () => {
    // The third window is cancelled, then the resumed run's first is stopped by Start over.
    const { queue, store, calls } = await page(new MemoryStorage(), { hold: (call) => call === 3 || call === 4 });
    queue.add([pick()]);
    const first = await until(queue, () => calls.length === 3);
    expect(texts(first)).toEqual([' One.', ' Two.']);
    queue.cancel(first.id);
    expect((await until(queue, ended, first.id)).state).toBe('cancelled');

    queue.add([pick()]);
    const again = await until(queue, () => calls.length === 4);
    expect([again.id !== first.id, again.resume?.keptSegments, texts(again)]).toEqual([true, 2, [' One.', ' Two.']]);
    queue.startOver(again.id);
    const fresh = await until(queue, ended, again.id);
    expect([fresh.state, fresh.resume, texts(fresh)]).toEqual(['done', undefined, FULL]);
    expect(calls.map((c) => c.prompt)).toEqual([undefined, 'One.', 'One. Two.', 'One. Two.', undefined, 'One.', 'One. Two.', 'One. Two. Three.']);
    expect((await store!.list()).map((r) => [r.state, r.segmentCount])).toEqual([['done', 4]]);
  });

  it('a file whose transcript is done is transcribed again, as a new transcript', async () => {
    const { queue, store } = await page(new MemoryStorage());
    queue.add([pick()]);
    await until(queue, ended);
    queue.add([pick()]);
    const second = await until(queue, (j) => j.state === 'done' && j !== queue.jobs[0]);
    expect([second.resume, texts(second)]).toEqual([undefined, FULL]);
    expect((await store!.list()).map((r) => [r.state, r.segmentCount])).toEqual([['done', 4], ['done', 4]]);
  });

  it('a lost GPU device mid-file keeps what was done: the job and its record carry on with WASM', async () => {
    const { queue, store, calls, engine } = await page(new MemoryStorage(), { device: 'webgpu', lostAt: 3 });
    queue.add([pick()]);
    const done = await until(queue, ended);
    expect([done.state, texts(done)]).toEqual(['done', FULL]);
    expect(calls.map((c) => c.device)).toEqual(['webgpu', 'webgpu', 'webgpu', 'wasm', 'wasm']);
    expect(done.note).toBe(engine.status.notice);
    const [record] = await store!.list();
    expect([record!.state, record!.segmentCount, record!.device]).toEqual(['done', 4, 'wasm']);
    expect((await store!.read(record!.id))!.segments.map((s) => s.text)).toEqual(FULL);
  });
});
