import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../engine/live-session.ts';
import type { TranscriptMeta } from '../engine/transcript.ts';
import { HistoryStore } from './history-store.ts';
import { LiveHistory } from './live-history.ts';
import { MemoryStorage } from './memory-storage.test-support.ts';

const meta = (): TranscriptMeta => ({ source: 'microphone', model: 'whisper-base', device: 'wasm', dtype: 'q8/q8', task: 'transcribe', createdAt: '' });
const final = (id: number, text: string, revision = 0): LiveEvent => ({ type: 'final', detail: { text, start: id * 3, end: id * 3 + 2, utteranceId: id, language: 'en', revision, confidence: 0.9 } });
const state = (s: 'loading' | 'listening' | 'stopped' | 'error'): LiveEvent => ({ type: 'state', state: s });

describe('LiveHistory', () => {
  it('stores each final as it comes, and the session as done when it stops', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const live = new LiveHistory(store, meta, () => 'Recording 1');
    for (const e of [state('loading'), state('listening'), { type: 'partial', detail: { text: 'hel', utteranceId: 1 } } as LiveEvent, final(1, 'Hello.')]) live.observe(e);
    await store.settled();
    const [record] = await store.list();
    expect(record).toMatchObject({ kind: 'live', name: 'Recording 1', state: 'in-progress', segmentCount: 1, language: 'en', durationSeconds: 5 });
    live.observe(final(2, 'Goodbye.'));
    live.observe(state('stopped'));
    await store.settled();
    const stored = (await store.read(record!.id))!;
    expect(stored.record).toMatchObject({ state: 'done', segmentCount: 2, durationSeconds: 8 });
    expect(stored.segments).toEqual([
      { start: 3, end: 5, text: 'Hello.', language: 'en' },
      { start: 6, end: 8, text: 'Goodbye.', language: 'en' },
    ]);
  });

  it('replaces a final with its revision', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const live = new LiveHistory(store, meta, () => 'Recording 1');
    for (const e of [final(1, 'Hello.'), final(2, 'Well'), final(2, 'Well, goodbye.', 1), state('stopped')]) live.observe(e);
    await store.settled();
    const [record] = await store.list();
    expect((await store.read(record!.id))!.segments.map((s) => s.text)).toEqual(['Hello.', 'Well, goodbye.']);
  });

  it('stores nothing for a session in which nothing was said, and the error that ended one', async () => {
    const store = new HistoryStore(new MemoryStorage());
    const quiet = new LiveHistory(store, meta);
    for (const e of [state('loading'), state('listening'), state('stopped')]) quiet.observe(e);
    const lost = new LiveHistory(store, meta);
    for (const e of [state('loading'), final(1, 'Hello.'), { type: 'error', code: 'device-lost', message: 'The microphone was disconnected.', fatal: true } as LiveEvent, state('error')]) lost.observe(e);
    await store.settled();
    expect((await store.list()).map((r) => [r.state, r.error, r.segmentCount])).toEqual([['error', 'The microphone was disconnected.', 1]]);
    expect((await store.list())[0]!.name).toMatch(/^Recording /);
  });
});
