import { describe, expect, it } from 'vitest';
import type { Capabilities } from './device-plan.ts';
import { EngineError } from './engine-error.ts';
import type { ModelStore } from './load-gate.ts';
import { LOAD_RECORD_KEYS, memoryStore, storedLoadRecords } from './load-records.ts';
import type { LoadRequest, LoadedModel } from './protocol.ts';
import { TranscriptionEngine, type EngineClient, type EngineDependencies } from './transcription-engine.ts';
import type { DamagedFile } from '../models/file-check.ts';
import { modelFiles } from '../models/model-files.ts';

const WASM: Capabilities = { webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0, crossOriginIsolated: true, hardwareConcurrency: 4 };
const F16_GPU: Capabilities = { ...WASM, webgpu: true, shaderF16: true, maxBufferSize: 4e9, maxStorageBufferBindingSize: 4e9 };
const Q8 = { encoder: 'q8', decoder: 'q8' } as const;

/** A cache holding, per model folder, files that are sound or damaged; `remove` deletes them. */
function fakeStore(files: Record<string, Record<string, 'sound' | string>> = {}) {
  const removed: string[] = [];
  const store: ModelStore = {
    async inspect(source, dtypes) {
      const held = files[source.label] ?? {};
      const sound = new Map<string, number>();
      const damaged: DamagedFile[] = [];
      for (const [file, state] of Object.entries(held)) {
        if (state === 'sound') sound.set(file, 1_000_000);
        else damaged.push({ file, problem: state });
      }
      return { files: modelFiles(dtypes), sound, damaged };
    },
    async remove(source, names) {
      for (const name of names) {
        removed.push(name);
        delete files[source.label]?.[name];
      }
    },
  };
  return { store, removed, files };
}

/** A worker that loads whatever it is asked, or fails as `failWith` says. */
function fakeClient(failWith?: () => Error | undefined) {
  const loads: LoadRequest[] = [];
  const client: EngineClient = {
    async load(request): Promise<LoadedModel> {
      loads.push(request);
      const error = failWith?.();
      if (error) throw error;
      return { model: request.source.label, device: request.device, encoderDtype: request.encoderDtype, decoderDtype: request.decoderDtype, threads: 1, multilingual: true, languages: ['en'], wordTimings: false, loadMs: 1, warmupMs: 1 };
    },
    transcribe: () => Promise.reject(new Error('not used')),
  };
  return { client, loads };
}

function engineWith(deps: Partial<EngineDependencies> & Pick<EngineDependencies, 'client'>, caps: Capabilities = WASM) {
  return new TranscriptionEngine({
    probe: async () => caps,
    pageUrl: () => 'http://localhost/',
    openFile: () => Promise.reject(new Error('not used')),
    models: fakeStore().store,
    records: storedLoadRecords(memoryStore()),
    online: () => true,
    ...deps,
  });
}

/** Resolves once the engine asks something. */
const asked = (engine: TranscriptionEngine) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (engine.status.consent) {
        engine.removeEventListener('status', check);
        resolve();
      }
    };
    engine.addEventListener('status', check);
    check();
  });

