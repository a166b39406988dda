/**
 * The coi-serviceworker idea in our own service worker: responses it serves carry COOP/COEP, so the page is
 * cross-origin isolated (SharedArrayBuffer, so multi-threaded WASM) even on static hosts that cannot set headers,
 * and on offline reloads. Headers the host already sent are kept (e.g. `credentialless`).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The same response with the isolation headers added where missing. Opaque responses (status 0) cannot be read or
 * rebuilt, and a response that already has both headers is returned as is, body untouched.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
