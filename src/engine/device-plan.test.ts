import { describe, expect, it } from 'vitest';
import { DEFAULT_WASM_MODEL, DEFAULT_WEBGPU_MODEL } from '../models/catalogue';
import { fallbackPlan, planDevice, threadCount, type Capabilities } from './device-plan';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A desktop GPU with shader-f16 and 4 GiB limits, cross-origin isolated, 16 cores. */
const f16Gpu: Capabilities = {
  webgpu: true, shaderF16: true, maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 4 * GiB - 4,
  crossOriginIsolated: true, hardwareConcurrency: 16,
};
const noF16Gpu = (limit: number): Capabilities => ({ ...f16Gpu, shaderF16: false, maxBufferSize: limit, maxStorageBufferBindingSize: limit });
const noGpu: Capabilities = { ...f16Gpu, webgpu: false, shaderF16: false };

describe('threadCount', () => {
  it('uses up to 8 threads only when cross-origin isolated', () => {
    expect(threadCount({ ...noGpu, hardwareConcurrency: 16 })).toBe(8);
    expect(threadCount({ ...noGpu, hardwareConcurrency: 4 })).toBe(4);
    expect(threadCount({ ...noGpu, hardwareConcurrency: 0 })).toBe(1);
    expect(threadCount({ ...noGpu, hardwareConcurrency: Number.NaN })).toBe(1);
    expect(threadCount({ ...noGpu, crossOriginIsolated: false, hardwareConcurrency: 16 })).toBe(1);
  });
});

describe('planDevice defaults', () => {
  it('runs large-v3-turbo with an fp16 encoder and q4 decoder on a GPU with shader-f16', () => {
    expect(planDevice(f16Gpu, {})).toEqual({
      model: DEFAULT_WEBGPU_MODEL, device: 'webgpu', encoderDtype: 'fp16', decoderDtype: 'q4', threads: 8,
      reason: 'This GPU supports shader-f16, so running Whisper Large v3 Turbo on WebGPU with an fp16 encoder and a q4 decoder.',
    });
  });

  it('without shader-f16 picks the largest multilingual model whose fp32 encoder fits the limits', () => {
    const plan = planDevice(noF16Gpu(2 * GiB), {});
    expect(plan).toEqual({
      model: 'onnx-community/whisper-medium', device: 'webgpu', encoderDtype: 'fp32', decoderDtype: 'q4', threads: 8,
      reason: 'This GPU lacks shader-f16, so running Whisper Medium, the largest model whose fp32 encoder fits its buffer limits, on WebGPU with an fp32 encoder and a q4 decoder.',
    });
    expect(planDevice(noF16Gpu(4 * GiB), {}).model).toBe(DEFAULT_WEBGPU_MODEL);
    expect(planDevice(noF16Gpu(1 * GiB), {}).model).toBe('onnx-community/whisper-small');
    expect(planDevice(noF16Gpu(128 * MiB), {}).model).toBe('onnx-community/whisper-base');
    expect(planDevice(noF16Gpu(64 * MiB), {}).model).toBe('onnx-community/whisper-tiny');
  });

  it('uses the smaller of the two limits', () => {
    const caps = { ...noF16Gpu(4 * GiB), maxStorageBufferBindingSize: 128 * MiB };
    expect(planDevice(caps, {}).model).toBe('onnx-community/whisper-base');
  });

  it('moves to WASM when no fp32 encoder fits, unless WebGPU was asked for', () => {
    expect(planDevice(noF16Gpu(16 * MiB), {})).toEqual({
      model: DEFAULT_WASM_MODEL, device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: "This GPU's buffer limits are too small for any model's fp32 encoder; running Whisper Base on the CPU (WASM) with q8 weights, because larger models are too slow on the CPU.",
    });
    const forced = planDevice(noF16Gpu(16 * MiB), { device: 'webgpu' });
    expect([forced.model, forced.device, forced.encoderDtype, forced.decoderDtype]).toEqual(['onnx-community/whisper-tiny', 'webgpu', 'fp32', 'q4']);
    expect(forced.reason).toContain('may not fit');
  });

  it('runs the base model with q8 on WASM when WebGPU is missing, saying why', () => {
    expect(planDevice(noGpu, {})).toEqual({
      model: DEFAULT_WASM_MODEL, device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: 'WebGPU is not available in this browser; running Whisper Base on the CPU (WASM) with q8 weights, because larger models are too slow on the CPU.',
    });
  });

  it('uses one thread without cross-origin isolation, on either backend', () => {
    expect(planDevice({ ...noGpu, crossOriginIsolated: false }, {}).threads).toBe(1);
    expect(planDevice({ ...f16Gpu, crossOriginIsolated: false }, {}).threads).toBe(1);
    expect(planDevice({ ...f16Gpu, hardwareConcurrency: 6 }, {}).threads).toBe(6);
  });
});

