/**
 * The browser side of model storage: the Cache API cache transformers.js reads (`transformers-cache`, keyed by
 * file URL) and `navigator.storage`. Thin on purpose; the rules live in model-files.ts, file-check.ts and
 * model-download.ts. A file counts as stored only when file-check.ts finds it whole and well formed, here, in the
 * model manager, in the offline check and before every load alike.
 */
import { storedFileProblem, type DamagedFile, type StoredFile } from './file-check.ts';
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

/** What a model is made of: Whisper's dtypes (its files follow from them), or the files themselves. */
export type ModelFileSet = DtypePair | readonly string[];

/** The files of `set`; `config` (config.json, when stored) adds Whisper's external data chunks. */
const filesOf = (set: ModelFileSet, config: unknown): string[] => ('encoder' in set ? modelFiles(set, config) : [...set]);

export interface StoredModel {
  state: ModelCacheState;
  /** Every file this model needs for these dtypes, relative to its folder. */
  files: string[];
  /** Bytes stored for the model, all dtypes together. */
  bytes: number;
  /** Files of these dtypes that are stored but unusable; they count as missing. */
  damaged: DamagedFile[];
}

/**
 * An unread body of a matched entry keeps the entry's data alive in Chromium until garbage collection, so a
 * delete would not free space (and `estimate()` would not drop) for a while; cancelling lets it go at once.
 */
const release = (response: Response | undefined): Promise<void> => response?.body?.cancel() ?? Promise.resolve();

/**
 * A matched entry as file-check.ts reads it: its first bytes from the body stream, and the rest let go at once.
 * (A Blob of the body would keep the entry's data alive until garbage collection, as an unread body does.)
 */
function storedFile(response: Response): StoredFile {
  const header = response.headers.get('content-length');
  const length = header === null || header.trim() === '' ? NaN : Number(header);
  // A compressed body is stored decoded, so its length differs from the header; only plain bodies compare.
  const declaredSize = response.headers.has('content-encoding') || !Number.isInteger(length) || length < 0 ? null : length;
  return {
    declaredSize,
    read: async (bytes) => {
      const reader = response.body?.getReader();
      if (!reader) return { bytes: new Uint8Array(await response.arrayBuffer()), whole: true };
      const parts: Uint8Array[] = [];
      let read = 0;
      while (read < bytes) {
        const { done, value } = await reader.read();
        if (done) return { bytes: joined(parts, read), whole: true };
        parts.push(value);
        read += value.byteLength;
      }
      await reader.cancel();
      return { bytes: joined(parts, read), whole: false };
    },
  };
}

function joined(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

type EntryCheck = { state: 'missing' } | { state: 'sound'; bytes: number } | { state: 'damaged'; problem: string };

async function checkEntry(cache: Cache, url: string, file: string): Promise<EntryCheck> {
  const response = await cache.match(url);
  if (!response) return { state: 'missing' };
  const stored = storedFile(response);
  try {
    const problem = await storedFileProblem(file, stored);
    return problem === null ? { state: 'sound', bytes: stored.declaredSize ?? 0 } : { state: 'damaged', problem };
  } finally {
    // What was not read (external data; the rest of an ONNX file was cancelled already) goes now.
    if (response.body && !response.body.locked) await response.body.cancel();
  }
}

/** Stored, whole and well formed: what the download skips and what a load may rely on. */
async function hasSound(cache: Cache, url: string, file: string): Promise<boolean> {
  return (await checkEntry(cache, url, file)).state === 'sound';
}

/** What is stored of the files one model needs for one pair of dtypes. */
export interface ModelInspection {
  /** Every file the worker will load, relative to the model folder. */
  files: string[];
  /** Files stored whole and well formed, with their sizes. */
  sound: Map<string, number>;
  damaged: DamagedFile[];
}

/**
 * Checks every file the model needs for these dtypes (sizes, first bytes, ONNX framing; JSON parsed). Null where
 * the browser has no Cache API, so nothing is stored and nothing can be checked.
 */
export async function inspectStoredModel(source: ModelSource, set: ModelFileSet): Promise<ModelInspection | null> {
  const cache = await openCache();
  if (!cache) return null;
  const files = filesOf(set, await cachedConfig(cache, source));
  const sound = new Map<string, number>();
  const damaged: DamagedFile[] = [];
  for (const file of files) {
    const check = await checkEntry(cache, modelFileUrl(source, file), file);
    if (check.state === 'sound') sound.set(file, check.bytes);
    else if (check.state === 'damaged') damaged.push({ file, problem: check.problem });
  }
  return { files, sound, damaged };
}

/** Deletes these files of the model from the cache, so the next load fetches them again. */
export async function removeStoredFiles(source: ModelSource, files: readonly string[]): Promise<void> {
  const cache = await openCache();
  if (!cache) return;
  for (const file of files) await cache.delete(modelFileUrl(source, file));
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
  const inspection = await inspectStoredModel(source, set);
  if (!cache || !inspection) return { state: 'not-downloaded', files: filesOf(set, undefined), bytes: 0, damaged: [] };
  const folder = modelFolderUrl(source);
  let bytes = 0;
  for (const request of await cache.keys()) {
    if (fileOfUrl(request.url, folder) !== undefined) bytes += await entrySize(cache, request);
  }
  const { files, sound, damaged } = inspection;
  return { state: modelCacheState(files, new Set(sound.keys())), files, bytes, damaged };
}

/** True when every file the worker will load for these files is stored and sound, so loading needs no network. */
export async function isModelAvailableOffline(source: ModelSource, set: ModelFileSet): Promise<boolean> {
  const inspection = await inspectStoredModel(source, set);
  return inspection !== null && inspection.files.every((f) => inspection.sound.has(f));
}

/** Bytes still to fetch for these models: the size of each one whose files are not all stored and sound. */
export async function bytesToDownload(models: readonly { source: ModelSource; files: readonly string[]; bytes: number }[]): Promise<number> {
  let bytes = 0;
  for (const model of models) if (!(await isModelAvailableOffline(model.source, model.files))) bytes += model.bytes;
  return bytes;
}

/** The sentence the app shows instead of a spinner when the model cannot load without a network. */
export const offlineModelMessage = (label: string): string =>
  `${label} is not downloaded and you are offline. Connect to the internet to download it, or choose a model you downloaded for offline use.`;

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
    // A damaged entry counts as missing, so it is fetched again and the new file replaces it.
    cache: { has: (url: string, file: string) => hasSound(cache, url, file), put: (url: string, response: Response) => cache.put(url, response) },
    estimate: storageEstimate,
  };
  const files = filesOf(set, await cachedConfig(cache, source));
  await downloadModelFiles(source, files, deps, options);
  const all = filesOf(set, await cachedConfig(cache, source));
  if (all.length !== files.length) await downloadModelFiles(source, all, deps, options);
}
