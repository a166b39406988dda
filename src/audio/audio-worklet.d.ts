/**
 * The few names of AudioWorkletGlobalScope that pcm-capture.worklet.ts uses. TypeScript ships no lib for that scope,
 * and neither DOM nor WebWorker describes it (no `window`, no `self`, no `fetch`, no timers), so tsconfig.worklet.json
 * has the ES libs and this file only: anything else the worklet touches is a type error.
 */

/** The context's sample rate, fixed for the worklet's life. */
declare const sampleRate: number;

declare abstract class AudioWorkletProcessor {
  /** Connected to the AudioWorkletNode's `port` on the main thread. */
  readonly port: MessagePort;
}

/** `Options` is the processor's own `processorOptions`, as the page passes them to `new AudioWorkletNode()`. */
declare function registerProcessor<Options>(name: string, ctor: new (options: { processorOptions?: Options }) => AudioWorkletProcessor): void;

type Transferable = ArrayBuffer | MessagePort;

interface MessageEvent<T = unknown> {
  readonly data: T;
}

interface MessagePort {
  /** `never`: each handler names the data it expects, as DOM's `MessageEvent<any>` allows, without `any`. */
  onmessage: ((event: MessageEvent<never>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
