/** Where model files come from: transformers.js fetches `${host}${template with {model}}${file}`. */
export interface ModelSource {
  /** Model id as transformers.js sees it (last path segment for self-hosted folders). */
  id: string;
  host: string;
  pathTemplate: string;
  /** What the user asked for, for messages. */
  label: string;
}

const HUB = 'https://huggingface.co/';
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** Hub repo names: letters, digits, `-`, `_`, `.`, not starting with punctuation, and no `..` (it would climb paths). */
export const isHubId = (model: string): boolean => HUB_ID.test(model) && !model.includes('..');

/**
 * Where transformers.js should fetch a model from. A hub id comes from the Hugging Face hub, or from
 * `baseUrl/<id>/` when a self-hosted mirror is configured; an absolute URL or a same-origin path names the model
 * folder itself.
 */
export function resolveModelSource(model: string, pageUrl: string, baseUrl?: string): ModelSource {
  if (isHubId(model)) {
    if (!baseUrl) return { id: model, host: HUB, pathTemplate: '{model}/resolve/{revision}/', label: model };
    const base = new URL(baseUrl, pageUrl).href;
    return { id: model, host: base.endsWith('/') ? base : `${base}/`, pathTemplate: '{model}/', label: model };
  }
  const url = new URL(model, pageUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const cut = path.lastIndexOf('/');
  return {
    id: decodeURIComponent(path.slice(cut + 1)),
    host: `${url.origin}${path.slice(0, cut + 1)}`,
    pathTemplate: '{model}/',
    label: model,
  };
}
