/**
 * Whether the running call should stop: interrupt() was called (a lost device, a cancel message), or the client has
 * written the running call's id into the shared cancel flag. Checked before every decoder step, which is the only
 * time this worker's code runs while a window is being decoded.
 */
export class CallStopping {
  callId = -1;
  private interrupted = false;
  constructor(private readonly flag: () => Int32Array | null) {}

  cancelled(): boolean {
    const flag = this.flag();
    return this.interrupted || (flag !== null && Atomics.load(flag, 0) === this.callId);
  }

  interrupt(): void {
    this.interrupted = true;
  }

  reset(): void {
    this.interrupted = false;
  }
}
