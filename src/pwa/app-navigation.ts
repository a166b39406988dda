/**
 * Which navigations the service worker answers with the precached app page: the scope's root or its index.html,
 * with any query (`?model=…&device=…`). Other paths (the embedding example, anything unknown) are left to the
 * precache by name or to the network, so the app never masks a real page.
 */
export function appNavigation(scopeUrl: string): RegExp {
  const path = new URL(scopeUrl).pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${path}(index\\.html)?(\\?.*)?$`);
}
