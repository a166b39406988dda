import { InterruptableStoppingCriteria } from '@huggingface/transformers';

/**
 * Stops generation on interrupt(), or when the client has written the running call's id into the shared cancel flag:
 * checked after every decoding step, which is the only time this worker's code runs during generate().
 */
export class CallStopping extends InterruptableStoppingCriteria {
  callId = -1;
  constructor(private readonly flag: () => Int32Array | null) {
    super();
  }

  cancelled(): boolean {
    const flag = this.flag();
    return this.interrupted || (flag !== null && Atomics.load(flag, 0) === this.callId);
  }

  override _call(input_ids: number[][]): boolean[] {
    return new Array<boolean>(input_ids.length).fill(this.cancelled());
  }
}
