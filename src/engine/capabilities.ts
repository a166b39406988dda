import { workersOnPageOrigin } from '../shared/start-worker.ts';
import type { Capabilities } from './device-plan.ts';

/** What this browser can do, for planDevice(). Asking for an adapter is cheap; no device is created here. */
export async function probeCapabilities(): Promise<Capabilities> {
  // Chrome and Edge only; Firefox and Safari keep it to themselves, and the plan then goes by the GPU's limits.
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const base = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true && workersOnPageOrigin(),
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
    ...(typeof memory === 'number' && memory > 0 ? { deviceMemoryGb: memory } : {}),
  };
  const none = { ...base, webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0 };
  if (!('gpu' in navigator) || !navigator.gpu) return none;
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return none;
    return {
      ...base,
      webgpu: true,
      shaderF16: adapter.features.has('shader-f16'),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch {
    return none;
  }
}
