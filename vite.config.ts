/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { serveTestModels } from './scripts/serve-test-models.ts';

// COOP/COEP make the page cross-origin isolated, which ONNX Runtime needs for multi-threaded WASM.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [serveTestModels()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'workers/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
