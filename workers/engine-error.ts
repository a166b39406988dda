import { ENGINE_ERROR_PREFIX, type EngineErrorCode, type LoadRequest } from '../src/engine/protocol.ts';

/** The code travels in `name`, which comlink carries across the worker boundary with the message. */
export function engineError(code: EngineErrorCode, message: string): Error {
  const error = new Error(message);
  error.name = `${ENGINE_ERROR_PREFIX}${code}`;
  return error;
}

interface FailedFetch {
  url: string;
  reason: string;
}
let lastFailedFetch: FailedFetch | null = null;

/** Wraps fetch so a failed model download can say which file failed and from where. */
export function recordingFetch(input: string | URL, init?: RequestInit): Promise<Response> {
  const url = String(input);
  return fetch(input, init).then(
    (response) => {
      if (!response.ok) lastFailedFetch = { url, reason: `HTTP ${response.status}` };
      return response;
    },
    (error: unknown) => {
      lastFailedFetch = { url, reason: error instanceof Error ? error.message : String(error) };
      throw error;
    },
  );
}

export function toEngineError(error: unknown, request: LoadRequest): Error {
  if (error instanceof Error && error.name.startsWith(ENGINE_ERROR_PREFIX)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const failed = lastFailedFetch;
  lastFailedFetch = null;
  if (failed) {
    const file = failed.url.split('/').slice(-2).join('/');
    return engineError('model-download', `Could not download ${file} of ${request.source.label} from ${failed.url} (${failed.reason}).`);
  }
  if (request.device === 'webgpu' && /webgpu|gpu|adapter|device/i.test(message)) {
    return engineError('session-create', `WebGPU could not run ${request.source.label}: ${message}`);
  }
  if (/protobuf|parse|invalid|corrupt|Load model/i.test(message)) {
    return engineError('model-invalid', `${request.source.label} could not be loaded: ${message}`);
  }
  return engineError('inference', message);
}
