import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticSite {
  /** URL path prefix (`/sub/path/`) → folder on disk, or → a page's HTML. The longest matching prefix wins. */
  mounts: Record<string, string | { html: string }>;
  /** Headers for every response, as a host would configure them. */
  headers?: OutgoingHttpHeaders;
}

/**
 * A plain static host for the tests: files by path, nothing rewritten, no SPA fallback, no headers beyond the ones
 * given (so it behaves like GitHub Pages or a CDN, not like `vite preview`). `/dir/` serves `/dir/index.html`.
 */
export async function serveStatic(port: number, site: StaticSite): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const prefixes = Object.keys(site.mounts).sort((a, b) => b.length - a.length);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const mount = prefix === undefined ? undefined : site.mounts[prefix];
    const send = (status: number, headers: OutgoingHttpHeaders) => res.writeHead(status, { ...site.headers, ...headers });
    if (mount === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      send(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    if (typeof mount === 'object') {
      send(200, { 'content-type': TYPES['.html'] });
      return void res.end(mount.html);
    }
    const root = resolve(mount);
    let file = normalize(join(root, path.slice(prefix!.length)));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      send(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    send(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done, fail) => server.once('error', fail).listen(port, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${port}`,
    /** `METHOD /path?query` of every request received, in order. */
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // The browser keeps connections alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
