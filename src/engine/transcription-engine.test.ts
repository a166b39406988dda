import { describe, expect, it } from 'vitest';
import type { Capabilities } from './device-plan.ts';
import { EngineError } from './engine-error.ts';
import type { ChunkSpeech } from '../vad/frame-scorer.ts';
import type { LoadRequest, TranscribeOptions, WindowResult } from './protocol.ts';
import type { SpeakerLoadRequest } from './speaker-protocol.ts';
import { TranscriptionEngine, type EngineClient, type EngineSpeakerClient } from './transcription-engine.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/** What the worker adds to a window that decoded cleanly on the first, greedy pass. */
const CLEAN = { stats: { temperature: 0, avgLogprob: -0.2, compressionRatio: 1.3, noSpeechProb: 0.01 }, silence: false, fallbacks: 0, highestTemperature: 0, timings: { featuresMs: 1, encoderMs: 2, decoderMs: 3 } };

const GPU: Capabilities = { webgpu: true, shaderF16: true, maxBufferSize: 4e9, maxStorageBufferBindingSize: 4e9, crossOriginIsolated: true, hardwareConcurrency: 4 };

/** A worker stand-in: WebGPU fails the way the test says; WASM transcribes every window as one segment. */
function fakeClient(webgpu: { load?: 'session-create'; transcribe?: 'device-lost' }) {
  const loads: LoadRequest[] = [];
  let device: LoadRequest['device'] = 'wasm';
  const client: EngineClient = {
    async load(request) {
      loads.push(request);
      device = request.device;
      if (device === 'webgpu' && webgpu.load) throw new EngineError(webgpu.load, 'no adapter for you');
      return { model: request.source.label, device, encoderDtype: request.encoderDtype, decoderDtype: request.decoderDtype, threads: request.threads, multilingual: true, languages: ['en'], loadMs: 1, warmupMs: 1 };
    },
    async transcribe(audio: Float32Array, options: TranscribeOptions): Promise<WindowResult> {
      if (device === 'webgpu' && webgpu.transcribe) throw new EngineError(webgpu.transcribe, 'The GPU device was lost (destroyed).');
      const seconds = audio.length / SAMPLE_RATE;
      return { segments: [{ start: 0.2, end: seconds - 0.2, text: ' hi', language: options.language ?? 'en' }], text: ' hi', language: 'en', decoderSteps: 1, encoderPasses: 1, ...CLEAN };
    },
  };
  return { client, loads };
}

/** Three seconds of speech between silences, as the decode worker would hand it over: Silero's scores, or `speech`. */
const decodedFile = (speech?: ChunkSpeech) => async () => {
  const samples = new Float32Array(5 * SAMPLE_RATE);
  for (let i = SAMPLE_RATE; i < 4 * SAMPLE_RATE; i++) samples[i] = 0.3 * Math.sin(i / 5);
  const probabilities = Float32Array.from({ length: Math.floor(samples.length / 512) }, (_, f) => (f * 512 >= SAMPLE_RATE && f * 512 < 4 * SAMPLE_RATE ? 0.9 : 0.05));
  return {
    info: { durationSeconds: 5, sampleRate: SAMPLE_RATE, channels: 1, codec: 'pcm-s16', container: 'wav' },
    chunks: (async function* () {
      yield { samples, startSeconds: 0, speech: speech ?? { kind: 'scored', probabilities } };
    })(),
    close() {},
  };
};
const openFile = decodedFile();

const engineWith = (client: EngineClient) =>
  new TranscriptionEngine({ client, openFile, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
const file = new File([], 'talk.wav');

describe('TranscriptionEngine on WebGPU failures', () => {
  it('falls back to WASM when WebGPU cannot create the session, and says so', async () => {
    const { client, loads } = fakeClient({ load: 'session-create' });
    const engine = engineWith(client);
    await engine.configure({ language: 'en', task: 'transcribe' });
    const result = await engine.transcribeFile(file);
    expect(loads.map((l) => [l.device, l.encoderDtype, l.decoderDtype])).toEqual([['webgpu', 'fp16', 'q4'], ['wasm', 'q8', 'q8']]);
    expect(engine.status.plan?.device).toBe('wasm');
    expect(engine.status.notice).toBe('WebGPU could not run the model (no adapter for you); using WASM instead.');
    expect(result.segments.map((s) => s.text)).toEqual([' hi']);
  });

  it('retries a file on WASM when the device is lost mid-file, and says so', async () => {
    const { client, loads } = fakeClient({ transcribe: 'device-lost' });
    const engine = engineWith(client);
    await engine.configure({ language: 'en', task: 'transcribe' });
    let restarts = 0;
    const result = await engine.transcribeFile(file, { onRestart: () => restarts++ });
    expect(restarts).toBe(1);
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
    expect(engine.status.notice).toBe('WebGPU failed while transcribing "talk.wav" (The GPU device was lost (destroyed).); retried on WASM.');
    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]!.start).toBeGreaterThan(0.5);
  });

  it('reports other failures without switching device', async () => {
    const { client } = fakeClient({});
    const failing: EngineClient = { ...client, load: async () => Promise.reject(new EngineError('model-download', 'Could not download config.json')) };
    const engine = engineWith(failing);
    await engine.configure({ language: 'en', task: 'transcribe' });
    await expect(engine.transcribeFile(file)).rejects.toThrow('Could not download config.json');
    expect([engine.status.phase, engine.status.plan?.device, engine.status.message]).toEqual(['error', 'webgpu', 'Could not download config.json']);
  });
});