describe('planDevice user choices', () => {
  it('honours device wasm even with a capable GPU', () => {
    expect(planDevice(f16Gpu, { device: 'wasm' })).toEqual({
      model: DEFAULT_WASM_MODEL, device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: 'Running Whisper Base on the CPU (WASM) with q8 weights, because larger models are too slow on the CPU.',
    });
  });

  it('falls back to WASM when WebGPU is requested but unavailable, and says so', () => {
    const plan = planDevice(noGpu, { device: 'webgpu' });
    expect([plan.device, plan.model]).toEqual(['wasm', DEFAULT_WASM_MODEL]);
    expect(plan.reason).toBe('WebGPU was requested but is not available in this browser; running Whisper Base on the CPU (WASM) with q8 weights, because larger models are too slow on the CPU.');
  });

  it('keeps any explicit model, in or out of the catalogue', () => {
    for (const model of ['onnx-community/whisper-small.en', 'https://example.com/models/my-whisper', '/models/whisper-tiny']) {
      expect(planDevice(f16Gpu, { model }).model).toBe(model);
      expect(planDevice(noGpu, { model }).model).toBe(model);
    }
    expect(planDevice(noGpu, { model: 'onnx-community/whisper-medium' }).reason)
      .toBe('WebGPU is not available in this browser; running Whisper Medium on the CPU (WASM) with q8 weights.');
    expect(planDevice(f16Gpu, { model: '/models/x' }).reason).toBe('Running /models/x on WebGPU with an fp16 encoder and a q4 decoder.');
  });

  it('keeps an explicit model that may not fit, with a warning', () => {
    const plan = planDevice(noF16Gpu(2 * GiB), { model: DEFAULT_WEBGPU_MODEL });
    expect([plan.model, plan.encoderDtype, plan.decoderDtype]).toEqual([DEFAULT_WEBGPU_MODEL, 'fp32', 'q4']);
    expect(plan.reason).toBe("Running Whisper Large v3 Turbo on WebGPU with an fp32 encoder and a q4 decoder; its fp32 encoder may not fit this GPU's buffer limits.");
  });

  it('treats a blank model as no choice', () => {
    expect(planDevice(f16Gpu, { model: '  ' }).model).toBe(DEFAULT_WEBGPU_MODEL);
  });

  it('applies a single dtype to both halves and a pair to each', () => {
    const wasm = planDevice(noGpu, { dtype: 'fp32' });
    expect([wasm.encoderDtype, wasm.decoderDtype]).toEqual(['fp32', 'fp32']);
    const wasmPair = planDevice(noGpu, { dtype: 'q4,q8' });
    expect([wasmPair.encoderDtype, wasmPair.decoderDtype]).toEqual(['q4', 'q8']);
    const gpu = planDevice(f16Gpu, { dtype: 'fp32,fp32' });
    expect([gpu.encoderDtype, gpu.decoderDtype]).toEqual(['fp32', 'fp32']);
    const gpuF16 = planDevice(f16Gpu, { dtype: 'q4f16' });
    expect([gpuF16.encoderDtype, gpuF16.decoderDtype]).toEqual(['q4f16', 'q4f16']);
  });

  it('never runs fp16 weights on a GPU without shader-f16', () => {
    const plan = planDevice(noF16Gpu(4 * GiB), { dtype: 'fp16,q4f16' });
    expect([plan.encoderDtype, plan.decoderDtype]).toEqual(['fp32', 'q4']);
    expect(plan.reason).toContain('lacks shader-f16, so fp16 weights were swapped for fp32 and q4f16 for q4');
  });
});