describe('damaged files in the cache', () => {
  it('are named in the error and removed before the worker loads, and Retry loads', async () => {
    const { store, removed } = fakeStore({ '/m/x': { 'config.json': 'it is HTML, not JSON', 'tokenizer.json': 'sound' } });
    const { client, loads } = fakeClient();
    const engine = engineWith({ client, models: store });
    await engine.configure({ model: '/m/x', language: 'en', task: 'transcribe' });
    await expect(engine.ensureLoaded()).rejects.toThrow(
      "config.json of /m/x is damaged in this browser's storage (it is HTML, not JSON); it was removed — Retry downloads it again.",
    );
    expect([removed, loads.length, engine.status.phase]).toEqual([['config.json'], 0, 'error']);
    await expect(engine.ensureLoaded()).resolves.toMatchObject({ model: '/m/x' });
  });

  it('are looked for again when the worker fails, since it may have stored them as it went', async () => {
    const store = fakeStore();
    let attempt = 0;
    const { client } = fakeClient(() => {
      if (attempt++ > 0) return undefined;
      // transformers.js stored the server's HTML page, then failed to parse it.
      store.files['/m/x'] = { 'config.json': 'it is HTML, not JSON' };
      return new EngineError('inference', 'Unexpected token \'<\', "<!doctype "... is not valid JSON');
    });
    const engine = engineWith({ client, models: store.store });
    await engine.configure({ model: '/m/x', language: 'en', task: 'transcribe' });
    const error = await engine.ensureLoaded().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('model-invalid');
    expect((error as EngineError).message).toMatch(/^config\.json of \/m\/x is damaged/);
    expect(store.removed).toEqual(['config.json']);
    await expect(engine.ensureLoaded()).resolves.toBeDefined();
  });

  it('keeps the original error when nothing stored is damaged', async () => {
    const { client } = fakeClient(() => new EngineError('model-download', 'Could not download config.json'));
    const engine = engineWith({ client });
    await engine.configure({ model: '/m/x', language: 'en', task: 'transcribe' });
    await expect(engine.ensureLoaded()).rejects.toThrow('Could not download config.json');
  });

  it('offline, a model missing a file says so without asking the worker', async () => {
    const { client, loads } = fakeClient();
    const engine = engineWith({ client, online: () => false, models: fakeStore({ '/m/x': { 'config.json': 'sound' } }).store });
    await engine.configure({ model: '/m/x', language: 'en', task: 'transcribe' });
    await expect(engine.ensureLoaded()).rejects.toThrow('/m/x is not downloaded and you are offline.');
    expect(loads).toHaveLength(0);
  });
});

describe('loads that crash the tab', () => {
  it('are marked while they run and forgotten when they end', async () => {
    const storage = memoryStore();
    let markedDuringLoad: string | null = null;
    const { client } = fakeClient(() => {
      markedDuringLoad = storage.getItem(LOAD_RECORD_KEYS.loading);
      return undefined;
    });
    const engine = engineWith({ client, records: storedLoadRecords(storage) });
    await engine.configure({ language: 'en', task: 'transcribe' });
    await engine.ensureLoaded();
    expect(JSON.parse(markedDuringLoad!)).toEqual({ model: 'onnx-community/whisper-base', device: 'wasm' });
    expect(storage.getItem(LOAD_RECORD_KEYS.loading)).toBeNull();
  });

  it('make the next visit plan a smaller model and say why', async () => {
    const storage = memoryStore();
    storage.setItem(LOAD_RECORD_KEYS.loading, JSON.stringify({ model: 'onnx-community/whisper-large-v3-turbo', device: 'webgpu' }));
    const { client, loads } = fakeClient();
    const engine = engineWith({ client, records: storedLoadRecords(storage) }, F16_GPU);
    const plan = await engine.configure({ language: 'en', task: 'transcribe' });
    expect(plan.model).toBe('onnx-community/whisper-medium');
    expect(engine.status.plan?.reason).toContain('Whisper Large v3 Turbo did not finish loading here last time (the tab probably ran out of memory), so running Whisper Medium');
    // Medium is a large download too: the engine asks first.
    const loading = engine.ensureLoaded();
    await asked(engine);
    engine.answerConsent(true);
    await loading;
    expect(loads.map((l) => l.source.id)).toEqual(['onnx-community/whisper-medium']);
  });
});

