import type { Plugin } from 'vite';

/**
 * Puts the policy in every page as `<meta http-equiv="Content-Security-Policy">`, first in <head> so it covers
 * everything after it, for static hosts that cannot send headers. The service worker adds the same policy as a
 * header to what it serves (workers included, which a meta tag cannot reach); dev and preview send it too.
 */
export function cspMetaTag(policy: string): Plugin {
  return {
    name: 'whisper-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}
