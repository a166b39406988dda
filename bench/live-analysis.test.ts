import { describe, expect, it } from 'vitest';
import type { BenchAudio } from './audio.ts';
import { analyseLive, firstFinalAfterReady } from './live-analysis.ts';
import type { ProbeSnapshot, RecorderEvent, WorkerCall } from './pages/probe-api.ts';

const PHRASE = 'The quick brown fox jumps over the lazy dog.';
const audio: BenchAudio = {
  path: '/x.wav', name: 'x.wav', durationSeconds: 10, layout: 'pauses',
  utterances: [{ start: 1, end: 2, text: 'a' }, { start: 4, end: 5, text: 'b' }],
};
const call = (start: number, end: number): WorkerCall => ({ worker: 'whisper', method: 'transcribe', start, end, failed: false });
const event = (type: RecorderEvent['type'], t: number, utteranceId: number, span: [number, number] | null = null, revision = 0): RecorderEvent => ({
  type, t, text: type === 'final' ? PHRASE : 'The quick', utteranceId, start: span?.[0] ?? null, end: span?.[1] ?? null,
  revision: type === 'final' ? revision : null,
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
    // The file started at page time 1 s, so the first utterance (1–2 s) started at 2 s: its first partial came 500 ms later.
    expect(r.firstPartialMs).toMatchObject({ count: 1, p50: 500 });
    expect(r.longPartialIntervalMs).toMatchObject({ count: 0 });
    expect(r).toMatchObject({ finalUtterances: 2, revisedUtterances: 0, revisionRate: 0, splitUtterances: 0, splitRate: 0 });
    // Latencies 800 and 1000 ms (p95 990), passes 300, 600, 600 (p95 600).
    expect(r.latencyMinusPassMs).toEqual({ p50: 300, p95: expect.closeTo(390) as number });
    expect(r.latencyOverPassP95).toBeCloseTo(1.65);
    expect(r.passSplit).toMatchObject({ passes: 0, featuresMs: null });
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

  it('counts revised finals, times the first final only, and finds an utterance heard as two', () => {
    const r = analyseLive('s', '/', audio, snapshot([
      event('final', 3800, 1, [1, 1.6]), event('final', 4300, 1, [1, 2.1], 1),
      event('final', 6400, 2, [4, 4.5]), event('final', 7000, 3, [4.5, 5.1]),
    ]), times);
    expect(r).toMatchObject({ finals: 4, finalUtterances: 3, revisedUtterances: 1, missingFinals: 0, splitUtterances: 1, splitRate: 0.5 });
    expect(r.revisionRate).toBeCloseTo(1 / 3);
    expect(r.latencyMs).toMatchObject({ count: 2, p50: 600, max: 800 });
  });

  it('does not count as split an utterance whose second recorder utterance was taken back', () => {
    const r = analyseLive('s', '/', audio, snapshot([
      event('final', 3800, 1, [1, 2.1]), event('final', 6400, 2, [4, 4.5]), event('final', 7000, 3, [4.5, 5.1]),
      { ...event('final', 7200, 3, [4.5, 5.1], 1), text: '' },
    ]), times);
    expect(r).toMatchObject({ splitUtterances: 0, revisedUtterances: 1 });
  });

  it('measures the cadence of partials in long utterances apart', () => {
    const long: BenchAudio = { ...audio, utterances: [{ start: 1, end: 6, text: 'a' }, { start: 7, end: 8, text: 'b' }] };
    const r = analyseLive('s', '/', long, snapshot([
      event('partial', 2500, 1), event('partial', 3000, 1), event('partial', 3600, 1), event('final', 6800, 1, [1, 6.1]),
      event('partial', 8500, 2), event('partial', 8700, 2), event('final', 9900, 2, [7, 8.1]),
    ]), times);
    expect(r.partialIntervalMs).toMatchObject({ count: 3, p50: 500 });
    expect(r.longPartialIntervalMs).toMatchObject({ count: 2, p50: 550 });
    expect(r.firstPartialMs).toMatchObject({ count: 2, p50: 500 });
  });

  it('counts phrases when finals carry no times, and reports utterances without a final', () => {
    const r = analyseLive('s', '/', audio, snapshot([event('final', 3800, 1)]), times);
    expect(r).toMatchObject({ utterances: 2, missingFinals: 1 });
    expect(r.latencyMs).toMatchObject({ count: 1, p50: 800 });
  });
});

describe('firstFinalAfterReady', () => {
  it('times the first final after the model was ready, and splits it at the first sound and at listening', () => {
    const state = (t: number, text: string): RecorderEvent => ({ ...event('state', t, 0), utteranceId: null, text });
    const recorder = [state(100, 'listening'), event('final', 500, 0, [0, 1]), state(1800, 'listening'), event('partial', 2500, 1), event('final', 4200, 1, [1, 3])];
    // Ready at 1 s (events before are another session's); the stream at 1.2 s, its first sound at 1.3 s; listening at 1.8 s.
    expect(firstFinalAfterReady(recorder, 1000, { streamAt: 1200, onsetAt: 1300 })).toEqual({
      readyToFinalMs: 3200, readyToStreamMs: 200, readyToSoundMs: 300, readyToListeningMs: 800, listeningToFinalMs: 2400,
    });
  });

  it('has nothing to report without a final or a sound', () => {
    expect(firstFinalAfterReady([event('partial', 2500, 1)], 1000, { streamAt: null, onsetAt: null })).toEqual({
      readyToFinalMs: null, readyToStreamMs: null, readyToSoundMs: null, readyToListeningMs: null, listeningToFinalMs: null,
    });
  });
});
