import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer, type Rolldown } from 'vite';
import type { LiveAudio as LiveAudioClass } from '../src/audio/live-audio.ts';
import type { MicrophoneError as MicrophoneErrorClass } from '../src/audio/microphone.ts';
import { BASE_ARGS } from '../playwright.config.ts';
import { fixture, pauseUtterances } from './app.ts';

/**
 * The live-audio path as it ships: production-built (the worklet, VAD worker, Silero model and ORT wasm as the
 * build emits them) and fed by Chromium's fake microphone, which plays pauses.wav. The app does not use LiveAudio
 * yet, so the test builds a one-line entry that exposes it and serves that build with `vite preview`.
 */

const HARNESS = 'virtual:live-audio-harness';
const RECORD_SECONDS = 12;
/** Leeway around each utterance edge: Silero reacts within a few frames, and word gaps dip inside speech. */
const EDGE_SECONDS = 0.5;

interface Harness {
  LiveAudio: typeof LiveAudioClass;
  MicrophoneError: typeof MicrophoneErrorClass;
}

// No fake-UI flag: permission comes from the context, so one browser can both grant and deny.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      ...BASE_ARGS,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${resolve(fixture('pauses.wav'))}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

let outDir = '';
let server: PreviewServer | null = null;
let entryUrl = '';

test.beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'live-audio-build-'));
  const result = await build({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, copyPublicDir: false, rolldownOptions: { input: { harness: HARNESS } } },
    plugins: [
      {
        name: 'live-audio-harness',
        resolveId: (id) => (id === HARNESS ? `\0${HARNESS}` : undefined),
        load: (id) =>
          id === `\0${HARNESS}`
            ? `import { LiveAudio } from ${JSON.stringify(resolve('src/audio/live-audio.ts'))};
               import { MicrophoneError } from ${JSON.stringify(resolve('src/audio/microphone.ts'))};
               window.liveAudioHarness = { LiveAudio, MicrophoneError };`
            : undefined,
      },
    ],
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((o) => o.output);
  const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
  expect(entry, 'the harness entry chunk').toBeDefined();
  // The worklet must be a JavaScript file of its own, not the TypeScript source copied as an asset.
  expect(files.map((f) => f.fileName)).toEqual(expect.arrayContaining([expect.stringMatching(/pcm-capture\.worklet-.+\.js$/), expect.stringMatching(/silero_vad_v5-.+\.onnx$/)]));
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir }, preview: { port: 0, strictPort: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  entryUrl = `http://localhost:${port}/${entry?.fileName}`;
});

test.afterAll(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** A blank page on the preview server's origin (the build has no HTML of its own), with the harness loaded. */
async function openHarness(page: import('@playwright/test').Page): Promise<void> {
  const blank = new URL('/live-audio-harness.html', entryUrl).href;
  await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>live audio</title>' }));
  await page.goto(blank);
  await page.addScriptTag({ type: 'module', url: entryUrl });
  await page.waitForFunction(() => 'liveAudioHarness' in window);
}

test('speech probabilities follow the utterances of pauses.wav, and no frame is lost', async ({ page, context }) => {
  await context.grantPermissions(['microphone']);
  await openHarness(page);
  const run = await page.evaluate(async (seconds) => {
    const { LiveAudio } = (window as unknown as { liveAudioHarness: Harness }).liveAudioHarness;
    const live = new LiveAudio();
    const probabilities: number[] = [];
    const errors: string[] = [];
    let firstLoudSample = -1;
    let samples = 0;
    let expectedFrame = 0;
    let contiguous = true;
    let dropped = 0;
    let final = 0;
    let levels = 0;
    const began = performance.now();
    await live.start({
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
      onLevel: () => levels++,
      onError: (e) => errors.push(e.message),
      onBatch: (batch) => {
        contiguous &&= batch.firstFrameIndex === expectedFrame && batch.frames.length === batch.probabilities.length * 512;
        expectedFrame = batch.firstFrameIndex + batch.probabilities.length;
        if (firstLoudSample < 0) {
          const i = batch.frames.findIndex((x) => Math.abs(x) > 0.01);
          if (i >= 0) firstLoudSample = samples + i;
        }
        samples += batch.frames.length;
        probabilities.push(...batch.probabilities);
        dropped = batch.dropped;
        if (batch.final) final++;
      },
    });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await live.stop();
    const elapsedSeconds = (performance.now() - began) / 1000;
    live.dispose();
    return { probabilities, errors, firstLoudSample, contiguous, dropped, final, levels, elapsedSeconds };
  }, RECORD_SECONDS);

  expect(run.errors).toEqual([]);
  expect(run.dropped).toBe(0);
  expect(run.contiguous).toBe(true);
  expect(run.final).toBe(1);
  expect(run.levels).toBeGreaterThan(0);
  // 16 kHz really, and the whole recording: capture starts while the VAD loads, so the audio spans nearly all of
  // the time from start() to the end of stop(), less the microphone's own start-up.
  const capturedSeconds = (run.probabilities.length * 512) / 16000;
  expect(capturedSeconds).toBeLessThan(run.elapsedSeconds + 0.1);
  expect(capturedSeconds).toBeGreaterThan(run.elapsedSeconds - 1.5);

  // Where the file was when capture began, from the first utterance's onset (the fake device starts on its own clock).
  const [first, second] = pauseUtterances();
  if (!first || !second) throw new Error('pauses.json lists fewer than two utterances');
  expect(run.firstLoudSample).toBeGreaterThan(0);
  const offset = first.startSeconds - run.firstLoudSample / 16000;
  const inFile = (frame: number) => (frame * 512 + 256) / 16000 + offset;
  const during = (from: number, to: number) => run.probabilities.filter((_, f) => inFile(f) > from + EDGE_SECONDS && inFile(f) < to - EDGE_SECONDS);

  const speech = during(first.startSeconds, first.endSeconds);
  const pause = during(first.endSeconds, second.startSeconds);
  expect(speech.length).toBeGreaterThan(50);
  expect(pause.length).toBeGreaterThan(50);
  const mean = speech.reduce((a, b) => a + b, 0) / speech.length;
  expect(mean, 'mean speech probability during the first utterance').toBeGreaterThan(0.7);
  expect(Math.max(...pause), 'highest speech probability in the pause after it').toBeLessThan(0.2);
});

test('a denied permission becomes MicrophoneError("permission-denied")', async ({ page }) => {
  await openHarness(page);
  const failure = await page.evaluate(async () => {
    const { LiveAudio, MicrophoneError } = (window as unknown as { liveAudioHarness: Harness }).liveAudioHarness;
    const live = new LiveAudio();
    try {
      await live.start({ echoCancellation: true, noiseSuppression: true, autoGainControl: true, onBatch: () => undefined });
      return { code: 'started' };
    } catch (error) {
      return { code: error instanceof MicrophoneError ? error.code : String(error), message: (error as Error).message, recording: live.recording };
    } finally {
      live.dispose();
    }
  });
  expect(failure.code).toBe('permission-denied');
  expect(failure.message).toContain('site settings');
  expect(failure.recording).toBe(false);
});
