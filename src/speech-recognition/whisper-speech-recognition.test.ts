import { describe, expect, it } from 'vitest';
import type { LiveEvent, LiveSessionOptions } from '../engine/live-session.ts';
import type { LoadConsent } from '../engine/load-consent.ts';
import type { TranscriptionEngine } from '../engine/transcription-engine.ts';
import type { WhisperSpeechRecognitionErrorEvent, WhisperSpeechRecognitionEvent } from './speech-recognition-events.ts';
import { WhisperSpeechRecognition } from './whisper-speech-recognition.ts';

/**
 * An engine whose live session the test scripts: `say` sends events, `stop()` ends it (after `onStop`'s events);
 * `ask` puts a question on its status, as a load waiting on the gate does.
 */
function fakeEngine(onStop: LiveEvent[] = []) {
  let emit!: (event: LiveEvent) => void;
  const seen: { options?: LiveSessionOptions; configured?: unknown; stops: number; answers: boolean[] } = { stops: 0, answers: [] };
  const events = new EventTarget();
  const engine = Object.assign(events, {
    status: { consent: null as LoadConsent | null },
    answerConsent: (accept: boolean) => {
      seen.answers.push(accept);
      engine.status = { consent: null };
      events.dispatchEvent(new Event('status'));
    },
    configure: async (settings: unknown) => void (seen.configured = settings),
    startLive: (options: LiveSessionOptions) => {
      seen.options = options;
      emit = options.onEvent;
      return {
        stop: async () => {
          seen.stops++;
          for (const e of onStop) emit(e);
          emit({ type: 'state', state: 'stopped' });
        },
      };
    },
  });
  const ask = (consent: LoadConsent) => {
    engine.status = { consent };
    events.dispatchEvent(new Event('status'));
  };
  return { engine: engine as unknown as TranscriptionEngine, seen, ask, say: (...events: LiveEvent[]) => events.forEach((e) => emit(e)) };
}

const state = (s: LiveEvent & { type: 'state' }): LiveEvent => s;
const listening = state({ type: 'state', state: 'listening' });
const speaking = state({ type: 'state', state: 'speaking' });
const processing = state({ type: 'state', state: 'processing' });
const final = (utteranceId: number, text: string, revision = 0): LiveEvent => ({ type: 'final', detail: { text, start: 0, end: 1, utteranceId, language: 'en', revision, confidence: 0.9 } });
const partial = (utteranceId: number, text: string): LiveEvent => ({ type: 'partial', detail: { text, utteranceId } });
const end = (utteranceId: number): LiveEvent => ({ type: 'utterance-end', utteranceId });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Every event the recognition fires, as a line: results as `result i: transcript|final…`. */
function record(recognition: WhisperSpeechRecognition): string[] {
  const log: string[] = [];
  for (const type of ['start', 'audiostart', 'soundstart', 'speechstart', 'speechend', 'soundend', 'audioend', 'nomatch', 'end'] as const) {
    recognition.addEventListener(type, () => log.push(type));
  }
  recognition.onresult = (e: WhisperSpeechRecognitionEvent) =>
    log.push(`result ${e.resultIndex}: ${[...e.results].map((r) => `${r[0]!.transcript}${r.isFinal ? '|final' : ''}`).join(' / ')}`);
  recognition.onerror = (e: WhisperSpeechRecognitionErrorEvent) => log.push(`error ${e.error}`);
  return log;
}

