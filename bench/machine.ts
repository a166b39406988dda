/** The machine the numbers come from: CPU, memory, Chromium, and what WebGPU offers. */
import { cpus, platform, release, totalmem, availableParallelism } from 'node:os';
import { REAL_WEBGPU_ARGS, WEBGPU_ARGS, launch, webgpuInfo, type WebGpuInfo } from './browser.ts';
import { BENCH_BASE } from './vite.config.ts';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  chromium: string;
  /** The adapter Chromium offers with WebGPU enabled (SwiftShader when no GPU driver answers). */
  webgpu: WebGpuInfo;
}

export async function machineInfo(origin: string): Promise<MachineInfo> {
  const browser = await launch(REAL_WEBGPU_ARGS);
  try {
    return {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: availableParallelism(),
      memoryBytes: totalmem(),
      os: `${platform()} ${release()}`,
      node: process.version,
      chromium: browser.version(),
      webgpu: await webgpuInfo(browser, `${origin}${BENCH_BASE}reference.html`),
    };
  } finally {
    await browser.close();
  }
}

/** Chromium flags for a WebGPU run: the real adapter, or SwiftShader when asked for. */
export function webgpuArgs(info: WebGpuInfo, allowSwiftshader: boolean): { args: string[] | null; why: string } {
  if (info.available && !info.swiftshader) return { args: REAL_WEBGPU_ARGS, why: `${info.vendor} ${info.architecture} ${info.description}`.trim() };
  if (allowSwiftshader) return { args: WEBGPU_ARGS, why: 'SwiftShader (CPU), as asked by --webgpu-swiftshader' };
  return { args: null, why: info.available ? 'only SwiftShader (a CPU fallback) answers; pass --webgpu-swiftshader to run it anyway' : 'no WebGPU adapter' };
}
