import { describe, expect, it } from 'vitest';
import type { Segment } from '../engine/transcript.ts';
import { jsonBytes, transcriptOf, type HistoryRecord } from './history-record.ts';
import { FULL_MESSAGE, HistoryStore, isQuotaError, type NewTranscript } from './history-store.ts';
import { MemoryStorage, quotaError } from './memory-storage.test-support.ts';

const seg = (i: number): Segment => ({ start: i, end: i + 0.8, text: ` Sentence ${i}.`, language: 'en' });
const FILE: NewTranscript = { kind: 'file', name: 'talk.wav', model: 'whisper-base', device: 'wasm', dtype: 'q8/q8', task: 'transcribe', language: null };

function setup(storage = new MemoryStorage(), page = 'a') {
  let clock = 1_000;
  let ids = 0;
  const store = new HistoryStore(storage, { now: () => clock++, newId: () => `${page}${++ids}` });
  let changes = 0;
  store.addEventListener('change', () => changes++);
  return { storage, store, changes: () => changes };
}

const texts = async (store: HistoryStore, id: string): Promise<string[]> => ((await store.read(id))?.segments ?? []).map((s) => s.text);

describe('HistoryStore writes transcripts as they grow', () => {
  it('appends segments in order, each write adding only the new ones with the updated record', async () => {
    const { store, storage } = setup();
    const writer = store.start(FILE);
    writer.append([seg(0), seg(1)], { resume: { position: 2, context: 'Sentence 0. Sentence 1.', language: 'en' }, language: 'en' });
    writer.append([]);
    writer.append([seg(2)], { resume: { position: 3.5, context: 'Sentence 0. Sentence 1. Sentence 2.', language: 'en' } });
    await store.settled();
    expect(await texts(store, writer.id)).toEqual([' Sentence 0.', ' Sentence 1.', ' Sentence 2.']);
    expect(storage.writes.map((w) => [w.rows, w.segmentCount, w.state, w.replace])).toEqual([
      [0, 0, 'in-progress', false],
      [2, 2, 'in-progress', false],
      [0, 2, 'in-progress', false],
      [1, 3, 'in-progress', false],
    ]);
    const record = (await store.read(writer.id))!.record;
    expect(record).toMatchObject({ kind: 'file', name: 'talk.wav', language: 'en', state: 'in-progress', segmentCount: 3 });
    expect(record.resume).toEqual({ position: 3.5, context: 'Sentence 0. Sentence 1. Sentence 2.', language: 'en' });
    expect(record.updatedAt).toBeGreaterThan(record.createdAt);

    writer.finish('done', { durationSeconds: 4 });
    writer.append([seg(3)]);
    await store.settled();
    expect((await store.read(writer.id))!.record).toMatchObject({ state: 'done', durationSeconds: 4, segmentCount: 3 });
    expect(await texts(store, writer.id)).toHaveLength(3);
  });

  it('lists newest first and reopens a record as a transcript for the view and the exports', async () => {
    const { store } = setup();
    const first = store.start(FILE);
    const second = store.start({ ...FILE, kind: 'live', name: 'Recording', language: 'de' });
    second.append([seg(0)]);
    await store.settled();
    expect((await store.list()).map((r) => r.id)).toEqual([second.id, first.id]);
    const { record, segments } = (await store.read(second.id))!;
    expect(transcriptOf(record, segments)).toEqual({
      meta: { source: 'Recording', model: 'whisper-base', device: 'wasm', dtype: 'q8/q8', language: 'de', task: 'transcribe', createdAt: new Date(record.createdAt).toISOString() },
      segments: [seg(0)],
    });
    expect(await store.read('nope')).toBeNull();
  });

  it('starts over when the engine transcribes the file again from its start', async () => {
    const { store, storage } = setup();
    const writer = store.start(FILE);
    writer.append([seg(0), seg(1)]);
    writer.restart();
    writer.append([seg(5)]);
    await store.settled();
    expect(await texts(store, writer.id)).toEqual([' Sentence 5.']);
    expect(storage.writes.at(-2)).toMatchObject({ replace: true, segmentCount: 0 });
  });
});

