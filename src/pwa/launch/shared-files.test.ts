import { describe, expect, it } from 'vitest';
import { storeSharedFiles, takeSharedFiles } from './shared-files.ts';

/** CacheStorage over Maps: what the service worker and the page share in the browser. */
function memoryCaches(): CacheStorage & { entries: (name: string) => string[] } {
  const stores = new Map<string, Map<string, Response>>();
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    const key = (r: RequestInfo | URL) => (r instanceof Request ? r.url : String(r));
    return {
      put: async (r: RequestInfo | URL, response: Response) => void store.set(key(r), response),
      match: async (r: RequestInfo | URL) => store.get(key(r))?.clone(),
      delete: async (r: RequestInfo | URL) => store.delete(key(r)),
    } as unknown as Cache;
  };
  return { open, entries: (name: string) => [...(stores.get(name)?.keys() ?? [])] } as unknown as CacheStorage & { entries: (name: string) => string[] };
}

const SCOPE = 'https://app.example/sub/path/';

describe('shared files', () => {
  it('hands the files over whole, in order, with names, types and dates, then forgets them', async () => {
    const caches = memoryCaches();
    const files = [new File([new Uint8Array([1, 2, 3])], 'mé et toi.wav', { type: 'audio/wav', lastModified: 1000 }), new File(['abc'], 'clip.mp4', { type: 'video/mp4', lastModified: 2000 })];
    const id = await storeSharedFiles(caches, SCOPE, files, 'share-1');
    expect(id).toBe('share-1');
    expect(caches.entries('whisper-shared-files').every((url) => url.startsWith(SCOPE))).toBe(true);

    const taken = await takeSharedFiles(caches, SCOPE, id);
    expect(taken.map((f) => [f.name, f.type, f.lastModified, f.size])).toEqual([
      ['mé et toi.wav', 'audio/wav', 1000, 3],
      ['clip.mp4', 'video/mp4', 2000, 3],
    ]);
    expect([...new Uint8Array(await taken[0]!.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(caches.entries('whisper-shared-files')).toEqual([]);
    expect(await takeSharedFiles(caches, SCOPE, id)).toEqual([]);
  });

  it('keeps shares apart, and gives nothing for an unknown or malformed id', async () => {
    const caches = memoryCaches();
    await storeSharedFiles(caches, SCOPE, [new File(['a'], 'a.wav')], 'one');
    await storeSharedFiles(caches, SCOPE, [new File(['b'], 'b.wav')], 'two');
    expect((await takeSharedFiles(caches, SCOPE, 'two')).map((f) => f.name)).toEqual(['b.wav']);
    expect(await takeSharedFiles(caches, SCOPE, 'three')).toEqual([]);
    expect(await takeSharedFiles(caches, SCOPE, '../one')).toEqual([]);
    expect((await takeSharedFiles(caches, SCOPE, 'one')).map((f) => [f.name, f.type])).toEqual([['a.wav', '']]);
  });
});
