import { describe, expect, it } from 'vitest';
import { fallbackCount, oursOnNonSpeech, referenceOnNonSpeech } from './guards.ts';
import type { WorkerCall } from './pages/probe-api.ts';

const call = (extra: Partial<WorkerCall> = {}): WorkerCall => ({ worker: 'whisper', method: 'transcribe', start: 0, end: 1, failed: false, ...extra });

describe('fallbackCount', () => {
  it('counts the windows that went above temperature 0, and the highest temperature reached', () => {
    const r = fallbackCount([
      call({ fallbacks: 0, highestTemperature: 0 }),
      call({ fallbacks: 2, highestTemperature: 0.4 }),
      call({ fallbacks: 5, highestTemperature: 1 }),
    ]);
    expect(r).toEqual({ windows: 3, fellBack: 2, highestTemperature: 1 });
  });

  it('leaves out failed calls and other workers and methods, and says when no window reported a temperature', () => {
    const r = fallbackCount([
      call({ fallbacks: 1, highestTemperature: 0.2, failed: true }),
      call({ fallbacks: 1, highestTemperature: 0.2, worker: 'decode' }),
      call({ fallbacks: 1, highestTemperature: 0.2, method: 'load' }),
      call(),
    ]);
    expect(r).toEqual({ windows: 1, fellBack: 0, highestTemperature: null });
  });
});

describe('non-speech files', () => {
  it('sums the audio of our windows and joins the text kept', () => {
    const r = oursOnNonSpeech([call({ audioSeconds: 4.5 }), call({ audioSeconds: 2 }), call({ audioSeconds: 9, failed: true })], [
      { start: 0, end: 1, text: ' Thank you.' },
      { start: 1, end: 2, text: '  ' },
    ]);
    expect(r).toEqual({ calls: 2, secondsSent: 6.5, text: 'Thank you.' });
  });

  it('has ours send nothing and say nothing when no window reached the model', () => {
    expect(oursOnNonSpeech([call({ method: 'load' })], [])).toEqual({ calls: 0, secondsSent: 0, text: '' });
  });

  it('has the reference send the whole file once it ran the encoder', () => {
    expect(referenceOnNonSpeech(2, 40, [{ start: 0, end: 30, text: 'music' }])).toEqual({ calls: 2, secondsSent: 40, text: 'music' });
    expect(referenceOnNonSpeech(0, 40, [])).toEqual({ calls: 0, secondsSent: 0, text: '' });
  });
});
