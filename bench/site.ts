/**
 * The site the benchmark measures: built by `vite build` with the app's own config (into .cache/bench-site, so a
 * benchmark never races `npm test` over dist/), the benchmark pages built beside it under /bench-reference/, and
 * one `vite preview` serving both plus the generated models at /test-models/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview, type PreviewServer, type Rolldown } from 'vite';
import { BENCH_BASE } from './vite.config.ts';

export const SITE_DIR = '.cache/bench-site';

export interface BuiltAsset {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  /** The HTML entry's chunk and every chunk it imports statically: what runs before any worker can start. */
  initialJs: BuiltAsset[];
  initialJsGzipBytes: number;
  /** ONNX Runtime binaries shipped (ort-wasm*.wasm). */
  ortWasm: BuiltAsset[];
  /** JavaScript files carrying a copy of ONNX Runtime's JS (they contain its version string). */
  ortJs: BuiltAsset[];
  ortVersion: string;
  allJs: BuiltAsset[];
}

export interface Site {
  origin: string;
  /** Same-origin path of the app's ONNX Runtime wasm, for the reference page. */
  ortWasmPath: string;
  bundle: BundleReport;
  probeScript: string;
  close(): Promise<void>;
}

const asset = (dir: string, file: string): BuiltAsset => {
  const bytes = readFileSync(join(dir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
};

function outputsOf(result: Awaited<ReturnType<typeof build>>): Rolldown.OutputBundle[keyof Rolldown.OutputBundle][] {
  if (!('output' in result) && !Array.isArray(result)) throw new Error('vite build returned a watcher');
  return (Array.isArray(result) ? result : [result]).flatMap((o: Rolldown.RolldownOutput) => o.output);
}

function analyse(dir: string, outputs: ReturnType<typeof outputsOf>): BundleReport {
  const chunks = new Map(outputs.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of chunks.get(file)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  const initialJs = [...initial].map((f) => asset(dir, f));
  const ortVersion = (JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')) as { version: string }).version;
  const files = readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`);
  const allJs = files.filter((f) => f.endsWith('.js')).map((f) => asset(dir, f));
  return {
    initialJs,
    initialJsGzipBytes: initialJs.reduce((n, a) => n + a.gzipBytes, 0),
    ortWasm: files.filter((f) => /\/ort-wasm[^/]*\.wasm$/.test(f)).map((f) => asset(dir, f)),
    ortJs: allJs.filter((a) => readFileSync(join(dir, a.file), 'utf8').includes(ortVersion)),
    ortVersion,
    allJs,
  };
}

/** `vite preview` on `port`, or the next free one when another server (another checkout's benchmark) holds it. */
async function previewOnFreePort(outDir: string, port: number): Promise<PreviewServer> {
  for (let candidate = port; ; candidate++) {
    try {
      return await preview({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir }, preview: { port: candidate, strictPort: true } });
    } catch (error) {
      if (!(error instanceof Error && /already in use/.test(error.message)) || candidate >= port + 10) throw error;
      console.warn(`bench: port ${candidate} is in use; trying ${candidate + 1}`);
    }
  }
}

/** Builds the app and the benchmark pages, then serves them (and `modelsDir` at /test-models/) on `port`. */
export async function startSite(port: number, modelsDir: string): Promise<Site> {
  const dir = resolve(SITE_DIR);
  const started = Date.now();
  const app = await build({ configFile: resolve('vite.config.ts'), logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  const bundle = analyse(dir, outputsOf(app));
  await build({ configFile: resolve('bench/vite.config.ts'), build: { outDir: join(dir, BENCH_BASE) } });
  console.info(`bench: built the site and the benchmark pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // serve-test-models reads the variable when the config is loaded.
  process.env.WHISPER_TEST_MODELS = resolve(modelsDir);
  const server = await previewOnFreePort(dir, port);
  const { port: actual } = server.httpServer.address() as AddressInfo;
  const wasm = bundle.ortWasm[0];
  if (!wasm) throw new Error('bench: the build shipped no ort-wasm*.wasm');
  return {
    origin: `http://localhost:${actual}`,
    ortWasmPath: `/${wasm.file}`,
    bundle,
    probeScript: readFileSync(join(dir, BENCH_BASE, 'probes.js'), 'utf8'),
    close: () => server.close(),
  };
}
