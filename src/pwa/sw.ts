/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js). It precaches the app shell, the
 * workers, ONNX Runtime's wasm and any bundled ONNX model (the Silero VAD), so a reload without network opens the
 * app; model weights stay in transformers.js's own cache. A new version waits until the page asks it to take over
 * (the "Reload" of <wr-update-prompt>), so nothing running in an open tab is cut off.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { appNavigation } from './app-navigation.ts';
import { withIsolationHeaders } from './isolation-headers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

// Added before the routes so every precached response (index.html, scripts, workers) leaves with COOP/COEP.
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// A navigation to the app, whatever its ?model=… query, is the one-page app (see app-navigation.ts).
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [appNavigation(self.registration.scope)] }));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes the open page at once (nothing older to conflict with), so it works offline without a
// reload; an update only activates after SKIP_WAITING, so this never swaps a version under a running tab.
clientsClaim();