describe('WhisperSpeechRecognition', () => {
  it('continuous with interim results: events in the browser’s order, revised finals interim until the utterance ends', async () => {
    const fake = fakeEngine();
    const recognition = new WhisperSpeechRecognition({ engine: fake.engine, model: '/models/x', device: 'wasm' });
    recognition.continuous = true;
    recognition.interimResults = true;
    recognition.lang = 'en-US';
    const log = record(recognition);
    recognition.start();
    expect(() => recognition.start()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    await tick();
    expect(fake.seen.configured).toMatchObject({ model: '/models/x', device: 'wasm', language: 'en', task: 'transcribe' });
    expect(fake.seen.options).toMatchObject({ source: { kind: 'microphone' }, language: 'en', partials: true });
    fake.say(state({ type: 'state', state: 'loading' }), listening, speaking, partial(1, 'The quick'), processing, final(1, 'The quick brown fox.'), speaking);
    fake.say(final(1, 'The quick brown fox jumps.', 1), listening, end(1));
    fake.say(speaking, final(2, 'Pack my box.'), listening, end(2));
    recognition.stop();
    await tick();
    expect(log).toEqual([
      'start', 'audiostart', 'soundstart', 'speechstart',
      'result 0: The quick',
      'speechend', 'soundend',
      'result 0: The quick brown fox.',
      'soundstart', 'speechstart',
      'result 0: The quick brown fox jumps.',
      'speechend', 'soundend',
      'result 0: The quick brown fox jumps.|final',
      'soundstart', 'speechstart',
      'result 1: The quick brown fox jumps.|final /  Pack my box.',
      'speechend', 'soundend',
      'result 1: The quick brown fox jumps.|final /  Pack my box.|final',
      'audioend', 'end',
    ]);
  });

  it('not continuous: ends after the first final result, ignoring what follows, and may start again from onend', async () => {
    const fake = fakeEngine([final(2, 'Ignored.'), end(2)]);
    const recognition = new WhisperSpeechRecognition({ engine: fake.engine });
    const log = record(recognition);
    let restarted = false;
    recognition.onend = () => {
      if (restarted) return;
      restarted = true;
      recognition.start();
    };
    recognition.start();
    await tick();
    expect(fake.seen.options?.partials).toBe(false);
    fake.say(listening, speaking, partial(1, 'Hello'), final(1, 'Hello there.'), listening, end(1));
    await tick();
    expect(log).toEqual(['start', 'audiostart', 'soundstart', 'speechstart', 'speechend', 'soundend', 'result 0: Hello there.|final', 'audioend', 'end']);
    expect(fake.seen.stops).toBe(1);
    expect(restarted).toBe(true);
    recognition.abort();
  });

  it('abort() gives no more results; a fatal error is told in the Web Speech API’s words before end', async () => {
    const fake = fakeEngine([final(1, 'Never told.'), end(1)]);
    const recognition = new WhisperSpeechRecognition({ engine: fake.engine });
    recognition.continuous = true;
    const log = record(recognition);
    recognition.start();
    await tick();
    fake.say(listening, speaking);
    recognition.abort();
    await tick();
    expect(log).toEqual(['start', 'audiostart', 'soundstart', 'speechstart', 'speechend', 'soundend', 'audioend', 'end']);

    const denied = fakeEngine();
    const again = new WhisperSpeechRecognition({ engine: denied.engine });
    const errors = record(again);
    again.start();
    await tick();
    denied.say({ type: 'error', code: 'permission-denied', message: 'Microphone access was denied.', fatal: true }, state({ type: 'state', state: 'error' }));
    expect(errors).toEqual(['error not-allowed', 'end']);
  });

  it('without speech, a non-continuous recognition ends with no-speech; speech without words gives nomatch', async () => {
    const quiet = fakeEngine();
    const recognition = new WhisperSpeechRecognition({ engine: quiet.engine, noSpeechTimeoutMs: 10 });
    const log = record(recognition);
    recognition.start();
    await tick();
    quiet.say(listening);
    await expect.poll(() => log.at(-1)).toBe('end');
    expect(log).toEqual(['start', 'audiostart', 'error no-speech', 'audioend', 'end']);

    const mumble = fakeEngine([end(1)]);
    const other = new WhisperSpeechRecognition({ engine: mumble.engine });
    const heard = record(other);
    other.start();
    await tick();
    mumble.say(listening, speaking, processing);
    other.stop();
    await tick();
    expect(heard).toEqual(['start', 'audiostart', 'soundstart', 'speechstart', 'speechend', 'soundend', 'audioend', 'nomatch', 'end']);
  });

  it('refuses a language Whisper does not know, and stops before anything opened when stopped while configuring', async () => {
    const fake = fakeEngine();
    const recognition = new WhisperSpeechRecognition({ engine: fake.engine });
    recognition.lang = 'tlh';
    const log = record(recognition);
    recognition.start();
    await tick();
    expect(log).toEqual(['error language-not-supported', 'end']);
    recognition.lang = '';
    recognition.start();
    recognition.stop();
    await tick();
    expect(log.slice(2)).toEqual(['end']);
    expect(fake.seen.options).toBeUndefined();
  });

  it('answers a load question with confirmLoad; a no fails with service-not-allowed; given an engine alone, the page answers', async () => {
    const host: LoadConsent = { kind: 'host', host: 'models.example', label: 'w from models.example', message: 'w comes from models.example.' };
    const asked: LoadConsent[] = [];
    const fake = fakeEngine();
    const recognition = new WhisperSpeechRecognition({ engine: fake.engine, confirmLoad: (consent) => (asked.push(consent), Promise.resolve(false)) });
    const log = record(recognition);
    recognition.start();
    await tick();
    fake.say(state({ type: 'state', state: 'loading' }));
    fake.ask(host);
    await tick();
    expect(asked).toEqual([host]);
    expect(fake.seen.answers).toEqual([false]);
    fake.say({ type: 'error', code: 'model-load', message: 'You chose not to load it.', fatal: true }, state({ type: 'state', state: 'error' }));
    expect(log).toEqual(['error service-not-allowed', 'end']);

    const yes = fakeEngine();
    const allowing = new WhisperSpeechRecognition({ engine: yes.engine, confirmLoad: () => true });
    yes.ask(host);
    allowing.start();
    await tick();
    await tick();
    expect(yes.seen.answers).toEqual([true]);
    allowing.abort();

    const pageAsks = fakeEngine();
    const left = new WhisperSpeechRecognition({ engine: pageAsks.engine });
    left.start();
    await tick();
    pageAsks.ask(host);
    await tick();
    expect(pageAsks.seen.answers).toEqual([]);
    left.abort();
  });
});
