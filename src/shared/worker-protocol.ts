/**
 * How every worker of the app answers the page: each method of a worker's API resolves with a reply that is either
 * its value or an error as data, `{ code, message }`, so the page never parses error names and no error detail is
 * lost to structured cloning. Both sides import this file: workers through `answerCalls`, the page through
 * `WorkerBridge` (worker-bridge.ts).
 */
import { expose, type Endpoint } from 'comlink';

export interface WorkerErrorData {
  /** Machine-readable: what the page maps to a fallback, a retry or a message. */
  code: string;
  /** Readable by the user as it is. */
  message: string;
}

export type WorkerReply<T> = { ok: true; value: T } | { ok: false; error: WorkerErrorData };

/** Every method of `Api`, answering with a reply instead of throwing. */
export type Replying<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<WorkerReply<Awaited<R>>> : never;
};

/** Posted once the worker's module has run and it listens: the page's start-up watchdog waits for it. */
export const WORKER_READY = 'whisper-recorder:worker-ready';

/** An error a worker raises on purpose, with its code. */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Worker side: exposes the functions of `api` (a plain object) so that whatever one throws comes back as data
 * (`toError` turns what is not a WorkerFailure into error data), then says it is ready.
 */
export function answerCalls<Api extends object>(api: Api, toError: (error: unknown) => WorkerErrorData, endpoint: Endpoint = globalThis as unknown as Endpoint): void {
  const replying: Record<string, (...args: unknown[]) => Promise<WorkerReply<unknown>>> = {};
  for (const [key, method] of Object.entries(api) as [string, unknown][]) {
    if (typeof method !== 'function') continue;
    replying[key] = async (...args) => {
      try {
        return { ok: true, value: await (method as (...a: unknown[]) => unknown)(...args) };
      } catch (error) {
        return { ok: false, error: error instanceof WorkerFailure ? { code: error.code, message: error.message } : toError(error) };
      }
    };
  }
  expose(replying, endpoint);
  endpoint.postMessage(WORKER_READY);
}
