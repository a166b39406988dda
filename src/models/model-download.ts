/**
 * Downloads a model's files into the cache transformers.js reads, so a later load works offline. Each file is
 * written only after its whole body has arrived (and matched its Content-Length), so an interrupted download leaves
 * whole files or nothing, never a truncated file; a retry fetches only what is missing. Fetch, cache and storage
 * estimate are injected, so this runs in Node tests with fakes.
 */
import { missingFiles, modelFileUrl } from './model-files.ts';
import type { ModelSource } from './model-source.ts';
import { checkSpace, formatBytes, type StorageNumbers } from './storage-space.ts';

/** The part of the Cache API this needs. */
export interface CacheLike {
  /** Whether a usable copy of `file` (model-relative) is stored under `url`; a damaged one is not. */
  has(url: string, file: string): Promise<boolean>;
  put(url: string, response: Response): Promise<void>;
}

export interface DownloadDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  cache: CacheLike;
  estimate: () => Promise<StorageNumbers>;
}

export interface DownloadProgress {
  /** Bytes of this download stored or streaming so far (files already cached do not count). */
  loadedBytes: number;
  /** Bytes this download fetches in all; null while not known. */
  totalBytes: number | null;
  file: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** What the catalogue says the model weighs, used when the server does not give sizes up front. */
  fallbackBytes?: number | null;
}

/** A file could not be fetched whole; the message names the file, the model and the reason. */
export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError';
}

/** The model does not fit in what this site may still store. */
export class NotEnoughSpaceError extends Error {
  override name = 'NotEnoughSpaceError';
}

/** Sizes from HEAD requests (cheap, and exact for the space check); null where the server does not say. */
async function headSizes(urls: string[], deps: DownloadDeps, signal?: AbortSignal): Promise<(number | null)[]> {
  return Promise.all(
    urls.map(async (url) => {
      try {
        const response = await deps.fetch(url, { method: 'HEAD', signal });
        const length = Number(response.headers.get('content-length'));
        return response.ok && Number.isFinite(length) && length > 0 ? length : null;
      } catch (error) {
        if (signal?.aborted) throw error;
        return null;
      }
    }),
  );
}

/** Reads the body to the end, reporting bytes as they arrive; throws if the stream breaks off. */
async function readWhole(response: Response, onBytes: (n: number) => void): Promise<Blob> {
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value as Uint8Array<ArrayBuffer>);
    onBytes(value.byteLength);
  }
  return new Blob(parts);
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Fetches every file of `files` that the cache lacks. Resolves when all are stored; rejects with
 * NotEnoughSpaceError before fetching anything when the model cannot fit, with ModelDownloadError when a file
 * fails, and with the signal's reason when aborted. Files stored before a failure stay, and count on a retry.
 */
export async function downloadModelFiles(
  source: ModelSource,
  files: readonly string[],
  deps: DownloadDeps,
  options: DownloadOptions = {},
): Promise<void> {
  const { signal, onProgress } = options;
  const present = new Set<string>();
  for (const file of files) if (await deps.cache.has(modelFileUrl(source, file), file)) present.add(file);
  const todo = missingFiles(files, present);
  if (todo.length === 0) return;

  const sizes = await headSizes(todo.map((f) => modelFileUrl(source, f)), deps, signal);
  const known = sizes.every((s) => s !== null);
  const totalBytes = known ? sizes.reduce<number>((sum, s) => sum + (s ?? 0), 0) : (options.fallbackBytes ?? null);
  const space = checkSpace(source.label, totalBytes, await deps.estimate());
  if (!space.ok) throw new NotEnoughSpaceError(space.message);

  let loadedBytes = 0;
  for (const file of todo) {
    signal?.throwIfAborted();
    const url = modelFileUrl(source, file);
    let response: Response;
    try {
      response = await deps.fetch(url, { signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new ModelDownloadError(`Could not download ${file} of ${source.label} from ${url} (${reasonOf(error)}).`);
    }
    if (!response.ok) throw new ModelDownloadError(`Could not download ${file} of ${source.label} from ${url} (HTTP ${response.status}).`);

    // A Content-Length alone tells whether one file fits, where HEAD gave nothing up front.
    const length = Number(response.headers.get('content-length'));
    const encoded = response.headers.has('content-encoding');
    if (!known && Number.isFinite(length) && length > 0) {
      const fits = checkSpace(`${file} of ${source.label}`, length, await deps.estimate());
      if (!fits.ok) throw new NotEnoughSpaceError(fits.message);
    }

    let body: Blob;
    try {
      body = await readWhole(response, (n) => {
        loadedBytes += n;
        onProgress?.({ loadedBytes, totalBytes, file });
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new ModelDownloadError(`The download of ${file} of ${source.label} broke off (${reasonOf(error)}); try again to resume.`);
    }
    // Compressed bodies are decoded by fetch, so their length differs from the header; only plain bodies compare.
    if (!encoded && Number.isFinite(length) && length > 0 && body.size !== length) {
      throw new ModelDownloadError(`${file} of ${source.label} arrived incomplete (${formatBytes(body.size)} of ${formatBytes(length)}); try again.`);
    }
    signal?.throwIfAborted();
    const headers = new Headers(response.headers);
    // transformers.js reads the stored length for its progress; the browser may drop it from a stored response.
    headers.set('content-length', String(body.size));
    headers.delete('content-encoding');
    await deps.cache.put(url, new Response(body, { status: 200, statusText: 'OK', headers }));
  }
  onProgress?.({ loadedBytes, totalBytes: totalBytes ?? loadedBytes, file: todo.at(-1) ?? '' });
}
