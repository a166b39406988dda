/**
 * Starts this script's module workers wherever the script was loaded from. A browser starts a worker only from a
 * script on the page's own origin, so where whisper-recorder.js comes from another origin (a CDN, another site) the
 * worker starts from a one-line same-origin Blob module that imports the real worker script. That import is a CORS
 * request, which is why the script's host must send `Access-Control-Allow-Origin`. On the page's own origin it is a
 * plain `new Worker(url)`, so nothing changes for the site itself.
 *
 * Worker scripts come in as `?worker&url` imports (Vite bundles them and hands back the built URL), and resolve
 * against this module, never against the page.
 */

export type WorkerStart =
  | { kind: 'direct'; url: string }
  /** `source` is the module to run from a Blob URL; it imports `url`. */
  | { kind: 'shim'; url: string; source: string };

/**
 * How to start the worker at `scriptUrl`, resolved against `moduleUrl` (this bundle's own URL), from a page on
 * `pageOrigin`.
 */
export function planWorkerStart(scriptUrl: string, moduleUrl: string, pageOrigin: string): WorkerStart {
  const url = new URL(scriptUrl, moduleUrl);
  if (url.origin === pageOrigin) return { kind: 'direct', url: url.href };
  // A static import, not `await import()`: the worker then dispatches no message before the real script has
  // evaluated and listens (with top-level await, messages sent meanwhile would be lost).
  return { kind: 'shim', url: url.href, source: `import ${JSON.stringify(url.href)};\n` };
}

/**
 * Whether this script's workers start on the page's origin. ONNX Runtime starts its threads as workers from its own
 * script's URL, which works only there: through the shim, Whisper runs on one thread even where the page is
 * cross-origin isolated.
 */
export const workersOnPageOrigin = (): boolean => new URL(import.meta.url).origin === location.origin;

/** Starts the module worker whose built URL is `scriptUrl` (a `?worker&url` import); `name` shows in dev tools. */
export function startWorker(scriptUrl: string, name: string): Worker {
  const plan = planWorkerStart(scriptUrl, import.meta.url, location.origin);
  if (plan.kind === 'direct') return new Worker(plan.url, { type: 'module', name });
  const shim = URL.createObjectURL(new Blob([plan.source], { type: 'text/javascript' }));
  const worker = new Worker(shim, { type: 'module', name });
  // Kept until the worker has surely loaded it (its first message, or its failure): the spec resolves a Blob URL
  // in the constructor, but not every engine has always done so.
  const revoke = () => URL.revokeObjectURL(shim);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}
