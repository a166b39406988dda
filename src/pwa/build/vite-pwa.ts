/**
 * Build-time (Node) half of the PWA: the web app manifest, the service worker build (Workbox injectManifest from
 * src/pwa/sw.ts) and the head tags that point at the icons. vite.config.ts spreads `pwaPlugins()` into `plugins`.
 */
import type { Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { MEDIA_FILE_TYPES, SHARE_ACTION, SHARE_FIELD } from '../launch/media-types.ts';

/** The app's accent (--whisper-accent's default), so the title bar matches the buttons. */
export const THEME_COLOR = '#2563eb';
const BACKGROUND_COLOR = '#ffffff';

/**
 * ONNX Runtime's wasm is ~27 MB and must be precached for offline use, so the limit sits well above it
 * (Workbox's default of 2 MiB would silently leave it out).
 */
export const PRECACHE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Icons, theme colour and the install title for browsers that read them from <head> rather than the manifest. */
function headTags(): Plugin {
  let base = '/';
  return {
    name: 'whisper-pwa-head',
    configResolved: (config) => void (base = config.base),
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOR }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'icon', href: `${base}icons/icon.svg`, type: 'image/svg+xml' }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${base}icons/apple-touch-icon.png` }, injectTo: 'head' },
      { tag: 'meta', attrs: { name: 'apple-mobile-web-app-title', content: 'Whisper' }, injectTo: 'head' },
    ],
  };
}

export function pwaPlugins(): PluginOption[] {
  return [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      // A new version waits for the user's "Reload" (src/pwa/pwa-state.ts registers and prompts).
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        // Relative to the manifest, which sits at the site's base, so a build under a sub-path installs too.
        id: './',
        name: 'Whisper Recorder',
        short_name: 'Whisper',
        description: 'Private speech-to-text in your browser: Whisper runs on your device, so audio never leaves it.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        categories: ['productivity', 'utilities'],
        // "Open with" audio and video files (src/pwa/launch/incoming-files.controller.ts reads window.launchQueue);
        // a second file opened joins the queue of the window already open.
        file_handlers: [{ action: './', accept: Object.fromEntries(Object.entries(MEDIA_FILE_TYPES).map(([type, ext]) => [type, [...ext]])) }],
        launch_handler: { client_mode: ['focus-existing', 'auto'] },
        // The share sheet posts files here; the service worker stores them and opens the app (src/pwa/sw.ts).
        share_target: {
          action: SHARE_ACTION,
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: SHARE_FIELD, accept: ['audio/*', 'video/*', ...Object.values(MEDIA_FILE_TYPES).flat()] }] },
        },
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      includeManifestIcons: false,
      injectManifest: {
        // .onnx picks up the Silero VAD model once the live-audio path bundles it.
        // Icons come in through the png/svg globs; the plugin adds manifest.webmanifest itself.
        globPatterns: ['**/*.{html,js,css,wasm,onnx,svg,png}'],
        maximumFileSizeToCacheInBytes: PRECACHE_LIMIT_BYTES,
      },
      // A service worker in the dev server would serve stale modules over HMR; the PWA is tested on the build.
      devOptions: { enabled: false },
    }),
    headTags(),
  ];
}
