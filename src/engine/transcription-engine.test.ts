import { describe, expect, it } from 'vitest';
import { EngineError } from './engine-error.ts';
import type { ChunkSpeech } from '../vad/frame-scorer.ts';
import type { LoadRequest, TranscribeOptions, WindowResult } from './protocol.ts';
import type { SpeakerLoadRequest } from './speaker-protocol.ts';
import { TranscriptionEngine, endsEarlyNote, type EngineClient, type EngineSpeakerClient, type FileCallbacks, type ResumePoint } from './transcription-engine.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';
import { decodeStartFor } from './file-job.ts';
import type { Segment } from './transcript.ts';
import { CLEAN, GPU, passageEngine } from './passage-engine.test-support.ts';
import { envelopeOf } from '../audio/envelope.ts';

/** A worker stand-in: WebGPU fails the way the test says; every window is transcribed as one segment. */
function fakeClient(webgpu: { load?: 'session-create'; transcribe?: 'device-lost' }) {
  const loads: LoadRequest[] = [];
  let device: LoadRequest['device'] = 'wasm';
  const client: EngineClient = {
    async load(request) {
      loads.push(request);
      device = request.device;
      if (device === 'webgpu' && webgpu.load) throw new EngineError(webgpu.load, 'no adapter for you');
      return { model: request.source.label, device, encoderDtype: request.encoderDtype, decoderDtype: request.decoderDtype, threads: request.threads, multilingual: true, languages: ['en'], wordTimings: false, loadMs: 1, warmupMs: 1 };
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
      yield { samples, startSeconds: 0, speech: speech ?? { kind: 'scored', probabilities }, envelope: envelopeOf(samples) };
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

  it('a GPU lost while recording moves to WASM, and the utterance it was hearing is heard again there', async () => {
    const { client, loads } = fakeClient({ transcribe: 'device-lost' });
    const engine = engineWith(client);
    await engine.configure({ language: 'en', task: 'transcribe' });
    await engine.ensureLoaded();
    const utterance = new Float32Array(2 * SAMPLE_RATE);
    // What a live session calls for each pass (engine.startLive wires it; the session needs a microphone).
    const pass = (engine as unknown as { transcribeLive: (a: Float32Array, o: object) => Promise<WindowResult> }).transcribeLive.bind(engine);
    const result = await pass(utterance, { prompt: '', language: 'en', kind: 'final', signal: new AbortController().signal });
    expect(result.text).toBe(' hi');
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
    expect(engine.status.notice).toBe('WebGPU failed while recording (The GPU device was lost (destroyed).); carried on with WASM.');
    // A pass that was cancelled is not heard again.
    const other = fakeClient({ transcribe: 'device-lost' });
    const second = engineWith(other.client);
    await second.configure({ language: 'en', task: 'transcribe' });
    await second.ensureLoaded();
    const abort = new AbortController();
    abort.abort();
    const cancelled = (second as unknown as { transcribeLive: (a: Float32Array, o: object) => Promise<WindowResult> }).transcribeLive.bind(second);
    await expect(cancelled(utterance, { prompt: '', language: 'en', kind: 'final', signal: abort.signal })).rejects.toThrow();
    expect(other.loads.map((l) => l.device)).toEqual(['webgpu']);
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
    yield { samples, startSeconds: 0, speech: { kind: 'scored' as const, probabilities }, envelope: envelopeOf(samples) };
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

  it('on auto, detects every window, handing the language so far on as the one to keep; segments carry their own', async () => {
    const { client } = fakeClient({});
    const asked: [string | null, string | null | undefined][] = [];
    const switching: EngineClient = {
      ...client,
      transcribe: async (audio, options, ...rest) => {
        asked.push([options.language, options.previousLanguage]);
        const result = await client.transcribe(audio, options, ...rest);
        // The speaker changes from Spanish to English between the two windows.
        const language = asked.length === 1 ? 'es' : 'en';
        return { ...result, language, segments: result.segments.map((s) => ({ ...s, language })) };
      },
    };
    const engine = new TranscriptionEngine({ client: switching, openFile: twoWindows, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
    await engine.configure({ language: 'auto', task: 'transcribe', device: 'wasm' });
    const result = await engine.transcribeFile(file);
    expect(asked).toEqual([[null, null], [null, 'es']]);
    expect(result.segments.map((s) => s.language)).toEqual(['es', 'en']);
  });

  it('after a window that needed a hot fallback, the next prompt is empty, and so is the resume point\'s, with or without text kept', async () => {
    for (const kept of [true, false]) {
      const { client } = fakeClient({});
      const prompts: (string | undefined)[] = [];
      let call = 0;
      const hot: EngineClient = {
        ...client,
        transcribe: async (audio, options, ...rest) => {
          prompts.push(options.prompt);
          const result = await client.transcribe(audio, options, ...rest);
          // The first window decoded only at temperature 0.6 (and, the second time round, its text was not kept).
          return ++call === 1 ? { ...result, highestTemperature: 0.6, ...(kept ? {} : { segments: [] }) } : result;
        },
      };
      const engine = new TranscriptionEngine({ client: hot, openFile: twoWindows, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
      await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm' });
      const contexts: string[] = [];
      await engine.transcribeFile(file, { onWindowDone: ({ resume }) => contexts.push(resume.context) });
      expect([prompts, contexts], `text kept: ${kept}`).toEqual([[undefined, undefined], ['', 'hi']]);
    }
  });
});

/** A file transcribed by the passage engine (see passage-engine.test-support.ts), with what it was asked and told. */
async function transcribePassage(options: Parameters<typeof passageEngine>[0] & FileCallbacks = {}) {
  const { engine, calls, opened } = await passageEngine(options);
  const resumes: ResumePoint[] = [];
  const streamed: Segment[] = [];
  const result = await engine.transcribeFile(file, {
    ...options,
    onSegments: (s) => streamed.push(...s),
    onWindowDone: (w) => resumes.push(w.resume),
  });
  return { result, calls, opened, resumes, streamed, engine };
}

describe('TranscriptionEngine resuming a file', () => {
  it('carries on from a resume point: decoding from there, the context as the first prompt, the stored language; the rest of the full run, no more, no less', async () => {
    const full = await transcribePassage();
    expect(full.result.segments.map((s) => s.text)).toEqual([' One.', ' Two.', ' Three.', ' Four.']);
    expect(full.resumes.length).toBe(4);
    for (const [i, point] of full.resumes.slice(0, -1).entries()) {
      // The language was detected as 'en'; the resumed run is set to German but keeps the file's language.
      const resumed = await transcribePassage({ resume: point, language: 'de' });
      expect(resumed.opened).toEqual([decodeStartFor(point.position)]);
      expect(resumed.calls[0]).toMatchObject({ prompt: point.context, language: 'en' });
      const kept = full.result.segments.filter((s) => s.start < point.position);
      expect([...kept, ...resumed.result.segments], `resumed after window ${i + 1}`).toEqual(full.result.segments);
      expect(resumed.streamed).toEqual(resumed.result.segments);
      expect(resumed.resumes).toEqual(full.resumes.slice(i + 1));
    }
  });

  it('with the wrong prompt, reads on from there: what the comparison with a full run would catch', async () => {
    const full = await transcribePassage();
    const resumed = await transcribePassage({ resume: { ...full.resumes[0]!, context: '' } });
    expect(resumed.result.segments.map((s) => s.text)).not.toEqual(full.result.segments.slice(1).map((s) => s.text));
  });

  it('when the device is lost mid-file, carries on with WASM from the last finished window, keeping what was done', async () => {
    const full = await transcribePassage();
    const lost = await transcribePassage({ device: 'webgpu', lostAt: 2 });
    expect(lost.calls.map((c) => c.device)).toEqual(['webgpu', 'webgpu', 'wasm', 'wasm', 'wasm']);
    // The window after the loss is the one that was lost, with the prompt it had.
    expect(lost.calls[2]!.prompt).toBe(lost.calls[1]!.prompt);
    expect(lost.opened).toEqual([0, decodeStartFor(full.resumes[0]!.position)]);
    expect(lost.result.segments).toEqual(full.result.segments);
    expect(lost.streamed).toEqual(full.result.segments);
    expect(lost.result.language).toBe('en');
    expect(lost.engine.status.plan?.device).toBe('wasm');
    expect(lost.engine.status.notice).toBe('WebGPU failed while transcribing "talk.wav" (The GPU device was lost (destroyed).); carried on from 00:03 on WASM.');
  });

  it('when the device is lost in the first window, starts again on WASM from the start', async () => {
    const lost = await transcribePassage({ device: 'webgpu', lostAt: 1 });
    expect(lost.opened).toEqual([0, 0]);
    expect(lost.result.segments.map((s) => s.text)).toEqual([' One.', ' Two.', ' Three.', ' Four.']);
    expect(lost.engine.status.notice).toMatch(/; carried on from the start on WASM\.$/);
  });

  it('says how much of a file that ends early could be read, and transcribes that much', async () => {
    const notes: string[] = [];
    const cut = await transcribePassage({ readableSeconds: 60, onNote: (n) => notes.push(n) });
    expect(cut.result.segments.map((s) => s.text)).toEqual([' One.', ' Two.']);
    expect(notes).toEqual(['"talk.wav" ends early: only 01:00 of 01:40 could be read; the transcript covers that part.']);
    // Within a second of the stated length is the codec's delay and padding, not a cut.
    const whole: string[] = [];
    await transcribePassage({ readableSeconds: 99.2, onNote: (n) => whole.push(n) });
    expect(whole).toEqual([]);
    expect(endsEarlyNote('long.mp3', 3725.5, 7200)).toBe('"long.mp3" ends early: only 1:02:05 of 2:00:00 could be read; the transcript covers that part.');
  });
});

describe('TranscriptionEngine timeline hooks', () => {
  it('hands on each chunk\'s waveform and the speech of each window before it is transcribed', async () => {
    const { client } = fakeClient({});
    const order: string[] = [];
    const logged: EngineClient = { ...client, transcribe: (...args) => (order.push('transcribe'), client.transcribe(...args)) };
    const engine = new TranscriptionEngine({ client: logged, openFile: twoWindows, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm', vocabulary: 'Kubernetes, Ngozi' });
    const waveforms: [number, number][] = [];
    const speech: { start: number; end: number }[][] = [];
    await engine.transcribeFile(file, {
      onWaveform: (start, envelope) => waveforms.push([start, envelope.max.length]),
      onSpeech: (regions) => (order.push('speech'), speech.push(regions)),
    });
    expect(waveforms).toEqual([[0, 4500]]);
    expect(order).toEqual(['speech', 'transcribe', 'speech', 'transcribe']);
    expect(speech.map((w) => w.map((r) => [Math.round(r.start), Math.round(r.end)]))).toEqual([[[1, 3]], [[40, 42]]]);
    expect(engine.transcript('talk.wav', []).meta.vocabulary).toBe('Kubernetes, Ngozi');
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
      source: { id: 'onnx-community/pyannote-segmentation-3.0', host: 'http://localhost/models/', pathTemplate: '{model}/', label: 'onnx-community/pyannote-segmentation-3.0', foreignHost: null },
      dtype: 'fp32',
    });
    expect(calls.loads[0]!.embedding).toMatchObject({ source: { id: 'onnx-community/wespeaker-voxceleb-resnet34-LM' }, dtype: 'q8' });
    // The models stay loaded for the next file, which starts its own speakers from 1.
    expect((await engine.transcribeFile(file)).segments.map((s) => s.speaker)).toEqual(['SPEAKER_1', 'SPEAKER_2']);
    expect(calls.loads).toHaveLength(1);
  });

  it('says that labels start afresh when a file carries on from a stored point', async () => {
    const { speakers } = fakeSpeakers([[0, 1]]);
    const engine = engineWithSpeakers(speakers);
    await engine.configure({ language: 'en', task: 'transcribe', device: 'wasm', speakers: true });
    const notes: string[] = [];
    const result = await engine.transcribeFile(file, { resume: { position: 30, context: 'hi', language: 'en' }, onNote: (note) => notes.push(note) });
    expect(notes).toEqual(['Speaker labels start afresh where this file carried on: the same person may have another label before and after.']);
    expect(result.segments.length).toBeGreaterThan(0);
    expect(result.segments.map((s) => s.speaker)).toEqual(result.segments.map(() => 'SPEAKER_1'));
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