describe('HistoryStore on page load', () => {
  it('marks what an earlier page left in progress as interrupted, keeps its segments, and leaves new transcripts alone', async () => {
    const { store: earlier, storage } = setup();
    const crashed = earlier.start(FILE);
    crashed.append([seg(0), seg(1)]);
    const finished = earlier.start({ ...FILE, name: 'done.wav' });
    finished.finish('done');
    await earlier.settled();

    const { store } = setup(storage, 'b');
    void store.recover();
    // Started before recovery ran: it belongs to this page and must stay in progress.
    const fresh = store.start({ ...FILE, name: 'new.wav' });
    await store.settled();
    const states = Object.fromEntries((await store.list()).map((r) => [r.name, r.state]));
    expect(states).toEqual({ 'talk.wav': 'interrupted', 'done.wav': 'done', 'new.wav': 'in-progress' });
    expect(await texts(store, crashed.id)).toEqual([' Sentence 0.', ' Sentence 1.']);
    expect(fresh.id).not.toBe(crashed.id);
  });
});

describe('HistoryStore when the browser refuses to store more', () => {
  it('says so, keeps what is stored, stops writing, and the transcript that lost a batch ends as interrupted without gaps', async () => {
    const { store, storage, changes } = setup();
    const writer = store.start(FILE);
    writer.append([seg(0)]);
    await store.settled();
    storage.failNext = quotaError();
    writer.append([seg(1)]);
    writer.append([seg(2)]);
    await store.settled();
    expect(store.problem).toBe(FULL_MESSAGE);
    expect(changes()).toBeGreaterThan(0);

    // A later transcript is not written while history is full.
    const later = store.start({ ...FILE, name: 'later.wav' });
    later.append([seg(0)]);
    writer.finish('done');
    await store.settled();
    expect((await store.list()).map((r) => [r.name, r.state, r.segmentCount])).toEqual([['talk.wav', 'interrupted', 1]]);
    expect(await texts(store, writer.id)).toEqual([' Sentence 0.']);
  });

  it('lets new transcripts be saved again once something is deleted', async () => {
    const { store, storage } = setup();
    const old = store.start({ ...FILE, name: 'old.wav' });
    old.finish('done');
    await store.settled();
    storage.failNext = quotaError();
    store.start(FILE);
    await store.settled();
    expect(store.problem).toBe(FULL_MESSAGE);

    await store.remove(old.id);
    expect(store.problem).toBe('');
    const next = store.start({ ...FILE, name: 'next.wav' });
    next.append([seg(0)]);
    await store.settled();
    expect((await store.list()).map((r) => r.name)).toEqual(['next.wav']);
  });

  it('tells a quota error from other failures, and says the history is unavailable for those', async () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new DOMException('nope', 'InvalidStateError'))).toBe(false);
    const { store, storage } = setup();
    storage.failAlways = new DOMException('IndexedDB is disabled', 'InvalidStateError');
    store.start(FILE).append([seg(0)]);
    await store.settled();
    expect(store.problem).toBe('Transcript history is not available here (IndexedDB is disabled). Transcription works as usual, but nothing is saved.');
    expect(storage.writes).toEqual([]);
  });
});

describe('HistoryStore size accounting', () => {
  it('counts the record and every segment as UTF-8 JSON, and grows by what each batch adds', async () => {
    const { store, storage } = setup();
    const writer = store.start(FILE);
    const sizes: number[] = [];
    for (const batch of [[seg(0)], [seg(1), seg(2)], [{ ...seg(3), text: ' Grüße, 日本語.' }]]) {
      writer.append(batch);
      await store.settled();
      sizes.push((await store.read(writer.id))!.record.bytes);
    }
    const record = (await store.read(writer.id))!.record;
    const rows = storage.rowMap.get(writer.id)!;
    expect(record.bytes).toBe(rows.reduce((sum, row) => sum + jsonBytes(row), 0) + jsonBytes({ ...record, bytes: 0 }));
    expect(sizes[1]! - sizes[0]!).toBe(jsonBytes(rows[1]) + jsonBytes(rows[2]));
    expect(sizes[2]! - sizes[1]!).toBe(jsonBytes(rows[3]));
  });
});

