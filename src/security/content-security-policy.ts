/**
 * The site's Content Security Policy. Its point is `connect-src`: the page and its workers may fetch only from the
 * site itself and from the model hosts, so no code path (ours, a dependency's, an injected one) can send audio or
 * text anywhere else. Pure, so the build (Vite config), the service worker and the tests share one definition.
 */

/**
 * The Hugging Face hub: huggingface.co answers `/resolve/` with a redirect to a CDN host, and CSP checks every hop.
 * LFS files come from cdn-lfs*.huggingface.co or cdn-lfs*.hf.co, Xet-stored files from cas-bridge.xethub.hf.co or a
 * regional *.cdn.hf.co host; Hugging Face has moved between these before, so the policy allows its two domains.
 */
export const HUB_HOSTS: readonly string[] = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

export class ModelHostError extends Error {
  override name = 'ModelHostError';
}

/**
 * Model hosts beyond the hub, for a build that points `?model=` or `model-base-url` at a server of its own:
 * origins (`https://models.example.com`, `https://*.example.com`, `http://localhost:8080`) separated by spaces or
 * commas, as WHISPER_MODEL_HOSTS gives them. Anything else throws, since it would widen the policy silently.
 */
export function parseModelHosts(value: string | undefined): string[] {
  const hosts = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const host of hosts) {
    if (!/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host)) {
      throw new ModelHostError(`WHISPER_MODEL_HOSTS: "${host}" is not an origin such as https://models.example.com (scheme, host, optional port; no path).`);
    }
  }
  return hosts;
}

/**
 * The policy, one line, valid both as a header and in `<meta http-equiv>` (so no frame-ancestors or report-uri).
 * - ONNX Runtime compiles WebAssembly: `'wasm-unsafe-eval'`, and no other eval.
 * - Workers are the site's own scripts, or Blob modules where the element is embedded from another origin.
 * - `blob:` and `data:` stay on the device: playback of the user's own file, the page's own objects.
 * - Styles: Lit's are constructed style sheets; inline styles are allowed, since styles cannot send requests past
 *   img-src and font-src, which stay on the site.
 */
export function contentSecurityPolicy(modelHosts: readonly string[] = []): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...HUB_HOSTS, ...modelHosts, 'blob:', 'data:'],
    'img-src': ["'self'", 'blob:', 'data:'],
    'media-src': ["'self'", 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Whether `policy` lets the page fetch `url` (CSP's connect-src, else default-src): `'self'`, `*`, schemes
 * (`https:`) and host sources with an optional scheme, a `*.` wildcard and a port. Paths in sources are ignored,
 * so the answer errs toward allowing; the browser has the last word. Used to refuse, with a reason, a model host
 * the page's policy would block, instead of a bare "Failed to fetch".
 */
export function allowsConnect(policy: string, url: string, pageUrl: string): boolean {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!.toLowerCase(), sources] as const),
  );
  const sources = directives.get('connect-src') ?? directives.get('default-src');
  if (!sources) return true;
  const target = new URL(url, pageUrl);
  const page = new URL(pageUrl);
  return sources.some((source) => matches(source, target, page));
}

function matches(source: string, target: URL, page: URL): boolean {
  if (source === "'self'") return target.origin === page.origin;
  if (source === '*') return /^(https?|wss?):$/.test(target.protocol);
  if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) return target.protocol === source.toLowerCase();
  const parsed = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?/i.exec(source);
  if (!parsed || source.startsWith("'")) return false;
  const [, scheme, wildcard, host, port] = parsed;
  if (scheme ? `${scheme.toLowerCase()}:` !== target.protocol : !['http:', 'https:'].includes(target.protocol)) return false;
  const hostname = target.hostname.toLowerCase();
  const name = host!.toLowerCase();
  if (wildcard ? !hostname.endsWith(`.${name}`) : hostname !== name) return false;
  const defaultPort = target.protocol === 'https:' ? '443' : '80';
  return port === '*' || (port ?? defaultPort) === (target.port || defaultPort);
}

/** The policy this document gives itself in `<meta http-equiv>`, where it has one (the site does; see vite-csp.ts). */
export function documentPolicy(): string | null {
  if (typeof document === 'undefined') return null;
  return document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? null;
}
