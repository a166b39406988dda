import { describe, expect, it } from 'vitest';
import { resolveModelSource } from './model-source.ts';
import { ModelDownloadError, NotEnoughSpaceError, downloadModelFiles, type CacheLike, type DownloadDeps, type DownloadProgress } from './model-download.ts';
import { modelFileUrl } from './model-files.ts';
import type { StorageNumbers } from './storage-space.ts';

const source = resolveModelSource('/test-models/tiny', 'http://localhost:4173/');
const FILES = ['config.json', 'onnx/encoder_model.onnx'];
const url = (file: string) => modelFileUrl(source, file);

class FakeCache implements CacheLike {
  readonly entries = new Map<string, Blob>();
  async has(key: string) {
    return this.entries.has(key);
  }
  async put(key: string, response: Response) {
    this.entries.set(key, await response.blob());
  }
}

/** A body that sends `bytes` in `chunk`-sized pieces, then fails when `breakAfter` bytes have gone. */
function body(bytes: number, chunk: number, breakAfter = Infinity): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= breakAfter) return controller.error(new TypeError('network error'));
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk, bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
}

interface ServerFile {
  size: number;
  breakAfter?: number;
  status?: number;
  /** Claimed length, when it differs from what is sent. */
  length?: number;
}

function deps(files: Record<string, ServerFile>, estimate: StorageNumbers = { usage: 0, quota: 1e9 }, cache = new FakeCache()) {
  const requests: string[] = [];
  const d: DownloadDeps & { cache: FakeCache } = {
    cache,
    estimate: async () => estimate,
    fetch: async (u, init) => {
      requests.push(`${init.method ?? 'GET'} ${u}`);
      init.signal?.throwIfAborted();
      const file = Object.entries(files).find(([name]) => url(name) === u)?.[1];
      if (!file) return new Response('not found', { status: 404 });
      const headers = { 'content-length': String(file.length ?? file.size) };
      if (init.method === 'HEAD') return new Response(null, { status: file.status ?? 200, headers });
      return new Response(body(file.size, 1000, file.breakAfter), { status: file.status ?? 200, headers });
    },
  };
  return { d, requests };
}

describe('downloadModelFiles', () => {
  it('stores every file whole, with progress against the total from HEAD', async () => {
    const { d } = deps({ 'config.json': { size: 500 }, 'onnx/encoder_model.onnx': { size: 4500 } });
    const progress: DownloadProgress[] = [];
    await downloadModelFiles(source, FILES, d, { onProgress: (p) => progress.push(p) });
    expect(d.cache.entries.get(url('onnx/encoder_model.onnx'))?.size).toBe(4500);
    expect(progress.every((p) => p.totalBytes === 5000)).toBe(true);
    expect(progress.at(-1)?.loadedBytes).toBe(5000);
    expect(progress.map((p) => p.loadedBytes)).toEqual([...progress.map((p) => p.loadedBytes)].sort((a, b) => a - b));
  });

  it('leaves no entry for a file whose body breaks off, keeps the whole ones, and resumes on retry', async () => {
    const server = { 'config.json': { size: 500 }, 'onnx/encoder_model.onnx': { size: 4500, breakAfter: 2000 } };
    const { d } = deps(server);
    await expect(downloadModelFiles(source, FILES, d)).rejects.toThrow(ModelDownloadError);
    expect([...d.cache.entries.keys()]).toEqual([url('config.json')]);

    delete (server['onnx/encoder_model.onnx'] as ServerFile).breakAfter;
    const retry = deps(server, undefined, d.cache);
    await downloadModelFiles(source, FILES, retry.d);
    expect(retry.requests.filter((r) => r.startsWith('GET'))).toEqual([`GET ${url('onnx/encoder_model.onnx')}`]);
    expect(d.cache.entries.get(url('onnx/encoder_model.onnx'))?.size).toBe(4500);
  });

  it('refuses a body shorter than its Content-Length', async () => {
    const { d } = deps({ 'config.json': { size: 500 }, 'onnx/encoder_model.onnx': { size: 3000, length: 4500 } });
    await expect(downloadModelFiles(source, FILES, d)).rejects.toThrow(/arrived incomplete/);
    expect(d.cache.entries.has(url('onnx/encoder_model.onnx'))).toBe(false);
  });

  it('refuses before fetching anything when the model does not fit', async () => {
    const { d, requests } = deps({ 'config.json': { size: 500 }, 'onnx/encoder_model.onnx': { size: 4500 } }, { usage: 9000, quota: 10_000 });
    const error = await downloadModelFiles(source, FILES, d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughSpaceError);
    expect((error as Error).message).toMatch(/needs 5 kB but only 1 kB is free/);
    expect(requests.every((r) => r.startsWith('HEAD'))).toBe(true);
    expect(d.cache.entries.size).toBe(0);
  });

  it('uses the catalogue size when HEAD says nothing', async () => {
    const { d } = deps({ 'config.json': { size: 500 } }, { usage: 0, quota: 1000 });
    d.fetch = async (_u, init) => (init.method === 'HEAD' ? new Response(null, { status: 405 }) : new Response(new Uint8Array(500)));
    await expect(downloadModelFiles(source, ['config.json'], d, { fallbackBytes: 2000 })).rejects.toThrow(NotEnoughSpaceError);
    await downloadModelFiles(source, ['config.json'], d, { fallbackBytes: 600 });
    expect(d.cache.entries.size).toBe(1);
  });

  it('names the file, the model and the status when the server refuses', async () => {
    const { d } = deps({ 'config.json': { size: 500, status: 403 } });
    await expect(downloadModelFiles(source, ['config.json'], d)).rejects.toThrow(
      'Could not download config.json of /test-models/tiny from http://localhost:4173/test-models/tiny/config.json (HTTP 403).',
    );
  });

  it('stops on abort without storing the file in flight', async () => {
    const { d } = deps({ 'config.json': { size: 500 }, 'onnx/encoder_model.onnx': { size: 4500 } });
    const abort = new AbortController();
    const run = downloadModelFiles(source, FILES, d, {
      signal: abort.signal,
      onProgress: (p) => p.file === 'onnx/encoder_model.onnx' && abort.abort(new DOMException('Cancelled', 'AbortError')),
    });
    await expect(run).rejects.toThrow('Cancelled');
    expect(d.cache.entries.has(url('onnx/encoder_model.onnx'))).toBe(false);
  });

  it('does nothing when everything is stored', async () => {
    const { d, requests } = deps({ 'config.json': { size: 500 } });
    await d.cache.put(url('config.json'), new Response('{}'));
    await downloadModelFiles(source, ['config.json'], d);
    expect(requests).toEqual([]);
  });
});
