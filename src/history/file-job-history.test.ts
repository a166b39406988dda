import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TranscriptMeta } from '../engine/transcript.ts';
import { FileJobHistory } from './file-job-history.ts';
import { IDENTITY_BYTES, fileIdentity, sameFile } from './file-identity.ts';
import type { FileIdentity, HistoryRecord } from './history-record.ts';
import { resumableFor } from './resume-rules.ts';
import { HistoryStore } from './history-store.ts';
import { MemoryStorage } from './memory-storage.test-support.ts';

const meta = (device: 'webgpu' | 'wasm' = 'wasm'): TranscriptMeta => ({ source: 'talk.wav', model: 'whisper-base', device, dtype: 'q8/q8', task: 'transcribe', createdAt: '' });
const file = new File([new Uint8Array(10)], 'talk.wav', { lastModified: 1234 });
const identity: FileIdentity = { name: 'talk.wav', size: 10, lastModified: 1234, sha256: 'ab' };
const segment = (start: number) => ({ start, end: start + 1, text: ` at ${start}` });

/** An identity that arrives only when the test says so. */
function lateIdentity() {
  let resolve: (id: FileIdentity) => void = () => undefined;
  const promise = new Promise<FileIdentity>((r) => (resolve = r));
  return { identify: () => promise, arrive: () => resolve(identity) };
}

describe('FileJobHistory', () => {
  it('starts the record when the file is open, appends each window with its resume point, and stores the outcome', async () => {
    const store = new HistoryStore(new MemoryStorage());
    let device: 'webgpu' | 'wasm' = 'webgpu';
    const job = new FileJobHistory(store, file, () => meta(device), { identity: Promise.resolve(identity) });
    expect(job.id).toBeNull();
    job.progress(42);
    job.window({ segments: [segment(1), segment(2)], resume: { position: 3, context: 'at 1 at 2', language: 'fr' } });
    job.window({ segments: [], resume: { position: 20, context: 'at 1 at 2', language: 'fr' } });
    await store.settled();
    const running = (await store.read(job.id!))!;
    expect(running.record).toMatchObject({ kind: 'file', name: 'talk.wav', state: 'in-progress', durationSeconds: 42, language: 'fr', device: 'webgpu', file: identity, segmentCount: 2 });
    expect(running.record.resume).toEqual({ position: 20, context: 'at 1 at 2', language: 'fr' });
    device = 'wasm';
    await job.finish('done', { language: 'fr' });
    await store.settled();
    expect((await store.read(job.id!))!.record).toMatchObject({ state: 'done', device: 'wasm', language: 'fr' });
  });

  it('stores the file identity even when hashing ends after the job', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const late = lateIdentity();
    const job = new FileJobHistory(store, file, () => meta(), { identity: late.identify() });
    job.progress(5);
    job.window({ segments: [segment(1)], resume: { position: 5, context: 'at 1', language: 'en' } });
    job.finish('done');
    await store.settled();
    late.arrive();
    await new Promise((r) => setTimeout(r, 0));
    await store.settled();
    expect((await store.read(job.id!))!.record).toMatchObject({ state: 'done', file: identity, segmentCount: 1 });
  });

  it('leaves nothing behind for a file that failed before it was open', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const broken = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity) });
    await broken.finish('error', { error: 'not an audio file' });
    await store.settled();
    expect(await store.list()).toEqual([]);
  });
});

/** A job that stops after a window (cancelled, or failed), as the history then holds it. */
async function stoppedJob(store: HistoryStore, state: 'interrupted' | 'error' = 'interrupted') {
  const first = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity) });
  first.progress(30);
  first.window({ segments: [segment(1), segment(2)], resume: { position: 3.5, context: 'at 1 at 2', language: 'fr' } });
  await first.finish(state, state === 'error' ? { error: 'The transcription worker crashed.' } : {});
  await store.settled();
  return (await store.read(first.id!))!;
}

