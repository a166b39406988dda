import type { EngineErrorCode, LoadRequest } from '../src/engine/protocol.ts';
import { WorkerFailure, type WorkerErrorData } from '../src/shared/worker-protocol.ts';

/** A failure of the Whisper worker with its code, which reaches the page as data (src/shared/worker-protocol.ts). */
export const engineError = (code: EngineErrorCode, message: string): WorkerFailure => new WorkerFailure(code, message);

/** What the worker did not mean to throw. */
export const unexpected = (error: unknown): WorkerErrorData => ({ code: 'inference', message: error instanceof Error ? error.message : String(error) });

interface FailedFetch {
  url: string;
  reason: string;
}

/**
 * fetch for one model load, remembering the last file that failed, so that a failed load can say which file and
 * from where (transformers.js's own error only says that something could not be loaded).
 */
export class FetchRecorder {
  private failed: FailedFetch | null = null;

  readonly fetch = (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    return fetch(input, init).then(
      (response) => {
        if (!response.ok) this.failed = { url, reason: `HTTP ${response.status}` };
        return response;
      },
      (error: unknown) => {
        this.failed = { url, reason: error instanceof Error ? error.message : String(error) };
        throw error;
      },
    );
  };

  /** Why loading `request` failed, in the user's terms. */
  toEngineError(error: unknown, request: Pick<LoadRequest, 'source' | 'device'>): WorkerFailure {
    if (error instanceof WorkerFailure) return error;
    const message = error instanceof Error ? error.message : String(error);
    const failed = this.failed;
    this.failed = null;
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
}
