import { repoOf } from './catalogue.ts';

/** Where model files come from: transformers.js fetches `${host}${template with {model}}${file}`. */
export interface ModelSource {
  /** Model id as transformers.js sees it (last path segment for self-hosted folders). */
  id: string;
  host: string;
  pathTemplate: string;
  /**
   * What the user asked for, for messages: the hub id, the path or URL, or for a model from another host the
   * model's name and that host ("whisper-base from mirror.example"), so a copy is never passed off as the hub's.
   */
  label: string;
  /** The host (`mirror.example`, with a port where one is given) when it is neither this site nor the hub. */
  foreignHost: string | null;
}

const HUB = 'https://huggingface.co/';
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** Hub repo names: letters, digits, `-`, `_`, `.`, not starting with punctuation, and no `..` (it would climb paths). */
export const isHubId = (model: string): boolean => HUB_ID.test(model) && !model.includes('..');

/** The host of `url` when it is neither the page's origin nor the Hugging Face hub; null for those two. */
export function foreignHostOf(url: string, pageUrl: string): string | null {
  const { origin, host } = new URL(url, pageUrl);
  return origin === new URL(pageUrl).origin || origin === new URL(HUB).origin ? null : host;
}

/**
 * The foreign hosts (see foreignHostOf) of the models and mirrors a page's author named in markup or code: hub ids
 * have none, and a value that is not a URL is left for the load to name.
 */
export function authorHosts(urls: readonly (string | undefined)[], pageUrl: string): string[] {
  const hosts: string[] = [];
  for (const url of urls) {
    if (!url || isHubId(url)) continue;
    try {
      const host = foreignHostOf(url, pageUrl);
      if (host) hosts.push(host);
    } catch {
      // Not a URL: the load names the bad value.
    }
  }
  return hosts;
}

const lastSegment = (path: string): string => path.replace(/\/+$/, '').split('/').pop() ?? path;

/**
 * Where transformers.js should fetch a model from. A hub id comes from the Hugging Face hub, or from
 * `baseUrl/<id>/` when a self-hosted mirror is configured; an absolute URL or a same-origin path names the model
 * folder itself.
 */
export function resolveModelSource(model: string, pageUrl: string, baseUrl?: string): ModelSource {
  if (isHubId(model)) {
    // A catalogue model is named by its id but fetched from its repository (the export that can time words).
    const id = repoOf(model);
    if (!baseUrl) return { id, host: HUB, pathTemplate: '{model}/resolve/{revision}/', label: model, foreignHost: null };
    const base = new URL(baseUrl, pageUrl).href;
    const foreignHost = foreignHostOf(base, pageUrl);
    return {
      id,
      host: base.endsWith('/') ? base : `${base}/`,
      pathTemplate: '{model}/',
      label: foreignHost ? `${lastSegment(model)} from ${foreignHost}` : model,
      foreignHost,
    };
  }
  const url = new URL(model, pageUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const cut = path.lastIndexOf('/');
  const id = decodeURIComponent(path.slice(cut + 1));
  const foreignHost = foreignHostOf(url.href, pageUrl);
  return {
    id,
    host: `${url.origin}${path.slice(0, cut + 1)}`,
    pathTemplate: '{model}/',
    label: foreignHost ? `${id} from ${foreignHost}` : model,
    foreignHost,
  };
}
