/**
 * Files shared to the installed app travel from the service worker (which receives the share target's POST) to the
 * page (which queues them) through a Cache API cache of their own, one entry per file under the share's id: the
 * page may load long after the POST, offline, and a Response carries a File's bytes and type whole. Both sides take
 * the `CacheStorage` as an argument, so the hand-over is tested in Node.
 */

const CACHE = 'whisper-shared-files';
const NAME_HEADER = 'x-whisper-file-name';
const MODIFIED_HEADER = 'x-whisper-last-modified';

const entryUrl = (scope: string, id: string, index: number): string => new URL(`__shared/${id}/${index}`, scope).href;

/** Stores `files` under a fresh id (returned) below the service worker's `scope`. */
export async function storeSharedFiles(caches: CacheStorage, scope: string, files: readonly File[], id: string = crypto.randomUUID()): Promise<string> {
  const cache = await caches.open(CACHE);
  await Promise.all(
    files.map((file, index) =>
      cache.put(
        entryUrl(scope, id, index),
        new Response(file, {
          headers: { 'content-type': file.type || 'application/octet-stream', [NAME_HEADER]: encodeURIComponent(file.name), [MODIFIED_HEADER]: String(file.lastModified) },
        }),
      ),
    ),
  );
  return id;
}

/** The files of share `id`, in the order they were shared, removed from storage; none if the id is unknown. */
export async function takeSharedFiles(caches: CacheStorage, scope: string, id: string): Promise<File[]> {
  if (!/^[\w-]+$/.test(id)) return [];
  const cache = await caches.open(CACHE);
  const files: File[] = [];
  for (let index = 0; ; index++) {
    const url = entryUrl(scope, id, index);
    const response = await cache.match(url);
    if (!response) break;
    const name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? `shared-${index + 1}`);
    const type = response.headers.get('content-type') ?? '';
    files.push(new File([await response.blob()], name, { type: type === 'application/octet-stream' ? '' : type, lastModified: Number(response.headers.get(MODIFIED_HEADER)) || Date.now() }));
    await cache.delete(url);
  }
  return files;
}
