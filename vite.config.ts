/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { serveTestModels } from './scripts/serve-test-models.ts';
import { pwaPlugins } from './src/pwa/build/vite-pwa.ts';
import { ISOLATION_HEADERS } from './src/pwa/site-headers.ts';
import { cspMetaTag } from './src/security/build/vite-csp.ts';
import { contentSecurityPolicy, parseModelHosts } from './src/security/content-security-policy.ts';

// Fetches may go to the site and the Hugging Face hub; WHISPER_MODEL_HOSTS adds a self-hosted model server.
const policy = contentSecurityPolicy(parseModelHosts(process.env.WHISPER_MODEL_HOSTS));
// COOP/COEP make the page cross-origin isolated, which ONNX Runtime needs for multi-threaded WASM.
const siteHeaders = { ...ISOLATION_HEADERS, 'Content-Security-Policy': policy };

export default defineConfig({
  // Every URL the build writes is relative (to the page for HTML, to the chunk for scripts), so the site works from
  // any sub-path and whisper-recorder.js finds its workers and assets next to itself on any origin.
  base: './',
  // pwaPlugins: manifest, Workbox service worker (src/pwa/sw.ts), icon tags; see src/pwa/build/vite-pwa.ts.
  plugins: [serveTestModels(), cspMetaTag(policy), ...pwaPlugins()],
  // The service worker adds the policy to what it serves (src/pwa/sw.ts); its build inherits `define`.
  define: { __WHISPER_CSP__: JSON.stringify(policy) },
  // Generated models, fixtures and builds live in ignored folders; watching them would reload the page mid-test.
  server: { headers: siteHeaders, watch: { ignored: ['**/.cache/**', '**/dist/**', '**/test-results/**', '**/bench-results/**'] } },
  // The preview also plays the CDN that other sites embed whisper-recorder.js from: CORS for any origin, and CORP
  // so pages that require it (COEP require-corp) may load the files.
  preview: { headers: { ...siteHeaders, 'Cross-Origin-Resource-Policy': 'cross-origin' }, cors: true },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: {
      // The site, the embedding example, and the element as one script at a stable URL (whisper-recorder.js)
      // whose workers and assets load from next to it.
      input: { main: 'index.html', embed: 'embed.html', 'whisper-recorder': 'src/whisper-recorder.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'whisper-recorder' ? 'whisper-recorder.js' : 'assets/[name]-[hash].js'),
      },
      preserveEntrySignatures: 'exports-only',
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'workers/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
