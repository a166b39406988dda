import { describe, expect, it } from 'vitest';
import { CallStopping } from './call-stopping.ts';

describe('CallStopping', () => {
  it('stops the running call when the client writes its id into the shared flag, and no other call', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const stopping = new CallStopping(() => flag);
    stopping.callId = 7;
    expect(stopping.cancelled()).toBe(false);
    Atomics.store(flag, 0, 6); // an earlier call, already over
    expect(stopping.cancelled()).toBe(false);
    Atomics.store(flag, 0, 7);
    expect(stopping.cancelled()).toBe(true);
    stopping.callId = 8; // the next call is not touched by the old cancel
    expect(stopping.cancelled()).toBe(false);
  });

  it('still stops on interrupt(), with or without a flag', () => {
    const stopping = new CallStopping(() => null);
    stopping.callId = 1;
    expect(stopping.cancelled()).toBe(false);
    stopping.interrupt();
    expect(stopping.cancelled()).toBe(true);
    stopping.reset();
    expect(stopping.cancelled()).toBe(false);
  });
});