describe('q8 decoder guard on WebGPU', () => {
  it('replaces a requested q8 decoder with q4 and explains why', () => {
    expect(planDevice(f16Gpu, { dtype: 'q8' })).toEqual({
      model: DEFAULT_WEBGPU_MODEL, device: 'webgpu', encoderDtype: 'q8', decoderDtype: 'q4', threads: 8,
      reason: 'This GPU supports shader-f16, so running Whisper Large v3 Turbo on WebGPU with a q8 encoder and a q4 decoder; q8 decoders produce garbage on WebGPU, so the decoder uses q4 instead.',
    });
    const pair = planDevice(noF16Gpu(4 * GiB), { dtype: 'fp32,q8', device: 'webgpu' });
    expect([pair.encoderDtype, pair.decoderDtype]).toEqual(['fp32', 'q4']);
    expect(pair.reason).toContain('q8 decoders produce garbage on WebGPU');
  });

  it('leaves a q8 decoder alone on WASM', () => {
    expect(planDevice(f16Gpu, { device: 'wasm', dtype: 'fp16,q8' }).decoderDtype).toBe('q8');
  });

  it('never plans a q8 WebGPU decoder for any choice', () => {
    const dtypes = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;
    for (const caps of [f16Gpu, noF16Gpu(4 * GiB)]) {
      for (const enc of dtypes) {
        for (const dec of dtypes) {
          const plan = planDevice(caps, { dtype: `${enc},${dec}` });
          expect(plan.device).toBe('webgpu');
          expect(plan.decoderDtype).not.toBe('q8');
        }
      }
    }
  });
});

describe('fallbackPlan', () => {
  it('moves large-v3-turbo to the WASM default with q8', () => {
    expect(fallbackPlan(planDevice(f16Gpu, {}), f16Gpu)).toEqual({
      model: DEFAULT_WASM_MODEL, device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: 'WebGPU failed, so running Whisper Base on the CPU (WASM) with q8 weights; Whisper Large v3 Turbo is too slow on the CPU.',
    });
  });

  it('recognises a self-hosted copy of large-v3-turbo', () => {
    const failed = planDevice(f16Gpu, { model: '/models/whisper-large-v3-turbo/' });
    expect(fallbackPlan(failed, f16Gpu).model).toBe(DEFAULT_WASM_MODEL);
  });

  it('keeps any other model and recomputes threads', () => {
    const failed = planDevice(noF16Gpu(2 * GiB), {});
    const caps = { ...noF16Gpu(2 * GiB), crossOriginIsolated: false };
    expect(fallbackPlan(failed, caps)).toEqual({
      model: 'onnx-community/whisper-medium', device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 1,
      reason: 'WebGPU failed, so running Whisper Medium on the CPU (WASM) with q8 weights.',
    });
  });
});

