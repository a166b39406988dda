/**
 * 4. Memory while the app transcribes a long file. Two sources, both reported:
 * - the OS: resident memory (VmRSS) of Chromium's processes, found through CDP SystemInfo.getProcessInfo and
 *   read from /proc/<pid>/status twice a second; the peak is the largest sample. The page and all its workers
 *   (Whisper, ONNX Runtime's threads, the decoder) live in one renderer process, so its RSS is the app's whole
 *   footprint: JS heaps, WebAssembly memory, decoded audio, and Chromium's own overhead. Linux only. (VmHWM is no
 *   use here: the kernel updates it on munmap, not when V8 and PartitionAlloc hand pages back with madvise, so it
 *   reads lower than RSS samples taken earlier.)
 * - the page: performance.measureUserAgentSpecificMemory() every 15 s (the site is cross-origin isolated, and the
 *   browser runs with ForceEagerMeasureMemory so it answers at once), split into the page and each worker. It
 *   counts JS heaps and the ArrayBuffers they hold; how much of WebAssembly memory it sees varies, so RSS is the
 *   figure to judge by.
 */
import { basename } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { AppDriver } from './app-driver.ts';
import type { BenchAudio } from './audio.ts';
import { EAGER_MEMORY_ARGS, browserProcesses, launch, probe, probedContext, processMemory } from './browser.ts';
import type { MemorySample } from './pages/probe-api.ts';
import { appParams, timeoutFor, type RunSetup } from './setup.ts';

export interface MemoryResult {
  setup: string;
  file: string;
  audioSeconds: number;
  wallMs: number;
  /** Renderer RSS once the model was loaded and warmed up, before the file. */
  baselineRss: number | null;
  /** Largest RSS sample of the app's renderer while the file was transcribed. */
  peakRss: number | null;
  /** Renderer RSS when the file was 25 / 50 / 75 / 100 % transcribed. */
  rssAtProgress: (number | null)[];
  /** RSS at 100 % over RSS at 25 %: above 1 the footprint grows with the length of the file. */
  growth: number | null;
  /** Peak of the GPU process (WebGPU buffers live there). */
  gpuPeakRss: number | null;
  /** Peak of the sum of all the browser's processes' RSS. */
  browserPeakRss: number | null;
  /** Peaks of measureUserAgentSpecificMemory by realm (page, and each worker by script name). */
  jsPeak: Record<string, number>;
  jsSamples: number;
}

const SAMPLE_EVERY_MS = 500;
const JS_EVERY_MS = 15_000;
const JS_TIMEOUT_MS = 30_000;
const QUARTERS = [0.25, 0.5, 0.75, 1];

class Sampler {
  renderers = new Map<number, number>();
  peaks = new Map<number, number>();
  gpuPeak: number | null = null;
  browserPeak: number | null = null;
  progress: { fraction: number; rss: number }[] = [];
  js: MemorySample[] = [];
  private lastJs = 0;

  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly file: string,
  ) {}

  /** The renderer holding the app: the largest one. */
  appRenderer(): { pid: number; rss: number } | null {
    let best: { pid: number; rss: number } | null = null;
    for (const [pid, rss] of this.renderers) if (!best || rss > best.rss) best = { pid, rss };
    return best;
  }

  async sample(): Promise<void> {
    const processes = await browserProcesses(this.browser);
    let total = 0;
    for (const p of processes) {
      const m = processMemory(p.pid);
      if (!m) continue;
      total += m.rss;
      if (p.type === 'renderer') {
        this.renderers.set(p.pid, m.rss);
        this.peaks.set(p.pid, Math.max(this.peaks.get(p.pid) ?? 0, m.rss));
      }
      if (p.type === 'GPU') this.gpuPeak = Math.max(this.gpuPeak ?? 0, m.rss);
    }
    this.browserPeak = Math.max(this.browserPeak ?? 0, total);
    const row = (await probe(this.page, 'queue')).find((r) => r.name === this.file);
    const app = this.appRenderer();
    if (row && app) this.progress.push({ fraction: row.state === 'done' ? 1 : row.state === 'transcribing' ? (row.progress ?? 0) : 0, rss: app.rss });
    if (Date.now() - this.lastJs >= JS_EVERY_MS) {
      this.lastJs = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const js = await Promise.race([probe(this.page, 'measureMemory'), new Promise<null>((r) => (timer = setTimeout(() => r(null), JS_TIMEOUT_MS)))]);
      clearTimeout(timer);
      if (js) this.js.push(js);
    }
  }

  rssAt(fraction: number): number | null {
    return this.progress.find((p) => p.fraction >= fraction)?.rss ?? null;
  }

  jsPeaks(): Record<string, number> {
    const peaks: Record<string, number> = {};
    const keep = (key: string, bytes: number) => (peaks[key] = Math.max(peaks[key] ?? 0, bytes));
    for (const s of this.js) {
      keep('page', s.page);
      for (const w of s.workers) keep(basename(new URL(w.url, 'http://x/').pathname).replace(/-[\w-]{8}\.js$/, ''), w.bytes);
    }
    return peaks;
  }
}

export async function runMemory(setup: RunSetup, audio: BenchAudio, warmup: BenchAudio, name: string): Promise<MemoryResult> {
  const browser = await launch([...setup.browserArgs, ...EAGER_MEMORY_ARGS]);
  try {
    const app = new AppDriver(await (await probedContext(browser, setup.site.probeScript)).newPage(), setup.site.origin);
    await app.open(appParams(setup));
    await app.transcribe(warmup.path, { timeoutMs: timeoutFor(600) });
    const baseline = new Sampler(browser, app.page, audio.name);
    await baseline.sample();
    const baselineRss = baseline.appRenderer()?.rss ?? null;
    const sampler = new Sampler(browser, app.page, audio.name);
    console.info(`bench: ${name}: memory while transcribing ${audio.name} (${Math.round(audio.durationSeconds / 60)} min)…`);
    const run = await app.transcribe(audio.path, {
      timeoutMs: timeoutFor(audio.durationSeconds),
      whileWaiting: async () => {
        await sampler.sample();
        await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      },
    });
    await sampler.sample();
    const renderer = sampler.appRenderer();
    const peakRss = renderer ? (sampler.peaks.get(renderer.pid) ?? null) : null;
    const rssAtProgress = QUARTERS.map((q) => sampler.rssAt(q));
    const [quarter, , , whole] = rssAtProgress;
    return {
      setup: name,
      file: audio.name,
      audioSeconds: audio.durationSeconds,
      wallMs: run.wallMs,
      baselineRss,
      peakRss,
      rssAtProgress,
      growth: quarter && whole ? whole / quarter : null,
      gpuPeakRss: sampler.gpuPeak,
      browserPeakRss: sampler.browserPeak,
      jsPeak: sampler.jsPeaks(),
      jsSamples: sampler.js.length,
    };
  } finally {
    await browser.close();
  }
}
