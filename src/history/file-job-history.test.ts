import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TranscriptMeta } from '../engine/transcript.ts';
import { FileJobHistory } from './file-job-history.ts';
import { IDENTITY_BYTES, fileIdentity, sameFile } from './file-identity.ts';
import type { FileIdentity } from './history-record.ts';
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
    const job = new FileJobHistory(store, file, () => meta(device), async () => identity);
    expect(job.id).toBeNull();
    job.progress(42);
    job.window({ segments: [segment(1), segment(2)], resume: { position: 3, context: 'at 1 at 2', language: 'fr' } });
    job.window({ segments: [], resume: { position: 20, context: 'at 1 at 2', language: 'fr' } });
    await store.settled();
    const running = (await store.read(job.id!))!;
    expect(running.record).toMatchObject({ kind: 'file', name: 'talk.wav', state: 'in-progress', durationSeconds: 42, language: 'fr', device: 'webgpu', file: identity, segmentCount: 2 });
    expect(running.record.resume).toEqual({ position: 20, context: 'at 1 at 2', language: 'fr' });
    device = 'wasm';
    job.finish('done', { language: 'fr' });
    await new Promise((r) => setTimeout(r, 0));
    await store.settled();
    expect((await store.read(job.id!))!.record).toMatchObject({ state: 'done', device: 'wasm', language: 'fr' });
  });

  it('stores the file identity even when hashing ends after the job', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const late = lateIdentity();
    const job = new FileJobHistory(store, file, () => meta(), late.identify);
    job.progress(5);
    job.window({ segments: [segment(1)], resume: { position: 5, context: 'at 1', language: 'en' } });
    job.finish('done');
    await store.settled();
    late.arrive();
    await new Promise((r) => setTimeout(r, 0));
    await store.settled();
    expect((await store.read(job.id!))!.record).toMatchObject({ state: 'done', file: identity, segmentCount: 1 });
  });

  it('leaves nothing behind for a file that failed before it was open, and drops the segments of a restarted file', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const broken = new FileJobHistory(store, file, () => meta(), async () => identity);
    broken.finish('error', { error: 'not an audio file' });
    const restarted = new FileJobHistory(store, file, () => meta(), async () => identity);
    restarted.progress(5);
    restarted.window({ segments: [segment(1)], resume: { position: 2, context: 'at 1', language: 'en' } });
    restarted.restart();
    restarted.window({ segments: [segment(1.02)], resume: { position: 2, context: 'at 1.02', language: 'en' } });
    restarted.finish('interrupted');
    await new Promise((r) => setTimeout(r, 0));
    await store.settled();
    const list = await store.list();
    expect(list.map((r) => [r.state, r.segmentCount])).toEqual([['interrupted', 1]]);
    expect((await store.read(restarted.id!))!.segments.map((s) => s.text)).toEqual([' at 1.02']);
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
