import type { WorkerErrorData } from '../shared/worker-protocol.ts';
import type { EngineErrorCode } from './protocol.ts';

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

const CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'model-download', 'model-invalid', 'webgpu-unavailable', 'session-create', 'device-lost', 'not-loaded', 'cancelled',
  'unsupported-request', 'inference', 'worker-crashed', 'worker-unresponsive', 'worker-terminated',
]);

/** The worker's error data (or the bridge's) as an EngineError; a code this version does not know is an inference failure. */
export const engineErrorFrom = ({ code, message }: WorkerErrorData): EngineError =>
  new EngineError(CODES.has(code) ? (code as EngineErrorCode) : 'inference', message);

/** WebGPU problems that a retry on WASM can fix. */
export const isWebGpuFailure = (e: EngineError): boolean =>
  e.code === 'webgpu-unavailable' || e.code === 'session-create' || e.code === 'device-lost';
