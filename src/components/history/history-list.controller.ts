import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { transcriptOf, type HistoryRecord } from '../../history/history-record';
import type { HistoryStore } from '../../history/history-store';
import { WhisperHistoryChangeEvent, WhisperHistoryOpenEvent } from './history.events';

/**
 * The history view's state: the saved transcripts, read again after every change to the store (changes that come
 * while a read runs are folded into one more read), the store's problem, and the actions on them.
 */
export class HistoryListController implements ReactiveController {
  records: HistoryRecord[] = [];
  problem = '';
  /** The first read is done: an empty list means there is nothing, not that it is still loading. */
  loaded = false;
  private store: HistoryStore | null = null;
  private reading = false;
  private again = false;
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get bytes(): number {
    return this.records.reduce((sum, r) => sum + r.bytes, 0);
  }

  hostConnected(): void {
    this.connected = true;
    this.store?.addEventListener('change', this.refresh);
    this.refresh();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.store?.removeEventListener('change', this.refresh);
  }

  setStore(store: HistoryStore | null): void {
    if (store === this.store) return;
    if (this.connected) this.store?.removeEventListener('change', this.refresh);
    this.store = store;
    if (this.connected) store?.addEventListener('change', this.refresh);
    this.loaded = false;
    this.refresh();
  }

  rename(id: string, name: string): Promise<boolean> {
    return this.store?.rename(id, name) ?? Promise.resolve(false);
  }

  remove(id: string): Promise<void> {
    return this.store?.remove(id) ?? Promise.resolve();
  }

  removeAll(): Promise<void> {
    return this.store?.removeAll() ?? Promise.resolve();
  }

  /** Reads the transcript and tells the page to show it. */
  async open(id: string): Promise<void> {
    const stored = await this.store?.read(id);
    if (stored) this.host.dispatchEvent(new WhisperHistoryOpenEvent({ record: stored.record, transcript: transcriptOf(stored.record, stored.segments) }));
  }

  private refresh = (): void => {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void (async () => {
      do {
        this.again = false;
        await this.read();
      } while (this.again);
      this.reading = false;
    })();
  };

  private async read(): Promise<void> {
    const store = this.store;
    if (!store) {
      this.records = [];
      this.host.requestUpdate();
      return;
    }
    const records = await store.list();
    if (store !== this.store) return;
    this.records = records;
    this.problem = store.problem;
    this.loaded = true;
    this.host.requestUpdate();
    this.host.dispatchEvent(new WhisperHistoryChangeEvent({ records, bytes: this.bytes }));
  }
}
