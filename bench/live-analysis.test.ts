import { describe, expect, it } from 'vitest';
import type { BenchAudio } from './audio.ts';
import { analyseLive } from './live-analysis.ts';
import type { ProbeSnapshot, RecorderEvent, WorkerCall } from './pages/probe-api.ts';

const PHRASE = 'The quick brown fox jumps over the lazy dog.';
const audio: BenchAudio = {
  path: '/x.wav', name: 'x.wav', durationSeconds: 10, layout: 'pauses',
  utterances: [{ start: 1, end: 2, text: 'a' }, { start: 4, end: 5, text: 'b' }],
};
const call = (start: number, end: number): WorkerCall => ({ worker: 'whisper', method: 'transcribe', start, end, failed: false });
const event = (type: RecorderEvent['type'], t: number, utteranceId: number, span: [number, number] | null = null): RecorderEvent => ({
  type, t, text: type === 'final' ? PHRASE : 'The quick', utteranceId, start: span?.[0] ?? null, end: span?.[1] ?? null,
});

function snapshot(recorder: RecorderEvent[]): ProbeSnapshot {
  return {
    now: 12_000, longTasks: [{ start: 5000, duration: 80 }], longFrames: [], frameGaps: [], frames: 700, inputs: [],
    workerCalls: [call(2400, 2700), call(3100, 3700), call(6300, 6900)], workers: [], queue: [], recorder,
    capture: { batches: 10, frames: 100, dropped: 0, missing: 0 }, probeMaxMs: 1,
  };
}

// The stream opened at 1 s and the first utterance (1 s into the file) was heard at 2 s: the file started with it.
const times = { streamAt: 1000, onsetAt: 2000, stopAt: 12_000, framesAtStart: 100 };

describe('analyseLive', () => {
  it('matches finals to utterances by their times and splits the latency into waiting and the final pass', () => {
    const r = analyseLive('s', '/', audio, snapshot([
      event('partial', 2500, 1), event('partial', 2800, 1), event('final', 3800, 1, [1, 2.1]), event('final', 7000, 2, [4, 5.1]),
    ]), times);
    expect(r).toMatchObject({ utterances: 2, missingFinals: 0, finals: 2, clockShiftSeconds: 0, droppedFrames: 0, missingFrames: 0 });
    expect(r.latencyMs).toMatchObject({ count: 2, p50: 900, max: 1000 });
    expect(r.endToFinalPassMs).toMatchObject({ p50: 200, max: 300 });
    expect(r.finalPassMs).toMatchObject({ p50: 600 });
    expect(r.passMs).toMatchObject({ count: 3, p50: 600 });
    expect(r.latencyOverPass).toBe(1.5);
    expect(r.partialIntervalMs).toMatchObject({ count: 1, p50: 300 });
    expect(r.workerBusy).toBeCloseTo(1500 / 11_000);
    expect(r.mainThread).toMatchObject({ longTasks: 1, frames: 600 });
  });

  it('leaves cancelled calls out of the passes but not out of the worker\'s busy time', () => {
    const snap = snapshot([event('final', 3800, 1, [1, 2.1]), event('final', 7000, 2, [4, 5.1])]);
    // A partial cancelled at the second utterance's pause, just before the pass that became its final.
    snap.workerCalls.splice(2, 0, { ...call(5900, 6000), failed: true });
    const r = analyseLive('s', '/', audio, snap, times);
    expect(r.passMs).toMatchObject({ count: 3, p50: 600 });
    expect(r.finalPassMs).toMatchObject({ p50: 600 });
    expect(r.workerBusy).toBeCloseTo(1600 / 11_000);
  });

  it('counts phrases when finals carry no times, and reports utterances without a final', () => {
    const r = analyseLive('s', '/', audio, snapshot([event('final', 3800, 1)]), times);
    expect(r).toMatchObject({ utterances: 2, missingFinals: 1 });
    expect(r.latencyMs).toMatchObject({ count: 1, p50: 800 });
  });
});