describe('planDevice and device memory', () => {
  it('keeps large-v3-turbo where the device reports 8 GB, or says nothing', () => {
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 8 }, {})).toEqual(planDevice(f16Gpu, {}));
  });

  it('runs the largest model that fits 4 GB, and says which model needed more', () => {
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 4 }, {})).toEqual({
      model: 'onnx-community/whisper-small', device: 'webgpu', encoderDtype: 'fp16', decoderDtype: 'q4', threads: 8,
      reason: 'This GPU supports shader-f16, but this device has 4 GB of memory and Whisper Large v3 Turbo needs about 5.24 GB, so running Whisper Small on WebGPU with an fp16 encoder and a q4 decoder.',
    });
  });

  it('steps down by memory with the planned precision: 2 GB → Small, 1 GB → Base, 0.5 GB → Base', () => {
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 2 }, {}).model).toBe('onnx-community/whisper-small');
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 1 }, {}).model).toBe('onnx-community/whisper-base');
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 0.5 }, {}).model).toBe('onnx-community/whisper-base');
    // fp32 weights are twice as big: Base needs 1.16 GB.
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 1 }, { dtype: 'fp32' }).model).toBe('onnx-community/whisper-tiny');
  });

  it('applies memory and buffer limits together without shader-f16', () => {
    const plan = planDevice({ ...noF16Gpu(4 * GiB), deviceMemoryGb: 4 }, {});
    expect(plan.model).toBe('onnx-community/whisper-small');
    expect(plan.reason).toBe('This GPU lacks shader-f16 and this device has 4 GB of memory and Whisper Large v3 Turbo needs about 8.5 GB, so running Whisper Small on WebGPU with an fp32 encoder and a q4 decoder.');
  });

  it('moves to WASM when no model fits on WebGPU', () => {
    const plan = planDevice({ ...f16Gpu, deviceMemoryGb: 0.25 }, {});
    expect([plan.device, plan.model]).toEqual(['wasm', 'onnx-community/whisper-tiny']);
    expect(plan.reason).toBe('No model fits this device on WebGPU (this device has 0.25 GB of memory and Whisper Large v3 Turbo needs about 5.24 GB); this device has 0.25 GB of memory and Whisper Base needs about 320 MB, so running Whisper Tiny on the CPU (WASM) with q8 weights.');
    expect(planDevice({ ...f16Gpu, deviceMemoryGb: 0.25 }, { device: 'webgpu' }).model).toBe('onnx-community/whisper-tiny');
  });

  it('passes over a model whose fp16 encoder does not fit the buffer limits', () => {
    const plan = planDevice({ ...f16Gpu, maxBufferSize: 1 * GiB, maxStorageBufferBindingSize: 1 * GiB }, {});
    expect(plan.model).toBe('onnx-community/whisper-medium');
    expect(plan.reason).toBe("This GPU supports shader-f16, but Whisper Large v3 Turbo's fp16 encoder does not fit this GPU's buffer limits, so running Whisper Medium on WebGPU with an fp16 encoder and a q4 decoder.");
  });

  it('runs Tiny on WASM where Base needs more memory than the device has', () => {
    const plan = planDevice({ ...noGpu, deviceMemoryGb: 0.25 }, {});
    expect(plan.model).toBe('onnx-community/whisper-tiny');
    expect(plan.reason).toBe('WebGPU is not available in this browser; this device has 0.25 GB of memory and Whisper Base needs about 320 MB, so running Whisper Tiny on the CPU (WASM) with q8 weights.');
  });

  it('keeps a model the user chose, with a warning', () => {
    const plan = planDevice({ ...f16Gpu, deviceMemoryGb: 4 }, { model: DEFAULT_WEBGPU_MODEL });
    expect(plan.model).toBe(DEFAULT_WEBGPU_MODEL);
    expect(plan.reason).toBe('Running Whisper Large v3 Turbo on WebGPU with an fp16 encoder and a q4 decoder; this device has 4 GB of memory and it needs about 5.24 GB.');
    expect(planDevice({ ...noGpu, deviceMemoryGb: 0.25 }, { model: '/models/x' }).reason).toBe('WebGPU is not available in this browser; running /models/x on the CPU (WASM) with q8 weights.');
  });
});

