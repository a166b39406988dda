/**
 * The browser side of model storage: the Cache API cache transformers.js reads (`transformers-cache`, keyed by
 * file URL) and `navigator.storage`. Thin on purpose; the rules live in model-files.ts and model-download.ts.
 */
import { downloadModelFiles, type DownloadOptions } from './model-download.ts';
import type { DtypePair } from './dtype.ts';
import { fileOfUrl, modelCacheState, modelFileUrl, modelFiles, modelFolderUrl, type ModelCacheState } from './model-files.ts';
import type { ModelSource } from './model-source.ts';
import type { StorageNumbers } from './storage-space.ts';

/** transformers.js's `env.cacheKey`; the worker leaves it at the default. */
export const MODEL_CACHE_NAME = 'transformers-cache';

/** Null where the Cache API is missing or refused (an insecure origin, some private modes). */
async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    return await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null;
  }
}

/** config.json from the cache, parsed; undefined when it is not stored or not JSON. */
async function cachedConfig(cache: Cache, source: ModelSource): Promise<unknown> {
  const response = await cache.match(modelFileUrl(source, 'config.json'));
  if (!response) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** What a model is made of: Whisper's files for a pair of dtypes, or a fixed list (the speaker models). */
export type ModelFileSet = DtypePair | readonly string[];

/** The files of `set`; `config` (config.json, when stored) adds Whisper's external data chunks. */
const filesOf = (set: ModelFileSet, config: unknown): string[] => ('encoder' in set ? modelFiles(set, config) : [...set]);

export interface StoredModel {
  state: ModelCacheState;
  /** Every file this model needs for the file set asked about, relative to its folder. */
  files: string[];
  /** Bytes stored for the model, all dtypes together. */
  bytes: number;
}

/**
 * An unread body of a matched entry keeps the entry's data alive in Chromium until garbage collection, so a
 * delete would not free space (and `estimate()` would not drop) for a while; cancelling lets it go at once.
 */
const release = (response: Response | undefined): Promise<void> => response?.body?.cancel() ?? Promise.resolve();

async function has(cache: Cache, url: string): Promise<boolean> {
  const response = await cache.match(url);
  await release(response);
  return response !== undefined;
}

/** Size from the stored Content-Length, else from the body (a Blob read from disk, not into memory). */
async function entrySize(cache: Cache, request: Request): Promise<number> {
  const response = await cache.match(request);
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  if (!Number.isFinite(length) || length <= 0) return (await response.blob()).size;
  await release(response);
  return length;
}

/** What of the model is on this device: state for these files, and bytes over every dtype stored. */
export async function storedModel(source: ModelSource, set: ModelFileSet): Promise<StoredModel> {
  const cache = await openCache();
  if (!cache) return { state: 'not-downloaded', files: filesOf(set, undefined), bytes: 0 };
  const folder = modelFolderUrl(source);
  const files = filesOf(set, await cachedConfig(cache, source));
  const present = new Set<string>();
  let bytes = 0;
  for (const request of await cache.keys()) {
    const file = fileOfUrl(request.url, folder);
    if (file === undefined) continue;
    present.add(file);
    bytes += await entrySize(cache, request);
  }
  return { state: modelCacheState(files, present), files, bytes };
}

/** True when every file the worker will load for `set` is stored, so loading needs no network. */
export async function isModelAvailableOffline(source: ModelSource, set: ModelFileSet): Promise<boolean> {
  const cache = await openCache();
  if (!cache) return false;
  const files = filesOf(set, await cachedConfig(cache, source));
  for (const file of files) if (!(await has(cache, modelFileUrl(source, file)))) return false;
  return true;
}

/** Bytes still to fetch for these models: the size of each one whose files are not all stored. */
export async function bytesToDownload(models: readonly { source: ModelSource; files: readonly string[]; bytes: number }[]): Promise<number> {
  let bytes = 0;
  for (const model of models) if (!(await isModelAvailableOffline(model.source, model.files))) bytes += model.bytes;
  return bytes;
}

/** The sentence the app shows instead of a spinner when the model cannot load without a network. */
export const offlineModelMessage = (label: string): string =>
  `${label} is not downloaded and you are offline. Connect to the internet to download it, or choose a model you downloaded for offline use.`;

/**
 * For the engine, before it loads: the message to show when the browser is offline and the model is not fully
 * stored; null when loading can go ahead. Outside a browser (Node tests of the engine) there is nothing to check.
 */
export async function offlineModelProblem(
  source: ModelSource,
  set: ModelFileSet,
  online = typeof navigator === 'undefined' || navigator.onLine,
): Promise<string | null> {
  if (online || (await isModelAvailableOffline(source, set))) return null;
  return offlineModelMessage(source.label);
}

/** Removes every stored file of the model, whatever its dtype; returns how many entries went. */
export async function deleteStoredModel(source: ModelSource): Promise<number> {
  const cache = await openCache();
  if (!cache) return 0;
  const folder = modelFolderUrl(source);
  let deleted = 0;
  for (const request of await cache.keys()) {
    if (fileOfUrl(request.url, folder) !== undefined && (await cache.delete(request))) deleted++;
  }
  return deleted;
}

export async function storageEstimate(): Promise<StorageNumbers> {
  if (!navigator.storage?.estimate) return {};
  const { usage, quota } = await navigator.storage.estimate();
  return { usage, quota };
}

/**
 * Stores the model for offline use. The space check covers the whole list before any byte is stored; config.json
 * may then name external data files (large fp32/fp16 exports), which a second pass fetches (checked again).
 */
export async function downloadModel(source: ModelSource, set: ModelFileSet, options: DownloadOptions = {}): Promise<void> {
  const cache = await openCache();
  if (!cache) throw new Error('This browser does not let the site store files (Cache API unavailable), so models cannot be kept offline.');
  const deps = {
    fetch: (url: string, init: RequestInit) => fetch(url, { ...init, credentials: 'omit' }),
    cache: { has: (url: string) => has(cache, url), put: (url: string, response: Response) => cache.put(url, response) },
    estimate: storageEstimate,
  };
  const files = filesOf(set, await cachedConfig(cache, source));
  await downloadModelFiles(source, files, deps, options);
  const all = filesOf(set, await cachedConfig(cache, source));
  if (all.length !== files.length) await downloadModelFiles(source, all, deps, options);
}
