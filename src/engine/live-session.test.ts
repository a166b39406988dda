import { describe, expect, it } from 'vitest';
import type { LiveAudioStartOptions } from '../audio/live-audio.ts';
import { AudioSourceError } from '../audio/audio-capture.ts';
import { MicrophoneError } from '../audio/microphone.ts';
import { LiveSession, type LiveEvent, type LiveSessionDeps, type LiveSource } from './live-session.ts';
import type { LiveCapture } from './live-source.ts';
import type { WindowResult } from './protocol.ts';

const FRAME = 512;
const CLEAN = { stats: { temperature: 0, avgLogprob: -0.2, compressionRatio: 1.3, noSpeechProb: 0.01 }, silence: false, fallbacks: 0, highestTemperature: 0, timings: { featuresMs: 1, encoderMs: 2, decoderMs: 3 } };

/** A controllable audio path and model: the test decides when loading and opening finish, and feeds VAD batches. */
function rig(o: { failOpen?: Error; failTranscribe?: Error; source?: LiveSource; failPicker?: Error } = {}) {
  const events: LiveEvent[] = [];
  const log: string[] = [];
  let loaded!: () => void;
  let opened!: () => void;
  let audio: LiveAudioStartOptions | null = null;
  const pushed: string[] = [];
  const capture: LiveCapture = {
    start: async () => undefined,
    stop: async () => void log.push('capture-stop'),
    ...(o.source?.kind === 'tab' ? { open: async () => (o.failPicker ? Promise.reject(o.failPicker) : void log.push('picker')) } : {}),
    ...(o.source?.kind === 'pcm' ? { pushPcm: (samples: Float32Array | readonly Float32Array[], rate: number) => void pushed.push(`pcm ${rate}`) } : {}),
  };
  const deps: LiveSessionDeps = {
    ensureLoaded: () => new Promise<void>((resolve) => (loaded = resolve)),
    transcribe: async (samples): Promise<WindowResult> => {
      if (o.failTranscribe) throw o.failTranscribe;
      const seconds = samples.length / 16000;
      return { segments: [{ start: 0, end: seconds, text: ' hello' }], text: ' hello', language: 'en', decoderSteps: 1, encoderPasses: 1, ...CLEAN };
    },
    promptResetOnTemperature: 0.5,
    capture: () => capture,
    audio: {
      start: (options) => {
        log.push('open');
        audio = options;
        return new Promise<void>((resolve, reject) => (opened = () => (o.failOpen ? reject(o.failOpen) : resolve())));
      },
      stop: async () => void log.push('close'),
    },
    release: () => log.push('release'),
  };
  const session = new LiveSession(deps, {
    source: o.source ?? { kind: 'microphone', echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    language: 'en',
    partials: false,
    onEvent: (e) => events.push(e),
  });
  const speak = (seconds: number, probability: number) => {
    const frames = Math.round((seconds * 16000) / FRAME);
    audio!.onBatch({ frames: new Float32Array(frames * FRAME), probabilities: new Float32Array(frames).fill(probability), firstFrameIndex: 0, peak: 0.5, dropped: 0, final: false });
  };
  const states = () => events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { session, events, log, pushed, states, speak, tick, load: () => loaded(), open: () => opened(), audio: () => audio };
}

describe('LiveSession', () => {
  it('loads, opens the source, hears an utterance, and flushes on stop', async () => {
    const r = rig();
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.speak(1.5, 0.9);
    r.speak(1, 0.05);
    await r.tick();
    await r.session.stop();
    expect(r.states()).toEqual(['loading', 'ready', 'listening', 'speaking', 'processing', 'listening', 'processing', 'stopped']);
    expect(r.events.filter((e) => e.type === 'final').map((e) => e.type === 'final' && e.detail.text)).toEqual(['hello']);
    expect(r.session.finals).toHaveLength(1);
    expect(r.log).toEqual(['open', 'close', 'release']);
  });

  it('stops at once while the model loads, and never opens the source', async () => {
    const r = rig();
    const started = r.session.start();
    await r.session.stop();
    expect(r.states()).toEqual(['loading', 'stopped']);
    r.load();
    await started;
    expect(r.log).toEqual(['capture-stop', 'release']);
    expect(r.states()).toEqual(['loading', 'stopped']);
  });

  it('stopped while the source opens (a permission prompt), closes what it opened', async () => {
    const r = rig();
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    const stopping = r.session.stop();
    r.open();
    await Promise.all([started, stopping]);
    expect(r.log).toEqual(['open', 'close', 'release']);
    expect(r.states().at(-1)).toBe('stopped');
    expect(r.states()).not.toContain('listening');
  });

  it('a refused microphone ends the session with its code, and releases the audio path', async () => {
    const r = rig({ failOpen: new MicrophoneError('permission-denied', 'Microphone access was denied.') });
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    expect(r.events.find((e) => e.type === 'error')).toEqual({ type: 'error', code: 'permission-denied', message: 'Microphone access was denied.', fatal: true });
    expect(r.states().at(-1)).toBe('error');
    expect(r.log).toEqual(['open', 'release']);
  });

  it('a failed pass is reported but the session goes on', async () => {
    const r = rig({ failTranscribe: new Error('out of memory') });
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.speak(1.5, 0.9);
    r.speak(1, 0.05);
    await r.tick();
    expect(r.events.find((e) => e.type === 'error')).toMatchObject({ code: 'transcription', fatal: false });
    expect(r.states()).not.toContain('error');
    await r.session.stop();
    expect(r.states().at(-1)).toBe('stopped');
  });

  it('an unplugged microphone ends the session and keeps what was said', async () => {
    const r = rig();
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.speak(1.5, 0.9);
    r.audio()!.onEnded?.('device-lost');
    await r.tick();
    await r.tick();
    expect(r.events.find((e) => e.type === 'error')).toMatchObject({ code: 'device-lost', fatal: true });
    expect(r.session.finals.map((f) => f.text)).toEqual(['hello']);
    expect(r.states().at(-1)).toBe('error');
  });

  it('a tab is chosen in the picker before the model loads, and released if the session stops meanwhile', async () => {
    const r = rig({ source: { kind: 'tab' } });
    const started = r.session.start();
    await r.tick();
    expect(r.log).toEqual(['picker']);
    const stopping = r.session.stop();
    r.load();
    await Promise.all([started, stopping]);
    expect(r.log).toEqual(['picker', 'capture-stop', 'release']);
    expect(r.states()).toEqual(['loading', 'stopped']);
  });

  it('a tab shared without sound ends the session with no-audio-track before any model is loaded', async () => {
    const r = rig({ source: { kind: 'tab' }, failPicker: new AudioSourceError('no-audio-track', 'No audio was shared.') });
    await r.session.start();
    expect(r.events.find((e) => e.type === 'error')).toEqual({ type: 'error', code: 'no-audio-track', message: 'No audio was shared.', fatal: true });
    expect(r.log).toEqual(['capture-stop', 'release']);
    expect(r.states()).toEqual(['loading', 'error']);
  });

  it('a muted microphone says so while the session goes on, keeps what it heard, and the notice clears when it comes back', async () => {
    const r = rig();
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.speak(1.5, 0.9);
    r.audio()!.onMuted?.(true);
    expect(r.events.filter((e) => e.type === 'notice').at(-1)).toEqual({
      type: 'notice',
      message: 'The microphone is muted (by a switch on the device, the system, or another app): nothing is heard until it is unmuted. The transcript so far is kept.',
    });
    expect(r.states().at(-1)).not.toBe('stopped');
    r.audio()!.onMuted?.(false);
    expect(r.events.filter((e) => e.type === 'notice').at(-1)).toEqual({ type: 'notice', message: '' });
    await r.session.stop();
    expect(r.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(r.session.finals.map((f) => f.text)).toEqual(['hello']);
  });

  it('a stream whose track ends stops the session like stop(): the utterance becomes a final, no error', async () => {
    const r = rig({ source: { kind: 'stream', stream: {} as MediaStream } });
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.speak(1.5, 0.9);
    r.audio()!.onEnded?.('track-ended');
    await expect.poll(() => r.states().at(-1)).toBe('stopped');
    expect(r.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(r.events.find((e) => e.type === 'ended')).toEqual({ type: 'ended', message: 'The stream ended.' });
    expect(r.session.finals.map((f) => f.text)).toEqual(['hello']);
    expect(r.events.some((e) => e.type === 'utterance-end' && e.utteranceId === 1)).toBe(true);
  });

  it('pushes go to a pushed source from the start, and are refused by other sources', async () => {
    const r = rig({ source: { kind: 'pcm' } });
    r.session.pushPcm(new Float32Array(480), 48000);
    expect(r.pushed).toEqual(['pcm 48000']);
    expect(() => r.session.pushChunk(new Blob())).toThrow(/pushChunk: this session listens to a pcm source/);
    await r.session.stop();
    const mic = rig();
    expect(() => mic.session.pushPcm(new Float32Array(1), 16000)).toThrow(/start one with \{ kind: 'pcm' \}/);
    await mic.session.stop();
  });

  it('a source that fails after it started (undecodable chunks) ends the session with its code', async () => {
    const r = rig({ source: { kind: 'media-recorder' } });
    const started = r.session.start();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await started;
    r.audio()!.onFailed?.(new AudioSourceError('undecodable', 'The recorded chunks could not be decoded.'));
    await expect.poll(() => r.log.includes('release')).toBe(true);
    expect(r.events.find((e) => e.type === 'error')).toMatchObject({ code: 'undecodable', fatal: true });
    expect(r.states().at(-1)).toBe('error');
  });

  it('pushed audio is all heard: stop() while the model loads waits for it, opens the path, then ends the input', async () => {
    const r = rig({ source: { kind: 'pcm' } });
    const started = r.session.start();
    r.session.pushPcm(new Float32Array(4800), 48000);
    const stopping = r.session.stop();
    await r.tick();
    r.load();
    await r.tick();
    r.open();
    await Promise.all([started, stopping]);
    expect(r.log).toEqual(['open', 'close', 'release']);
    expect(r.states()).toEqual(['loading', 'ready', 'processing', 'stopped']);
  });
});