describe('TranscriptionEngine file notes', () => {
  it('passes on why speech detection fell back to loudness, and still transcribes the file', async () => {
    const { client } = fakeClient({});
    const withoutVad = decodedFile({ kind: 'unavailable', loaded: false, reason: 'Could not fetch the VAD model from http://localhost/vad.onnx: HTTP 404.' });
    const engine = new TranscriptionEngine({ client, openFile: withoutVad, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
    await engine.configure({ language: 'en', task: 'transcribe' });
    const notes: string[] = [];
    const result = await engine.transcribeFile(file, { onNote: (note) => notes.push(note) });
    expect(notes).toEqual(['Speech detection could not load (Could not fetch the VAD model from http://localhost/vad.onnx: HTTP 404); silence was found by loudness, so noise may be transcribed.']);
    expect(result.segments.map((s) => s.text)).toEqual([' hi']);
  });
});

/** Speech at 1–3 s and 40–42 s of a 45 s file: too far apart for one 30 s window. */
const twoWindows = async () => {
  const samples = new Float32Array(45 * SAMPLE_RATE);
  const spans = [[1, 3], [40, 42]] as const;
  for (const [from, to] of spans) for (let i = from * SAMPLE_RATE; i < to * SAMPLE_RATE; i++) samples[i] = 0.3 * Math.sin(i / 5);
  const inSpeech = (t: number) => spans.some(([from, to]) => t >= from && t < to);
  const probabilities = Float32Array.from({ length: Math.floor(samples.length / 512) }, (_, f) => (inSpeech((f * 512) / SAMPLE_RATE) ? 0.9 : 0.05));
  return { ...(await openFile()), chunks: (async function* () {
    yield { samples, startSeconds: 0, speech: { kind: 'scored' as const, probabilities } };
  })() };
};

describe('TranscriptionEngine file hooks', () => {
  it('after each window, says what it kept and where a resume would start, with the next prompt and the language', async () => {
    const { client } = fakeClient({});
    const prompts: (string | undefined)[] = [];
    const recording: EngineClient = { ...client, transcribe: (audio, options, ...rest) => (prompts.push(options.prompt), client.transcribe(audio, options, ...rest)) };
    const engine = new TranscriptionEngine({ client: recording, openFile: twoWindows, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm' });
    const windows: { texts: string[]; position: number; context: string; language: string | null }[] = [];
    await engine.transcribeFile(file, { onWindowDone: ({ segments, resume }) => windows.push({ texts: segments.map((s) => s.text), ...resume }) });
    expect(windows.map((w) => [w.texts, w.context, w.language])).toEqual([[[' hi'], 'hi', 'en'], [[' hi'], 'hi hi', 'en']]);
    // The first window ends in the silence after 3 s; the second window is given exactly the first one's context.
    expect(windows[0]!.position).toBeGreaterThan(3);
    expect(windows[0]!.position).toBeLessThan(40);
    expect(windows[1]!.position).toBeGreaterThan(42);
    expect(prompts).toEqual([undefined, 'hi']);
  });
});

/** A speaker worker stand-in: each window is one voice speaking all through it, with the next embedding given. */
function fakeSpeakers(embeddings: number[][], fail: { load?: string; analyse?: string } = {}) {
  const calls = { loads: [] as SpeakerLoadRequest[], analysed: 0 };
  const speakers: EngineSpeakerClient = {
    async load(request) {
      calls.loads.push(request);
      if (fail.load) throw new EngineError('model-download', fail.load);
      return { loadMs: 1 };
    },
    async analyse(audio) {
      if (fail.analyse) throw new EngineError('worker-crashed', fail.analyse);
      const seconds = audio.length / SAMPLE_RATE;
      const embedding = Float32Array.from(embeddings[calls.analysed++ % embeddings.length]!);
      return [{ turns: [{ start: 0.1, end: seconds - 0.1 }], soloSeconds: seconds - 0.2, embedding }];
    },
  };
  return { speakers, calls };
}

describe('TranscriptionEngine speaker labels', () => {
  const engineWithSpeakers = (speakers: EngineSpeakerClient) =>
    new TranscriptionEngine({ client: fakeClient({}).client, speakers, openFile: twoWindows, probe: async () => GPU, pageUrl: () => 'http://localhost/app/' });

  it('labels each window as it is transcribed, the same voice with the same label, loading the models from the mirror', async () => {
    const { speakers, calls } = fakeSpeakers([[1, 0], [0, 1]]);
    const engine = engineWithSpeakers(speakers);
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm', speakers: true, modelBaseUrl: '/models/' });
    const phases: string[] = [engine.status.speakers.phase];
    engine.addEventListener('status', () => phases.at(-1) !== engine.status.speakers.phase && phases.push(engine.status.speakers.phase));
    const shown: (string | undefined)[] = [];
    const result = await engine.transcribeFile(file, { onSegments: (segments) => shown.push(...segments.map((s) => s.speaker)) });
    expect(shown).toEqual(['SPEAKER_1', 'SPEAKER_2']);
    expect(result.segments.map((s) => s.speaker)).toEqual(['SPEAKER_1', 'SPEAKER_2']);
    expect(phases).toEqual(['idle', 'loading', 'ready']);
    expect(calls.analysed).toBe(2);
    expect(calls.loads).toHaveLength(1);
    expect(calls.loads[0]!.segmentation).toEqual({
      source: { id: 'onnx-community/pyannote-segmentation-3.0', host: 'http://localhost/models/', pathTemplate: '{model}/', label: 'onnx-community/pyannote-segmentation-3.0' },
      dtype: 'fp32',
    });
    expect(calls.loads[0]!.embedding).toMatchObject({ source: { id: 'onnx-community/wespeaker-voxceleb-resnet34-LM' }, dtype: 'q8' });
    // The models stay loaded for the next file, which starts its own speakers from 1.
    expect((await engine.transcribeFile(file)).segments.map((s) => s.speaker)).toEqual(['SPEAKER_1', 'SPEAKER_2']);
    expect(calls.loads).toHaveLength(1);
  });

  it('with labels off, never touches the speaker worker', async () => {
    const { speakers, calls } = fakeSpeakers([[1, 0]]);
    const engine = engineWithSpeakers(speakers);
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm' });
    const result = await engine.transcribeFile(file);
    expect(result.segments.map((s) => s.speaker)).toEqual([undefined, undefined]);
    expect(calls).toEqual({ loads: [], analysed: 0 });
  });

  it('transcribes without labels, and says why, when the speaker models cannot load', async () => {
    const { speakers } = fakeSpeakers([[1, 0]], { load: 'Could not download onnx/model.onnx (HTTP 404).' });
    const engine = engineWithSpeakers(speakers);
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm', speakers: true });
    const notes: string[] = [];
    const result = await engine.transcribeFile(file, { onNote: (note) => notes.push(note) });
    expect(notes).toEqual(['Speaker labels are off for this file: Could not download onnx/model.onnx (HTTP 404).']);
    expect(result.segments.map((s) => s.text)).toEqual([' hi', ' hi']);
    expect(engine.status.speakers).toEqual({ phase: 'error', progress: null, message: 'Could not download onnx/model.onnx (HTTP 404).' });
  });

  it('keeps transcribing when the speaker worker fails mid-file, saying so once', async () => {
    const { speakers } = fakeSpeakers([[1, 0]], { analyse: 'The speaker worker stopped unexpectedly.' });
    const engine = engineWithSpeakers(speakers);
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm', speakers: true });
    const notes: string[] = [];
    const result = await engine.transcribeFile(file, { onNote: (note) => notes.push(note) });
    expect(notes).toEqual(['Speaker labels stopped (The speaker worker stopped unexpectedly); the rest of the transcript has none.']);
    expect(result.segments.map((s) => [s.text, s.speaker])).toEqual([[' hi', undefined], [' hi', undefined]]);
  });
});