describe('planDevice after a load that never finished', () => {
  const turboCrashed = { crashed: [{ model: DEFAULT_WEBGPU_MODEL, device: 'webgpu' as const }] };

  it('steps down to the next model and says why', () => {
    expect(planDevice(f16Gpu, {}, turboCrashed)).toEqual({
      model: 'onnx-community/whisper-medium', device: 'webgpu', encoderDtype: 'fp16', decoderDtype: 'q4', threads: 8,
      reason: 'This GPU supports shader-f16, but Whisper Large v3 Turbo did not finish loading here last time (the tab probably ran out of memory), so running Whisper Medium on WebGPU with an fp16 encoder and a q4 decoder.',
    });
    const twice = { crashed: [...turboCrashed.crashed, { model: 'onnx-community/whisper-medium', device: 'webgpu' as const }] };
    expect(planDevice(f16Gpu, {}, twice).model).toBe('onnx-community/whisper-small');
  });

  it('counts a crash only on the backend it happened on', () => {
    expect(planDevice(f16Gpu, {}, { crashed: [{ model: DEFAULT_WEBGPU_MODEL, device: 'wasm' }] }).model).toBe(DEFAULT_WEBGPU_MODEL);
    expect(planDevice(noGpu, {}, turboCrashed).model).toBe(DEFAULT_WASM_MODEL);
  });

  it('names every kind of reason once', () => {
    const plan = planDevice({ ...f16Gpu, deviceMemoryGb: 4 }, {}, turboCrashed);
    expect(plan.model).toBe('onnx-community/whisper-small');
    expect(plan.reason).toBe('This GPU supports shader-f16, but Whisper Large v3 Turbo did not finish loading here last time (the tab probably ran out of memory) and this device has 4 GB of memory and Whisper Medium needs about 4.96 GB, so running Whisper Small on WebGPU with an fp16 encoder and a q4 decoder.');
  });

  it('runs Tiny on WASM after Base crashed there, and Tiny anyway after both did', () => {
    const base = { crashed: [{ model: DEFAULT_WASM_MODEL, device: 'wasm' as const }] };
    expect(planDevice(noGpu, {}, base)).toEqual({
      model: 'onnx-community/whisper-tiny', device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: 'WebGPU is not available in this browser; Whisper Base did not finish loading here last time (the tab probably ran out of memory), so running Whisper Tiny on the CPU (WASM) with q8 weights.',
    });
    const both = { crashed: [...base.crashed, { model: 'onnx-community/whisper-tiny', device: 'wasm' as const }] };
    expect(planDevice(f16Gpu, { device: 'wasm' }, both)).toEqual({
      model: 'onnx-community/whisper-tiny', device: 'wasm', encoderDtype: 'q8', decoderDtype: 'q8', threads: 8,
      reason: 'Whisper Base did not finish loading here last time (the tab probably ran out of memory); running Whisper Tiny, the smallest model, on the CPU (WASM) with q8 weights.',
    });
  });

  it('keeps a crashed model the user chose, and warns', () => {
    const plan = planDevice(f16Gpu, { model: DEFAULT_WEBGPU_MODEL }, turboCrashed);
    expect(plan.model).toBe(DEFAULT_WEBGPU_MODEL);
    expect(plan.reason).toBe('Running Whisper Large v3 Turbo on WebGPU with an fp16 encoder and a q4 decoder; it did not finish loading here last time (the tab probably ran out of memory), so choose a smaller model if that happens again.');
  });
});

describe('planDevice buffer limits with an asked precision', () => {
  it('bounds an fp32 encoder by its fp32 size even where shader-f16 is there', () => {
    const caps = { ...f16Gpu, maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 2 * GiB };
    expect(planDevice(caps, {}).model).toBe(DEFAULT_WEBGPU_MODEL);
    const fp32 = planDevice(caps, { dtype: 'fp32,q4' });
    expect(fp32.model).toBe('onnx-community/whisper-medium');
    expect(fp32.reason).toContain("Whisper Large v3 Turbo's fp32 encoder does not fit this GPU's buffer limits");
  });
});