describe('HistoryStore rename and delete', () => {
  it('renames stored and in-progress transcripts; the next write keeps the new name; a blank name is refused', async () => {
    const { store } = setup();
    const done = store.start(FILE);
    done.finish('done');
    const running = store.start({ ...FILE, name: 'running.wav' });
    await store.settled();
    expect(await store.rename(done.id, '  Interview  ')).toBe(true);
    expect(await store.rename(running.id, 'Live notes')).toBe(true);
    expect(await store.rename(done.id, '   ')).toBe(false);
    running.append([seg(0)]);
    await store.settled();
    const names = (await store.list()).map((r: HistoryRecord) => r.name);
    expect(names.sort()).toEqual(['Interview', 'Live notes']);
  });

  it('deletes one transcript (one being written stops being written), or all of them', async () => {
    const { store, storage } = setup();
    const kept = store.start({ ...FILE, name: 'kept.wav' });
    kept.append([seg(0)]);
    const running = store.start(FILE);
    running.append([seg(0)]);
    await store.settled();
    await store.remove(running.id);
    running.append([seg(1)]);
    running.finish('done');
    await store.settled();
    expect((await store.list()).map((r) => r.name)).toEqual(['kept.wav']);
    expect(storage.rowMap.has(running.id)).toBe(false);

    await store.removeAll();
    kept.append([seg(1)]);
    await store.settled();
    expect(await store.list()).toEqual([]);
    expect(storage.rowMap.size).toBe(0);
  });
});

describe('HistoryStore keeps the user\'s corrections', () => {
  const totalBytes = (storage: MemoryStorage, record: HistoryRecord): number =>
    storage.rowMap.get(record.id)!.reduce((sum, row) => sum + jsonBytes(row), 0) + jsonBytes({ ...record, bytes: 0 });

  it('replaces corrected segments of a finished transcript at their places, names speakers, and counts the new size', async () => {
    const { store, storage } = setup();
    const writer = store.start({ ...FILE, vocabulary: 'Ngozi' });
    writer.append([seg(0), seg(1), seg(2)]);
    writer.finish('done');
    await store.settled();
    const edited = { ...seg(1), text: 'A much longer corrected sentence, with Grüße.', edited: true };
    expect(await store.correct(writer.id, { segments: [{ seq: 1, segment: edited }, { seq: 9, segment: seg(9) }], speakers: { SPEAKER_1: 'Ngozi' } })).toBe(true);
    const { record, segments } = (await store.read(writer.id))!;
    expect(segments).toEqual([seg(0), edited, seg(2)]);
    expect(record).toMatchObject({ state: 'done', segmentCount: 3, speakers: { SPEAKER_1: 'Ngozi' } });
    expect(record.bytes).toBe(totalBytes(storage, record));
    expect(transcriptOf(record, segments).meta).toMatchObject({ vocabulary: 'Ngozi', speakers: { SPEAKER_1: 'Ngozi' } });

    expect(await store.correct(writer.id, { segments: [], speakers: null })).toBe(true);
    const cleared = (await store.read(writer.id))!;
    expect(transcriptOf(cleared.record, cleared.segments).meta.speakers).toBeUndefined();
    expect(await store.correct('nope', { segments: [] })).toBe(false);
  });

  it('lets the writer of a transcript still being written store a correction, and keeps it in its later writes', async () => {
    const { store, storage } = setup();
    const writer = store.start(FILE);
    writer.append([seg(0), seg(1)]);
    const fixed = { ...seg(0), text: 'Fixed.', edited: true };
    expect(await store.correct(writer.id, { segments: [{ seq: 0, segment: fixed }], speakers: { A: 'Ana' } })).toBe(true);
    writer.append([seg(2)]);
    writer.finish('done');
    await store.settled();
    const { record, segments } = (await store.read(writer.id))!;
    expect(segments.map((s) => s.text)).toEqual(['Fixed.', ' Sentence 1.', ' Sentence 2.']);
    expect(record.speakers).toEqual({ A: 'Ana' });
    expect(record.bytes).toBe(totalBytes(storage, record));
  });

  it('saves nothing while the browser refuses to store more', async () => {
    const { store, storage } = setup();
    const writer = store.start(FILE);
    writer.append([seg(0)]);
    writer.finish('done');
    await store.settled();
    storage.failNext = quotaError();
    store.start({ ...FILE, name: 'later.wav' });
    await store.settled();
    expect(await store.correct(writer.id, { segments: [{ seq: 0, segment: { ...seg(0), text: 'x' } }] })).toBe(false);
    expect(await texts(store, writer.id)).toEqual([' Sentence 0.']);
  });
});