describe('consent before a load', () => {
  it('asks once per host for a model from another host, and remembers the answer', async () => {
    const storage = memoryStore();
    const { client, loads } = fakeClient();
    const engine = engineWith({ client, records: storedLoadRecords(storage) });
    await engine.configure({ model: 'https://mirror.example/models/whisper-base', language: 'en', task: 'transcribe' });
    const loading = engine.ensureLoaded();
    await asked(engine);
    expect(engine.status).toMatchObject({ phase: 'waiting', consent: { kind: 'host', host: 'mirror.example', label: 'whisper-base from mirror.example' } });
    expect(loads).toHaveLength(0);
    engine.answerConsent(true);
    await expect(loading).resolves.toMatchObject({ model: 'whisper-base from mirror.example' });
    expect(engine.status.consent).toBeNull();

    // A later visit, another model from the same host: no question.
    const later = engineWith({ client, records: storedLoadRecords(storage) });
    await later.configure({ model: 'https://mirror.example/models/whisper-tiny', language: 'en', task: 'transcribe' });
    await later.ensureLoaded();
    expect(loads).toHaveLength(2);
  });

  it('fails a load the user refused, and asks again on Retry', async () => {
    const { client, loads } = fakeClient();
    const engine = engineWith({ client });
    await engine.configure({ model: 'https://mirror.example/models/whisper-base', language: 'en', task: 'transcribe' });
    const refused = engine.ensureLoaded();
    await asked(engine);
    engine.answerConsent(false);
    await expect(refused).rejects.toThrow('whisper-base from mirror.example was not loaded: models from mirror.example need your permission. Retry to be asked again.');
    expect([engine.status.phase, engine.status.consent, loads.length]).toEqual(['error', null, 0]);
    const retry = engine.ensureLoaded();
    await asked(engine);
    engine.answerConsent(true);
    await retry;
  });

  it('asks before a large first download, and only once on this page', async () => {
    const { client, loads } = fakeClient(() => (loads.length === 1 ? new EngineError('model-download', 'network') : undefined));
    const engine = engineWith({ client });
    await engine.configure({ model: 'onnx-community/whisper-medium', language: 'en', task: 'transcribe' });
    const first = engine.ensureLoaded();
    await asked(engine);
    expect(engine.status.consent).toMatchObject({ kind: 'download', bytes: 790_000_000, smaller: { model: 'onnx-community/whisper-small' } });
    engine.answerConsent(true);
    await expect(first).rejects.toThrow('network');
    // The download broke off; trying again does not ask again.
    await engine.ensureLoaded();
    expect(loads).toHaveLength(2);
  });

  it('does not ask about a large model that is stored whole', async () => {
    const stored = Object.fromEntries(modelFiles(Q8).map((f) => [f, 'sound' as const]));
    const { client } = fakeClient();
    const engine = engineWith({ client, models: fakeStore({ 'onnx-community/whisper-medium': stored }).store });
    await engine.configure({ model: 'onnx-community/whisper-medium', language: 'en', task: 'transcribe' });
    await engine.ensureLoaded();
    expect(engine.status.phase).toBe('ready');
  });

  it('loads the smaller model the user picks instead, for everyone waiting', async () => {
    const { client, loads } = fakeClient();
    const engine = engineWith({ client });
    const settings = { model: 'onnx-community/whisper-large-v3-turbo', language: 'en', task: 'transcribe' } as const;
    await engine.configure(settings);
    const waiting = engine.ensureLoaded();
    await asked(engine);
    expect(engine.ensureLoaded()).toBe(waiting);
    await engine.configure({ ...settings, model: engine.status.consent?.kind === 'download' ? engine.status.consent.smaller!.model : '' });
    await expect(waiting).resolves.toMatchObject({ model: 'onnx-community/whisper-small' });
    expect(loads.map((l) => l.source.label)).toEqual(['onnx-community/whisper-small']);
    expect(engine.status).toMatchObject({ phase: 'ready', consent: null, plan: { model: 'onnx-community/whisper-small' } });
  });
});

describe("a host the page's policy blocks", () => {
  it('fails with the reason and the fix, before any question or download', async () => {
    const { client, loads } = fakeClient();
    const engine = engineWith({ client, connectAllowed: (url) => new URL(url).origin === 'http://localhost' });
    await engine.configure({ model: 'http://models.example:8080/whisper-base/', language: 'en', task: 'transcribe' });
    await expect(engine.ensureLoaded()).rejects.toThrow(
      'whisper-base from models.example:8080 cannot be loaded here: this page\'s content security policy does not let it fetch from http://models.example:8080. ' +
        'The site\'s owner can add http://models.example:8080 to its connect-src (for this app, by building it with WHISPER_MODEL_HOSTS="http://models.example:8080").',
    );
    expect([loads.length, engine.status.consent]).toEqual([0, null]);
  });
});
