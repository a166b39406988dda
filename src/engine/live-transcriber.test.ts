import { describe, expect, it } from 'vitest';
import { LiveTranscriber, type FinalDetail, type LiveState, type PartialDetail } from './live-transcriber.ts';
import type { WindowResult } from './protocol.ts';
import type { Word } from './transcript.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/** What the worker adds to a window that decoded cleanly on the first, greedy pass. */
const CLEAN = { stats: { temperature: 0, avgLogprob: -0.2, compressionRatio: 1.3, noSpeechProb: 0.01 }, silence: false, fallbacks: 0, highestTemperature: 0, timings: { featuresMs: 1, encoderMs: 2, decoderMs: 3 } };

const FRAME = 512;
const framesFor = (seconds: number) => Math.round((seconds * SAMPLE_RATE) / FRAME);

/** A scripted session: probabilities per 32 ms frame, a fake model that says "hello world" for any audio. */
function session(opts: { partials?: boolean; language?: string | null; detected?: WindowResult['detected']; heard?: (call: number) => string; words?: (seconds: number) => Word[] } = {}) {
  const events: (['partial', PartialDetail] | ['final', FinalDetail])[] = [];
  const states: LiveState[] = [];
  const calls: { seconds: number; prompt: string; language: string | null; previousLanguage: string | null }[] = [];
  let clock = 0;
  const live = new LiveTranscriber({
    partials: opts.partials ?? true,
    language: opts.language === undefined ? 'en' : opts.language,
    now: () => clock,
    onPartial: (d) => events.push(['partial', d]),
    onFinal: (d) => events.push(['final', d]),
    onState: (s) => states.at(-1) !== s && states.push(s),
    onError: () => undefined,
    transcribe: async (audio, o) => {
      calls.push({ seconds: audio.length / SAMPLE_RATE, prompt: o.prompt, language: o.language, previousLanguage: o.previousLanguage });
      const seconds = audio.length / SAMPLE_RATE;
      return {
        segments: [{ start: 0, end: seconds, text: ' hello world', ...(opts.words && { words: opts.words(seconds) }) }],
        text: ' hello world',
        language: o.language ?? opts.heard?.(calls.length - 1) ?? 'es',
        ...(opts.detected ? { detected: opts.detected } : {}),
        decoderSteps: 3,
        encoderPasses: 1,
        ...CLEAN,
      };
    },
  });
  const feed = async (seconds: number, probability: number) => {
    for (let i = 0; i < framesFor(seconds); i += 4) {
      const n = Math.min(4, framesFor(seconds) - i);
      live.push({ frames: new Float32Array(n * FRAME), probabilities: new Float32Array(n).fill(probability) });
      clock += n * 32;
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { live, events, states, calls, feed };
}

describe('LiveTranscriber', () => {
  it('gives partials before one final per utterance, in order, and nothing for silence', async () => {
    const s = session();
    await s.feed(1, 0.01);
    await s.feed(2, 0.95);
    await s.feed(1.5, 0.02);
    await s.feed(1.5, 0.97);
    await s.feed(2, 0.01);
    await s.live.finish();
    const finals = s.events.filter(([k]) => k === 'final').map(([, d]) => d as FinalDetail);
    expect(finals.map((f) => [f.utteranceId, f.text])).toEqual([[1, 'hello world'], [2, 'hello world']]);
    expect(finals[0]!.start).toBeCloseTo(1 - 0.3, 1);
    expect(finals[1]!.start).toBeGreaterThan(finals[0]!.end);
    const firstFinal = s.events.findIndex(([k]) => k === 'final');
    expect(s.events.slice(0, firstFinal).some(([k, d]) => k === 'partial' && d.utteranceId === 1)).toBe(true);
    // No partial of an utterance after its final.
    for (const f of finals) {
      const at = s.events.findIndex(([k, d]) => k === 'final' && d.utteranceId === f.utteranceId);
      expect(s.events.slice(at + 1).some(([k, d]) => k === 'partial' && d.utteranceId === f.utteranceId)).toBe(false);
    }
    // The model answers at once here, so the pass started at each pause is done before the end is confirmed.
    expect(s.states).toEqual(['listening', 'speaking', 'listening', 'speaking', 'listening']);
  });

  it("gives a final the words its pass timed, in the recording's time, and none that do not say its text", async () => {
    const said = (second: string) => (seconds: number): Word[] => [
      { text: ' hello', start: 0.3, end: 0.8, probability: 0.9 },
      { text: second, start: 0.8, end: seconds - 0.2, probability: 0.4 },
    ];
    const timed = session({ partials: false, words: said(' world') });
    await timed.feed(1, 0.01);
    await timed.feed(2, 0.95);
    await timed.feed(1.5, 0.01);
    await timed.live.finish();
    const [[, final]] = timed.events as [['final', FinalDetail]];
    expect(final.words!.map((w) => w.text)).toEqual([' hello', ' world']);
    expect(final.words![0]!.start).toBeCloseTo(final.start + 0.3, 5);
    expect(final.words![1]!.probability).toBe(0.4);

    const other = session({ partials: false, words: said(' there') });
    await other.feed(1, 0.01);
    await other.feed(2, 0.95);
    await other.feed(1.5, 0.01);
    await other.live.finish();
    expect((other.events[0]![1] as FinalDetail).words).toBeUndefined();
  });

  it('a silent recording never calls the model', async () => {
    const s = session();
    await s.feed(5, 0.02);
    await s.live.finish();
    expect([s.calls, s.events]).toEqual([[], []]);
  });

  it('finish() in the middle of speech flushes that utterance to a final', async () => {
    const s = session();
    await s.feed(0.5, 0.01);
    await s.feed(1.5, 0.96);
    await s.live.finish();
    expect(s.events.filter(([k]) => k === 'final')).toHaveLength(1);
  });

  it('without partials, the model runs once per utterance', async () => {
    const s = session({ partials: false });
    await s.feed(0.5, 0.01);
    await s.feed(3, 0.96);
    await s.feed(1, 0.01);
    await s.live.finish();
    expect(s.calls).toHaveLength(1);
    expect(s.events.map(([k]) => k)).toEqual(['final']);
  });

  it("on auto, detects every utterance, handing the last one's language on as the one to keep", async () => {
    // The speaker switches from Spanish to English at the second utterance.
    const s = session({ language: null, partials: false, heard: (call) => (call === 0 ? 'es' : 'en') });
    await s.feed(0.5, 0.01);
    await s.feed(1, 0.96);
    await s.feed(1, 0.01);
    await s.feed(1, 0.96);
    await s.feed(1, 0.01);
    await s.live.finish();
    expect(s.calls.map((c) => [c.language, c.previousLanguage])).toEqual([[null, null], [null, 'es']]);
    expect(s.events.filter(([k]) => k === 'final').map(([, d]) => (d as FinalDetail).language)).toEqual(['es', 'en']);
  });

  it('with a language fixed, never detects', async () => {
    const s = session({ language: 'de', partials: false });
    await s.feed(0.5, 0.01);
    await s.feed(1, 0.96);
    await s.feed(1, 0.01);
    await s.live.finish();
    expect(s.calls.map((c) => c.language)).toEqual(['de']);
    expect(s.events.filter(([k]) => k === 'final').map(([, d]) => (d as FinalDetail).language)).toEqual(['de']);
  });

  it('cancels the partial in flight when the speaker pauses, and makes the pass started then the final', async () => {
    // A model that answers only when told to, and rejects once cancelled, as the worker does.
    const calls: { seconds: number; signal: AbortSignal; answer: () => void }[] = [];
    const finals: FinalDetail[] = [];
    const states: LiveState[] = [];
    let clock = 0;
    const live = new LiveTranscriber({
      partials: true,
      language: 'en',
      now: () => clock,
      onPartial: () => undefined,
      onFinal: (d) => finals.push(d),
      onState: (st) => states.at(-1) !== st && states.push(st),
      onError: (e) => expect.unreachable(String(e)),
      transcribe: (audio, o) =>
        new Promise<WindowResult>((resolve, reject) => {
          const seconds = audio.length / SAMPLE_RATE;
          o.signal.addEventListener('abort', () => reject(new Error('cancelled')));
          const answer = () => resolve({ segments: [{ start: 0, end: seconds, text: ' hello' }], text: ' hello', language: 'en', decoderSteps: 2, encoderPasses: 1, ...CLEAN });
          calls.push({ seconds, signal: o.signal, answer });
        }),
    });
    const feed = async (seconds: number, probability: number) => {
      for (let i = 0; i < framesFor(seconds); i++) {
        live.push({ frames: new Float32Array(FRAME), probabilities: Float32Array.of(probability) });
        clock += 32;
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    await feed(0.5, 0.01);
    await feed(2, 0.96);
    expect(calls).toHaveLength(1); // the first partial, still running
    await feed(0.032, 0.01);
    expect(calls[0]!.signal.aborted).toBe(false); // one quiet frame: a gap between words
    await feed(0.032, 0.01);
    expect(calls[0]!.signal.aborted).toBe(true); // the second (64 ms): a pause
    // The cancelled pass had run for almost 2 s: a pass costs that much here, so the guess that speech ended waits
    // for 5 % of it (a third quiet frame).
    expect(calls).toHaveLength(1);
    await feed(0.032, 0.01);
    expect(calls).toHaveLength(2);
    // The pass started then hears all the speech: 0.3 s pre-roll, 63 frames of speech, 3 quiet frames.
    expect(calls[1]!.seconds).toBeCloseTo(0.3 + ((63 + 3) * FRAME) / SAMPLE_RATE, 3);
    await feed(0.7, 0.01);
    expect(states.at(-1)).toBe('processing'); // the end is confirmed; that pass is still running
    expect(finals).toEqual([]);
    calls[1]!.answer();
    await live.finish();
    expect(calls).toHaveLength(2); // no third pass for the final
    expect(finals.map((f) => f.text)).toEqual(['hello']);
    expect(states.at(-1)).toBe('listening');
  });
});
