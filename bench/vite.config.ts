/**
 * Builds the benchmark's own pages, never part of the site's production build: the transformers.js reference
 * page (reference.html + its worker) and the probe init script (probes.js, a classic script with no imports).
 * bench/run.ts builds it into the benchmark's copy of the site under /bench-reference/, so both share one origin,
 * one ONNX Runtime wasm and one /test-models/ folder.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const BENCH_BASE = '/bench-reference/';

export default defineConfig({
  root: here('./pages'),
  base: BENCH_BASE,
  logLevel: 'error',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: here('../.cache/bench-site/bench-reference'),
    emptyOutDir: true,
    rolldownOptions: {
      input: { reference: here('./pages/reference.html'), probes: here('./pages/probes.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'probes' ? 'probes.js' : 'assets/[name]-[hash].js') },
    },
  },
});
