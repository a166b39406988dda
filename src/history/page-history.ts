import { HistoryStore } from './history-store.ts';
import { IndexedDbHistoryStorage } from './indexeddb-storage.ts';

let store: HistoryStore | null = null;

/**
 * The page's one transcript history, opened on first use (so a page that never asks for history never touches
 * IndexedDB). Opening it marks what an earlier page left in progress as interrupted, before anything is written.
 */
export function pageHistory(): HistoryStore {
  if (!store) {
    store = new HistoryStore(new IndexedDbHistoryStorage());
    void store.recover();
  }
  return store;
}
