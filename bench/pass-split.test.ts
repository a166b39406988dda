import { describe, expect, it } from 'vitest';
import { passSplit } from './pass-split.ts';
import type { WorkerCall } from './pages/probe-api.ts';

const pass = (audioSeconds: number, featuresMs: number, encoderMs: number, decoderMs: number, extra: Partial<WorkerCall> = {}): WorkerCall => ({
  worker: 'whisper', method: 'transcribe', start: 0, end: 1, failed: false, audioSeconds, featuresMs, encoderMs, decoderMs, ...extra,
});

describe('passSplit', () => {
  it('takes medians per section, and the feature share over the passes of an utterance\'s length only', () => {
    const r = passSplit([pass(3, 10, 40, 50), pass(3.5, 30, 50, 20), pass(30, 100, 400, 500)]);
    expect(r).toMatchObject({ passes: 3, featuresMs: 30, encoderMs: 50, decoderMs: 50, utterancePasses: 2 });
    expect(r.utteranceFeatureShare).toBeCloseTo((0.1 + 0.3) / 2);
  });

  it('leaves out failed calls, other methods and workers, and calls without timings', () => {
    const r = passSplit([
      pass(3, 10, 20, 30),
      pass(3, 99, 99, 99, { failed: true }),
      pass(3, 99, 99, 99, { worker: 'decode' }),
      pass(3, 99, 99, 99, { method: 'load' }),
      { worker: 'whisper', method: 'transcribe', start: 0, end: 1, failed: false, audioSeconds: 3 },
    ]);
    expect(r).toMatchObject({ passes: 1, featuresMs: 10, encoderMs: 20, decoderMs: 30, utterancePasses: 1 });
  });

  it('reports nothing rather than zeros when no pass brought timings', () => {
    expect(passSplit([])).toEqual({ passes: 0, featuresMs: null, encoderMs: null, decoderMs: null, utterancePasses: 0, utteranceFeatureShare: null });
  });
});
