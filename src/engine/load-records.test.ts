import { describe, expect, it } from 'vitest';
import { LOAD_RECORD_KEYS, memoryStore, storedLoadRecords, type PageLifecycle } from './load-records.ts';

const TURBO = { model: 'onnx-community/whisper-large-v3-turbo', device: 'webgpu' } as const;
const BASE = { model: 'onnx-community/whisper-base', device: 'wasm' } as const;

/** A page whose lifecycle events the test fires. */
function fakePage() {
  const listeners = new Map<string, EventListener>();
  const page: PageLifecycle = {
    addEventListener: (type: string, listener: EventListener) => void listeners.set(type, listener),
    removeEventListener: (type: string) => void listeners.delete(type),
  } as PageLifecycle;
  const fire = (type: string, persisted = false) => listeners.get(type)?.(Object.assign(new Event(type), { persisted }));
  return { page, fire, listeners };
}

describe('crash records', () => {
  it('takes a load still marked as running at the next visit for a crash', () => {
    const store = memoryStore();
    const first = storedLoadRecords(store);
    first.started({ ...TURBO });
    expect(first.crashed()).toEqual([]);
    // The tab dies here: nothing calls ended(). The next visit creates new records over the same storage.
    const next = storedLoadRecords(store);
    expect(next.crashed()).toEqual([TURBO]);
    expect(store.getItem(LOAD_RECORD_KEYS.loading)).toBeNull();
    // Remembered on later visits too, and only once per model and backend.
    next.started({ ...TURBO });
    expect(storedLoadRecords(store).crashed()).toEqual([TURBO]);
  });

  it('forgets a load that ended, ready or failed, with the tab alive', () => {
    const store = memoryStore();
    const records = storedLoadRecords(store);
    records.started({ ...BASE });
    records.ended({ ...BASE }, false);
    expect(storedLoadRecords(store).crashed()).toEqual([]);
  });

  it('clears the crash record of a model that later got ready', () => {
    const store = memoryStore();
    store.setItem(LOAD_RECORD_KEYS.crashed, JSON.stringify([TURBO, BASE]));
    const records = storedLoadRecords(store);
    records.started({ ...TURBO });
    records.ended({ ...TURBO }, true);
    expect(records.crashed()).toEqual([BASE]);
  });

  it('does not count leaving the page mid-load as a crash, unless it comes back from the bfcache', () => {
    const store = memoryStore();
    const { page, fire, listeners } = fakePage();
    const records = storedLoadRecords(store, page);
    records.started({ ...BASE });
    fire('pagehide');
    expect(storedLoadRecords(memoryStoreCopy(store)).crashed()).toEqual([]);
    fire('pageshow', true);
    expect(storedLoadRecords(memoryStoreCopy(store)).crashed()).toEqual([BASE]);
    records.ended({ ...BASE }, true);
    expect(listeners.size).toBe(0);
  });

  it('ignores what it cannot read', () => {
    const store = memoryStore();
    store.setItem(LOAD_RECORD_KEYS.loading, '{not json');
    store.setItem(LOAD_RECORD_KEYS.crashed, JSON.stringify([{ model: 1 }, BASE, 'x']));
    expect(storedLoadRecords(store).crashed()).toEqual([BASE]);
  });

  it('keeps working when the storage refuses writes', () => {
    const refusing = { ...memoryStore(), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    const records = storedLoadRecords(refusing);
    expect(() => records.started({ ...BASE })).not.toThrow();
    expect(() => records.trustHost('mirror.example')).not.toThrow();
  });
});

describe('trusted hosts', () => {
  it('remembers each host once, across visits', () => {
    const store = memoryStore();
    const records = storedLoadRecords(store);
    expect(records.trustedHosts().has('mirror.example')).toBe(false);
    records.trustHost('mirror.example');
    records.trustHost('mirror.example');
    records.trustHost('127.0.0.1:4311');
    expect([...storedLoadRecords(store).trustedHosts()]).toEqual(['mirror.example', '127.0.0.1:4311']);
  });
});

/** What another tab (or the next visit) would read, without touching this store's records. */
function memoryStoreCopy(store: ReturnType<typeof memoryStore>) {
  const copy = memoryStore();
  for (const key of Object.values(LOAD_RECORD_KEYS)) {
    const value = store.getItem(key);
    if (value !== null) copy.setItem(key, value);
  }
  return copy;
}
