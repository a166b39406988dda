import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { findModel, modelLabel } from '../../models/catalogue';
import type { DtypePair } from '../../models/dtype';
import type { DamagedFile } from '../../models/file-check';
import { deleteStoredModel, downloadModel, storageEstimate, storedModel } from '../../models/model-cache';
import type { ModelCacheState } from '../../models/model-files';
import { resolveModelSource, type ModelSource } from '../../models/model-source';
import { speakerModelFiles, type SpeakerModelInfo } from '../../models/speaker-models';
import { catalogueBytes, type StorageNumbers } from '../../models/storage-space';
import { WhisperModelStorageEvent } from './model-manager.events';

export type RowState = ModelCacheState | 'downloading' | 'checking';

export interface ModelRow {
  /** The model as the app names it: hub id, path or URL. */
  id: string;
  label: string;
  source: ModelSource;
  state: RowState;
  /** Bytes stored for this model (every dtype). */
  storedBytes: number;
  /** Catalogue estimate for the manager's dtypes; null for models outside the catalogue. */
  expectedBytes: number | null;
  /** A speaker model's own files and precision; null for Whisper models (the manager's dtypes). */
  own: { files: readonly string[]; dtype: string } | null;
  /** 0..1 while downloading; null when the total is unknown. */
  progress: number | null;
  error: string;
  /** Stored files that are unusable (they count as missing, and a download replaces them). */
  damaged: DamagedFile[];
}

/** A mirror on another host is named with that host, never passed off as the hub's model. */
function rowLabel(id: string, source: ModelSource): string {
  if (!source.foreignHost) return modelLabel(id);
  return findModel(id) ? `${modelLabel(id)} from ${source.foreignHost}` : source.label;
}

export interface ModelStoreConfig {
  models: readonly string[];
  /** Listed after the Whisper models, each with its own files and size. */
  speakerModels: readonly SpeakerModelInfo[];
  dtypes: DtypePair;
  modelBaseUrl: string | undefined;
}

/**
 * The model manager's state: one row per model with what is stored, downloads with progress and cancel, deletes,
 * and the origin's storage numbers. Rows are refreshed from the cache after every change, never guessed, so a
 * download that broke off shows as "partly downloaded" and never as ready.
 */
export class ModelStoreController implements ReactiveController {
  rows: ModelRow[] = [];
  estimate: StorageNumbers = {};
  /** `navigator.storage.persisted()`; undefined where the browser has no such API. */
  persisted: boolean | undefined = undefined;
  /** The answer to the last persist request, in words. */
  persistMessage = '';
  private config: ModelStoreConfig = { models: [], speakerModels: [], dtypes: { encoder: 'q8', decoder: 'q8' }, modelBaseUrl: undefined };
  private readonly downloads = new Map<string, AbortController>();
  /** Drops the results of a refresh that a newer one overtook. */
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.refresh();
  }

  hostDisconnected(): void {
    for (const abort of this.downloads.values()) abort.abort(new DOMException('The model manager was removed.', 'AbortError'));
    this.downloads.clear();
  }

  /** New models or dtypes: rebuild the rows and read the cache again. */
  configure(config: ModelStoreConfig): void {
    this.config = config;
    const page = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    const row = (id: string, label: string | undefined, expectedBytes: number | null, own: ModelRow['own']): ModelRow => {
      const old = this.rows.find((r) => r.id === id);
      const source = resolveModelSource(id, page, config.modelBaseUrl);
      return {
        id,
        label: label ?? rowLabel(id, source),
        source,
        state: this.downloads.has(id) ? 'downloading' : 'checking',
        storedBytes: old?.storedBytes ?? 0,
        expectedBytes,
        own,
        progress: old?.progress ?? null,
        error: old?.error ?? '',
        damaged: old?.damaged ?? [],
      };
    };
    this.rows = [
      ...[...new Set(config.models.filter(Boolean))].map((id) => row(id, undefined, catalogueBytes(findModel(id), config.dtypes), null)),
      ...config.speakerModels.map((m) => row(m.id, m.label, m.bytes, { files: speakerModelFiles(m), dtype: m.dtype })),
    ];
    void this.refresh();
  }

  private patch(id: string, patch: Partial<ModelRow>): void {
    this.rows = this.rows.map((r) => (r.id === id ? { ...r, ...patch } : r));
    this.host.requestUpdate();
  }

  /** Reads what is stored for every row, the storage estimate and whether storage is persistent. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const [stored, estimate, persisted] = await Promise.all([
      Promise.all(this.rows.map((r) => storedModel(r.source, r.own?.files ?? this.config.dtypes).catch(() => null))),
      storageEstimate().catch(() => ({})),
      navigator.storage?.persisted?.().catch(() => undefined),
    ]);
    if (generation !== this.generation) return;
    this.rows = this.rows.map((row, i) => {
      const s = stored[i];
      if (this.downloads.has(row.id) || !s) return row;
      return { ...row, state: s.state, storedBytes: s.bytes, damaged: s.damaged };
    });
    this.estimate = estimate;
    this.persisted = persisted;
    this.host.requestUpdate();
  }

  async download(id: string): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (!row || this.downloads.has(id)) return;
    if (!navigator.onLine) {
      this.patch(id, { error: `You are offline. Connect to the internet to download ${row.label}.` });
      return;
    }
    const abort = new AbortController();
    this.downloads.set(id, abort);
    this.patch(id, { state: 'downloading', progress: 0, error: '' });
    try {
      await downloadModel(row.source, row.own?.files ?? this.config.dtypes, {
        signal: abort.signal,
        fallbackBytes: row.expectedBytes,
        onProgress: ({ loadedBytes, totalBytes }) =>
          this.patch(id, { progress: totalBytes ? Math.min(1, loadedBytes / totalBytes) : null }),
      });
    } catch (error) {
      const message = abort.signal.aborted
        ? 'Download cancelled. Files that arrived whole are kept; download again to fetch the rest.'
        : error instanceof Error
          ? error.message
          : String(error);
      this.patch(id, { error: message });
    } finally {
      this.downloads.delete(id);
      this.patch(id, { progress: null, state: 'checking' });
      await this.refresh();
      this.announce(id);
    }
  }

  cancel(id: string): void {
    this.downloads.get(id)?.abort(new DOMException('Download cancelled.', 'AbortError'));
  }

  async remove(id: string): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (!row || this.downloads.has(id)) return;
    this.patch(id, { state: 'checking', error: '' });
    try {
      await deleteStoredModel(row.source);
    } catch (error) {
      this.patch(id, { error: `Could not delete ${row.label}: ${error instanceof Error ? error.message : String(error)}` });
    }
    await this.refresh();
    this.announce(id);
  }

  /** Asks the browser not to evict the origin's storage under pressure; it may say no (or ask the user). */
  async persist(): Promise<void> {
    if (!navigator.storage?.persist) return;
    const granted = await navigator.storage.persist().catch(() => false);
    this.persisted = granted;
    this.persistMessage = granted
      ? 'Storage is persistent: the browser will not clear downloaded models to free space.'
      : 'The browser declined for now; it may clear downloaded models when space runs low. Installing the app often helps.';
    this.host.requestUpdate();
  }

  private announce(id: string): void {
    const row = this.rows.find((r) => r.id === id);
    if (row && row.state !== 'checking' && row.state !== 'downloading') {
      this.host.dispatchEvent(new WhisperModelStorageEvent({ model: id, state: row.state }));
    }
  }
}
