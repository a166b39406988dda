import { ENGINE_ERROR_PREFIX, type EngineErrorCode } from './protocol.ts';

/** A failure of the transcription engine, with a code the UI maps to a fallback or a retry. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Rebuilds the worker's error (comlink carries name and message) into an EngineError. */
export function fromWorkerError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof Error) {
    const code = error.name.startsWith(ENGINE_ERROR_PREFIX) ? (error.name.slice(ENGINE_ERROR_PREFIX.length) as EngineErrorCode) : 'inference';
    return new EngineError(code, error.message);
  }
  return new EngineError('inference', String(error));
}

/** WebGPU problems that a retry on WASM can fix. */
export const isWebGpuFailure = (e: EngineError): boolean =>
  e.code === 'webgpu-unavailable' || e.code === 'session-create' || e.code === 'device-lost';