describe('FileJobHistory carrying on a stored transcript', () => {
  it('writes on the same record: in progress again once the file is open, new segments after the stored ones, then done', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const stopped = await stoppedJob(store, 'error');
    expect(stopped.record).toMatchObject({ state: 'error', segmentCount: 2, error: 'The transcription worker crashed.' });
    const resumed = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity), record: stopped.record, kept: stopped.record.resume && { segments: stopped.segments, resume: stopped.record.resume } });
    resumed.progress(30);
    await store.settled();
    const reopened = (await store.read(stopped.record.id))!.record;
    expect(reopened).toMatchObject({ state: 'in-progress', segmentCount: 2 });
    expect(reopened.error).toBeUndefined();
    resumed.window({ segments: [segment(10)], resume: { position: 12, context: 'at 2 at 10', language: 'fr' } });
    await resumed.finish('done');
    await store.settled();
    expect(resumed.id).toBe(stopped.record.id);
    const list = await store.list();
    expect(list.map((r) => [r.id, r.state, r.segmentCount])).toEqual([[stopped.record.id, 'done', 3]]);
    const done = (await store.read(stopped.record.id))!;
    expect(done.segments.map((s) => s.text)).toEqual([' at 1', ' at 2', ' at 10']);
    expect(done.record.resume).toEqual({ position: 12, context: 'at 2 at 10', language: 'fr' });
    // Its size counts every segment once: as if it had been written in one go.
    const once = new HistoryStore(new MemoryStorage());
    const straight = new FileJobHistory(once, file, () => meta(), { identity: Promise.resolve(identity) });
    straight.progress(30);
    straight.window({ segments: [segment(1), segment(2)], resume: { position: 3.5, context: 'at 1 at 2', language: 'fr' } });
    straight.window({ segments: [segment(10)], resume: { position: 12, context: 'at 2 at 10', language: 'fr' } });
    await straight.finish('done');
    await once.settled();
    expect(done.record.bytes).toBe((await once.read(straight.id!))!.record.bytes);
  });

  it('leaves the stored transcript as it was when the resumed job stops before the file opens', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const stopped = await stoppedJob(store);
    const resumed = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity), record: stopped.record });
    await resumed.finish('error', { error: 'Could not download the model.' });
    await store.settled();
    expect((await store.read(stopped.record.id))!.record).toEqual(stopped.record);
  });

  it('starting over drops the stored segments and writes the record afresh', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const stopped = await stoppedJob(store);
    const again = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity), record: stopped.record, restart: true });
    again.progress(30);
    again.window({ segments: [segment(1.02)], resume: { position: 3, context: 'at 1.02', language: 'fr' } });
    await again.finish('interrupted');
    await store.settled();
    expect((await store.list()).map((r) => [r.id, r.state, r.segmentCount])).toEqual([[stopped.record.id, 'interrupted', 1]]);
    expect((await store.read(stopped.record.id))!.segments.map((s) => s.text)).toEqual([' at 1.02']);
  });

  it('starts a new transcript with the kept segments when there is none to write on', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const job = new FileJobHistory(store, file, () => meta(), { identity: Promise.resolve(identity), kept: { segments: [segment(1)], resume: { position: 2, context: 'at 1', language: 'fr' } } });
    job.progress(30);
    job.window({ segments: [segment(5)], resume: { position: 6, context: 'at 1 at 5', language: 'fr' } });
    await job.finish('done');
    await store.settled();
    const saved = (await store.read(job.id!))!;
    expect([saved.record.state, saved.record.language, saved.segments.map((s) => s.text)]).toEqual(['done', 'fr', [' at 1', ' at 5']]);
  });

  it('does not write on a transcript this page is writing already', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const running = store.start({ kind: 'file', name: 'talk.wav', model: 'm', device: 'wasm', dtype: 'q8/q8', task: 'transcribe', language: null });
    await store.settled();
    const record = (await store.read(running.id))!.record;
    expect(store.resume(record)).toBeNull();
  });
});

describe('resumableFor', () => {
  const record = (patch: Partial<HistoryRecord>): HistoryRecord => ({
    id: 'a', kind: 'file', name: 'talk.wav', createdAt: 1, updatedAt: 1, durationSeconds: 30, model: 'm', device: 'wasm', dtype: 'q8/q8', language: 'en', task: 'transcribe',
    state: 'interrupted', segmentCount: 2, bytes: 100, file: identity, resume: { position: 3, context: 'x', language: 'en' }, ...patch,
  });

  it('carries on a file transcript that stopped before its end, of the same file and task: the latest', () => {
    const older = record({ id: 'older', updatedAt: 5, state: 'error' });
    const newer = record({ id: 'newer', updatedAt: 9 });
    expect(resumableFor([older, newer], identity, 'transcribe')?.id).toBe('newer');
    expect(resumableFor([older], identity, 'transcribe')?.id).toBe('older');
  });

  it.each([
    ['done', record({ state: 'done' })],
    ['in progress (being written)', record({ state: 'in-progress' })],
    ['without a resume point', record({ resume: undefined })],
    ['without the file identity', record({ file: undefined })],
    ['a recording', record({ kind: 'live' })],
    ['another task', record({ task: 'translate' })],
    ['another name', record({ file: { ...identity, name: 'other.wav' } })],
    ['another size', record({ file: { ...identity, size: 11 } })],
    ['another date', record({ file: { ...identity, lastModified: 1 } })],
    ['another start (hash)', record({ file: { ...identity, sha256: 'cd' } })],
  ])('does not carry on one that is %s', (_, candidate) => {
    expect(resumableFor([candidate], identity, 'transcribe')).toBeUndefined();
  });
});

describe('fileIdentity', () => {
  it('hashes the first MiB of a long file, and a short file whole', async () => {
    const bytes = new Uint8Array(IDENTITY_BYTES + 500_000).map((_, i) => (i * 7) % 251);
    const long = new File([bytes], 'long.wav', { lastModified: 99 });
    expect(await fileIdentity(long)).toEqual({
      name: 'long.wav',
      size: bytes.length,
      lastModified: 99,
      sha256: createHash('sha256').update(bytes.subarray(0, IDENTITY_BYTES)).digest('hex'),
    });
    expect((await fileIdentity(file)).sha256).toBe(createHash('sha256').update(new Uint8Array(10)).digest('hex'));
    expect(sameFile(file, identity)).toBe(true);
    expect(sameFile(new File([new Uint8Array(10)], 'talk.wav', { lastModified: 1 }), identity)).toBe(false);
  });
});
