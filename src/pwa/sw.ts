/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js). It precaches the app shell, the
 * workers, ONNX Runtime's wasm and any bundled ONNX model (the Silero VAD), so a reload without network opens the
 * app; model weights stay in transformers.js's own cache. A new version waits until the page asks it to take over
 * (the "Reload" of <wr-update-prompt>), so nothing running in an open tab is cut off. It also receives files shared
 * to the installed app (the manifest's share_target).
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { appNavigation } from './app-navigation.ts';
import { SHARED_PARAM, SHARE_ACTION, SHARE_FIELD } from './launch/media-types.ts';
import { storeSharedFiles } from './launch/shared-files.ts';
import { ISOLATION_HEADERS, withMissingHeaders } from './site-headers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };
/** The site's Content-Security-Policy, from the build (vite.config.ts `define`). */
declare const __WHISPER_CSP__: string;

const SITE_HEADERS = { ...ISOLATION_HEADERS, 'Content-Security-Policy': __WHISPER_CSP__ };

// Added before the routes so every precached response (index.html, scripts, workers) leaves with COOP/COEP and the
// policy, which a <meta> tag cannot give the workers.
addPlugins([{ handlerWillRespond: async ({ response }) => withMissingHeaders(response, SITE_HEADERS) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// A navigation to the app, whatever its ?model=… query, is the one-page app (see app-navigation.ts).
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [appNavigation(self.registration.scope)] }));

// A share: keep the files (the page may open offline, or later), then open the app, which queues them (303: the
// browser follows with a GET, so a reload does not post the files again). A query on the share URL (?model=…)
// carries over to the app, so a share target can preset settings like any link.
registerRoute(
  ({ url }) => `${url.origin}${url.pathname}` === new URL(SHARE_ACTION, self.registration.scope).href,
  async ({ request, url }) => {
    const form = await request.formData();
    const files = form.getAll(SHARE_FIELD).filter((value): value is File => value instanceof File && value.size > 0);
    const app = new URL(`./${url.search}`, self.registration.scope);
    if (files.length > 0) app.searchParams.set(SHARED_PARAM, await storeSharedFiles(caches, self.registration.scope, files));
    return Response.redirect(app.href, 303);
  },
  'POST',
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes the open page at once (nothing older to conflict with), so it works offline without a
// reload; an update only activates after SKIP_WAITING, so this never swaps a version under a running tab.
clientsClaim();
