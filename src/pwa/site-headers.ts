/**
 * Headers the service worker adds to what it serves. The coi-serviceworker idea: with COOP/COEP the page is
 * cross-origin isolated (SharedArrayBuffer, so multi-threaded WASM) even on static hosts that cannot set headers,
 * and on offline reloads. The site's Content-Security-Policy travels the same way, so the workers get it too (a
 * `<meta>` policy covers only the page). Headers the host already sent are kept (e.g. `credentialless`).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The same response with `headers` added where missing. Opaque responses (status 0) cannot be read or rebuilt, and
 * a response that already has every header is returned as is, body untouched.
 */
export function withMissingHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of missing) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
