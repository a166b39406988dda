/**
 * Headless Chromium as the end-to-end tests launch it (the executable and flags come from playwright.config.ts),
 * the probe init script in every page, and the browser's processes as the OS sees them (for memory).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import playwrightConfig, { BASE_ARGS, WEBGPU_ARGS } from '../playwright.config.ts';
import type { BenchProbeApi } from './pages/probe-api.ts';

export { WEBGPU_ARGS };

const executablePath = playwrightConfig.use?.launchOptions?.executablePath;

/** WebGPU on whatever the machine has; Chromium falls back to SwiftShader where no GPU driver answers. */
export const REAL_WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist'];
/** Lets performance.measureUserAgentSpecificMemory() answer at once instead of at the next GC (up to 20 s). */
export const EAGER_MEMORY_ARGS = ['--enable-blink-features=ForceEagerMeasureMemory'];

export function fakeMicrophoneArgs(wavPath: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}`, '--autoplay-policy=no-user-gesture-required'];
}

export async function launch(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...BASE_ARGS, ...extraArgs] });
}

/** A context whose pages all run the probe script before their own code. */
export async function probedContext(browser: Browser, probeScript: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: probeScript });
  return context;
}

type Method = keyof BenchProbeApi;
type Result<M extends Method> = Awaited<ReturnType<BenchProbeApi[M]>>;

/** Calls `window.__bench[method]` in the page (the probe's code runs there; nothing is serialised from Node). */
export function probe<M extends Method>(page: Page, method: M, ...args: Parameters<BenchProbeApi[M]>): Promise<Result<M>> {
  return page.evaluate(
    ([m, a]) => (window.__bench[m] as (...x: unknown[]) => unknown)(...a),
    [method, args] as const,
  ) as Promise<Result<M>>;
}

export interface ProcessInfo {
  pid: number;
  type: string;
}

/** The browser's processes (browser, renderer, GPU, utility) with their OS ids, from CDP SystemInfo. */
export async function browserProcesses(browser: Browser): Promise<ProcessInfo[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return processInfo.map((p) => ({ pid: p.id, type: p.type }));
  } finally {
    await cdp.detach();
  }
}

export interface ProcessMemory {
  /** Resident set size now (VmRSS), in bytes. */
  rss: number;
}

/** /proc/<pid>/status of a process (Linux); null once the process has gone. */
export function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

export interface WebGpuInfo {
  available: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  shaderF16: boolean;
  swiftshader: boolean;
}

/** What navigator.gpu offers on a page of `origin` (WebGPU needs a secure context such as localhost). */
export async function webgpuInfo(browser: Browser, url: string): Promise<WebGpuInfo> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const info = await page.evaluate(async () => {
      const adapter = await navigator.gpu?.requestAdapter();
      if (!adapter) return null;
      const i = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
      return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter === true, shaderF16: adapter.features.has('shader-f16') };
    });
    if (!info) return { available: false, vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false, shaderF16: false, swiftshader: false };
    const swiftshader = /swiftshader/i.test(`${info.vendor} ${info.architecture} ${info.description}`) || info.isFallbackAdapter;
    return { available: true, ...info, swiftshader };
  } finally {
    await page.close();
  }
}
