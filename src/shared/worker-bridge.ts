import { wrap, type Remote } from 'comlink';
import { WORKER_READY, type Replying, type WorkerErrorData } from './worker-protocol.ts';

/** What can go wrong with the worker itself, rather than with what it was asked to do. */
export type BridgeFailure =
  /** The worker's script failed to load or threw outside a call (an `error` event). */
  | 'worker-crashed'
  /** The worker did not say it was ready in time (a script that never arrives, a hung start-up). */
  | 'worker-unresponsive'
  /** terminate() ended the worker while the call waited. */
  | 'worker-terminated';

export interface BridgeOptions {
  /** Starts the worker (see start-worker.ts); called on first use and after every crash or termination. */
  start(): Worker;
  /** Turns error data (the worker's own, or one of the bridge's failures) into the page's error type. */
  error(data: WorkerErrorData): Error;
  /** Says, in words, which worker this is: "The transcription worker". */
  label: string;
  /** How long a starting worker may take to say it is ready. */
  readyTimeoutMs?: number;
  /** A worker was just started: anything sent now reaches it before the call that started it. */
  onStart?(): void;
  /** The worker had to be ended (crash, no answer, terminate()): whatever it held (a loaded model) is gone. */
  onLost?(code: BridgeFailure): void;
}

/** Every page-side user of a worker: start it lazily, call it, and know that no call waits on a dead worker. */
const READY_TIMEOUT_MS = 10_000;

interface Running {
  worker: Worker;
  api: Remote<Record<string, (...args: unknown[]) => Promise<unknown>>>;
  /** Rejects when the worker dies (crash, no start, terminate); every call in flight races it. */
  dead: Promise<never>;
  kill(code: BridgeFailure, message: string): void;
}

/**
 * The one way the page talks to a worker: started on first use (and again after a crash), every call answered
 * with the worker's value or a typed error, and a worker that crashes, never starts or is terminated fails every
 * call in flight at once instead of leaving it waiting.
 */
export class WorkerBridge<Api extends object> {
  private running: Running | null = null;

  constructor(private readonly options: BridgeOptions) {}

  /** Like call(), but a worker that has not answered within `ms` is ended ('worker-unresponsive'). */
  callWithin<K extends keyof Api & string>(ms: number, method: K, ...args: Parameters<Extract<Api[K], (...a: never[]) => unknown>>): Promise<Awaited<ReturnType<Extract<Api[K], (...a: never[]) => unknown>>>> {
    const running = this.ensure();
    const timer = setTimeout(() => running.kill('worker-unresponsive', `${this.options.label} did not answer within ${Math.round(ms / 1000)} s and was restarted.`), ms);
    const settled = this.call(method, ...args);
    void settled.then(() => clearTimeout(timer), () => clearTimeout(timer));
    return settled;
  }

  call<K extends keyof Api & string>(method: K, ...args: Parameters<Extract<Api[K], (...a: never[]) => unknown>>): Promise<Awaited<ReturnType<Extract<Api[K], (...a: never[]) => unknown>>>> {
    const running = this.ensure();
    const reply = (running.api[method] as unknown as (...a: unknown[]) => Promise<Awaited<ReturnType<Replying<Api>[K]>>>)(...args);
    return Promise.race([reply, running.dead]).then((r) => {
      const answer = r as { ok: true; value: unknown } | { ok: false; error: WorkerErrorData };
      if (!answer.ok) throw this.options.error(answer.error);
      return answer.value as Awaited<ReturnType<Extract<Api[K], (...a: never[]) => unknown>>>;
    });
  }

  /** Ends the worker; calls in flight fail with 'worker-terminated' (or `code`), and the next call starts a new one. */
  terminate(message = `${this.options.label} was stopped.`, code: BridgeFailure = 'worker-terminated'): void {
    this.running?.kill(code, message);
  }

  private ensure(): Running {
    if (this.running) return this.running;
    const worker = this.options.start();
    let kill!: Running['kill'];
    const dead = new Promise<never>((_, reject) => {
      kill = (code, message) => {
        if (this.running !== running) return;
        this.running = null;
        clearTimeout(timer);
        worker.terminate();
        reject(this.options.error({ code, message }));
        this.options.onLost?.(code);
      };
    });
    dead.catch(() => undefined); // observed by the calls in flight, if any
    const timeout = this.options.readyTimeoutMs ?? READY_TIMEOUT_MS;
    const timer = setTimeout(
      () => kill('worker-unresponsive', `${this.options.label} did not start within ${Math.round(timeout / 1000)} s. Reload the page; if an update was just installed, its files may not have arrived.`),
      timeout,
    );
    const onReady = (event: MessageEvent) => {
      if (event.data !== WORKER_READY) return;
      clearTimeout(timer);
      worker.removeEventListener('message', onReady);
    };
    worker.addEventListener('message', onReady);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      kill('worker-crashed', `${this.options.label} stopped unexpectedly (${event.message || 'its script could not run'}).`);
    });
    const running: Running = { worker, api: wrap(worker), dead, kill };
    this.running = running;
    this.options.onStart?.();
    return running;
  }
}
