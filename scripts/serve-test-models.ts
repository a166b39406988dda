import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves generated test models at /test-models/ from the folder named by WHISPER_TEST_MODELS, for the dev and
 * preview servers the end-to-end tests and benchmarks run. Without the variable it does nothing, so production
 * builds never carry it.
 */
export function serveTestModels(): Plugin {
  const root = process.env.WHISPER_TEST_MODELS ? resolve(process.env.WHISPER_TEST_MODELS) : null;
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    if (!root || !req.url?.startsWith('/test-models/')) return next();
    const path = normalize(join(root, decodeURIComponent(req.url.slice('/test-models/'.length).split('?')[0]!)));
    if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Length', statSync(path).size);
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    createReadStream(path).pipe(res);
  };
  return {
    name: 'whisper-serve-test-models',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
