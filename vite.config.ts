/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { serveTestModels } from './scripts/serve-test-models.ts';
import { pwaPlugins } from './src/pwa/build/vite-pwa.ts';

// COOP/COEP make the page cross-origin isolated, which ONNX Runtime needs for multi-threaded WASM.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Every URL the build writes is relative (to the page for HTML, to the chunk for scripts), so the site works from
  // any sub-path and whisper-recorder.js finds its workers and assets next to itself on any origin.
  base: './',
  // pwaPlugins: manifest, Workbox service worker (src/pwa/sw.ts), icon tags; see src/pwa/build/vite-pwa.ts.
  plugins: [serveTestModels(), ...pwaPlugins()],
  // Generated models, fixtures and builds live in ignored folders; watching them would reload the page mid-test.
  server: { headers: isolationHeaders, watch: { ignored: ['**/.cache/**', '**/dist/**', '**/test-results/**', '**/bench-results/**'] } },
  preview: { headers: isolationHeaders },
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
