/**
 * What this device remembers between visits about loading models: the load in progress (so the next visit can
 * tell that the tab died while it ran, most likely out of memory), the loads that died that way, and the model
 * hosts the user allowed. Kept in localStorage, so it outlives the tab; where there is none (Node, storage
 * blocked), in memory for this page only.
 */
import type { CrashedLoad } from './device-plan.ts';

export interface LoadRecords {
  /** Loads that never finished on earlier visits, oldest first; the device plan passes over them by default. */
  crashed(): CrashedLoad[];
  /** A load starts. Its record stays until `ended`, so a tab that dies meanwhile leaves it behind. */
  started(load: CrashedLoad): void;
  /** The load ended with the tab alive, ready (`ok`) or failed; a load that got ready clears its crash record. */
  ended(load: CrashedLoad, ok: boolean): void;
  /** Hosts, other than this site and the Hugging Face hub, that the user allowed models from. */
  trustedHosts(): ReadonlySet<string>;
  trustHost(host: string): void;
}

/** The localStorage keys, for tests that simulate an earlier visit. */
export const LOAD_RECORD_KEYS = {
  loading: 'whisper-recorder:loading-model',
  crashed: 'whisper-recorder:crashed-loads',
  hosts: 'whisper-recorder:trusted-model-hosts',
} as const;

/** The part of `Storage` used. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where a page tells that it is going away normally (closed, reloaded, navigated) or coming back from the bfcache. */
export type PageLifecycle = Pick<Window, 'addEventListener' | 'removeEventListener'>;

const sameLoad = (a: CrashedLoad, b: CrashedLoad): boolean => a.model === b.model && a.device === b.device;

const isLoad = (value: unknown): value is CrashedLoad =>
  typeof value === 'object' && value !== null &&
  typeof (value as CrashedLoad).model === 'string' && ((value as CrashedLoad).device === 'webgpu' || (value as CrashedLoad).device === 'wasm');

/**
 * Records over `store`. Creating them reads what the last visit left: a load still marked as running became a
 * crash record. (A load running in another tab of the site at that moment would be taken for one too.)
 */
export function storedLoadRecords(store: KeyValueStore, page?: PageLifecycle): LoadRecords {
  const read = (key: string): unknown => {
    try {
      return JSON.parse(store.getItem(key) ?? 'null') as unknown;
    } catch {
      return null;
    }
  };
  // A full or refused storage must not stop a load; the record is then simply not kept.
  const write = (key: string, value: unknown): void => {
    try {
      if (value === null) store.removeItem(key);
      else store.setItem(key, JSON.stringify(value));
    } catch {
      // Nothing to do: the records are a help, not a requirement.
    }
  };
  const crashedList = (): CrashedLoad[] => {
    const value = read(LOAD_RECORD_KEYS.crashed);
    return Array.isArray(value) ? value.filter(isLoad) : [];
  };

  const unfinished = read(LOAD_RECORD_KEYS.loading);
  if (isLoad(unfinished)) {
    const { model, device } = unfinished;
    write(LOAD_RECORD_KEYS.crashed, [...crashedList().filter((c) => !sameLoad(c, unfinished)), { model, device }]);
  }
  write(LOAD_RECORD_KEYS.loading, null);

  let running: CrashedLoad | null = null;
  // Leaving the page normally is no crash; coming back from the bfcache with the load still running puts it back.
  const onHide = (): void => write(LOAD_RECORD_KEYS.loading, null);
  const onShow = (event: Event): void => {
    if (running && (event as PageTransitionEvent).persisted) write(LOAD_RECORD_KEYS.loading, running);
  };

  const trustedHosts = (): Set<string> => {
    const value = read(LOAD_RECORD_KEYS.hosts);
    return new Set(Array.isArray(value) ? value.filter((h): h is string => typeof h === 'string') : []);
  };

  return {
    crashed: crashedList,
    started(load) {
      running = { model: load.model, device: load.device };
      write(LOAD_RECORD_KEYS.loading, running);
      page?.addEventListener('pagehide', onHide);
      page?.addEventListener('pageshow', onShow);
    },
    ended(load, ok) {
      running = null;
      write(LOAD_RECORD_KEYS.loading, null);
      page?.removeEventListener('pagehide', onHide);
      page?.removeEventListener('pageshow', onShow);
      if (ok && crashedList().some((c) => sameLoad(c, load))) write(LOAD_RECORD_KEYS.crashed, crashedList().filter((c) => !sameLoad(c, load)));
    },
    trustedHosts,
    trustHost: (host) => write(LOAD_RECORD_KEYS.hosts, [...trustedHosts().add(host)]),
  };
}

/** A store that forgets with the page, for where localStorage is missing or refused. */
export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/** The page's records: localStorage where the browser allows it (a sandboxed frame may throw on access). */
export function browserLoadRecords(): LoadRecords {
  let store: KeyValueStore | undefined;
  try {
    store = globalThis.localStorage;
    store?.getItem(LOAD_RECORD_KEYS.hosts);
  } catch {
    store = undefined;
  }
  return storedLoadRecords(store ?? memoryStore(), typeof window === 'undefined' ? undefined : window);
}

/**
 * Records that also trust the hosts a page's author named in markup (`<whisper-recorder model="https://…">`): the
 * author chose them, so the page's visitors are not asked. The site, whose `?model=` anyone can write into a link,
 * asks instead.
 */
export function trustingHosts(records: LoadRecords, chosen: () => Iterable<string>): LoadRecords {
  return { ...records, trustedHosts: () => new Set([...records.trustedHosts(), ...chosen()]) };
}
