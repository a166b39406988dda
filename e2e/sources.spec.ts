import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { BASE_ARGS } from '../playwright.config.ts';
import { PHRASE, expectNear, fixture, speechBounds } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

/**
 * The element's other sources, on the real stack (VAD worker, Whisper worker, the synthetic model): a MediaStream,
 * a shared tab, pushed PCM and MediaRecorder chunks. The audio is speech.wav (one sentence; the model says PHRASE).
 */

/** The title of the test page and of the site: the tab the picker chooses. */
const TITLE = 'Whisper Recorder';
const MODEL = modelPath(TEST_MODELS.multilingual);

// The page's own <audio> plays without a click (the tests play fixtures from a script). getDisplayMedia's picker
// takes the tab titled TITLE by itself. Playwright mutes pages by default, which would silence tab capture.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, '--autoplay-policy=no-user-gesture-required', `--auto-select-tab-capture-source-by-title=${TITLE}`],
    ignoreDefaultArgs: ['--mute-audio'],
  },
});

interface Heard {
  type: string;
  detail: { text?: string; start?: number; end?: number; utteranceId?: number; state?: string; code?: string; message?: string };
}

/** A plain page with the element (attributes `attrs`) and an <audio> playing fixture `audio`, loading the built script. */
async function openPage(page: Page, attrs: string, audio = 'speech.wav') {
  await page.route('**/fixtures/*', (route) => route.fulfill({ path: fixture(new URL(route.request().url()).pathname.split('/').pop()!) }));
  const html = `<!doctype html><html lang="en"><head><title>${TITLE}</title></head><body>
    <whisper-recorder model="${MODEL}" device="wasm" language="en" partials="off" ${attrs}></whisper-recorder>
    <audio id="player" src="/fixtures/${audio}" preload="auto"></audio>
    <script type="module" src="/whisper-recorder.js"></script></body></html>`;
  await page.route('**/sources/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('/sources/page.html');
  return watch(page);
}

/** Records every whisper-* event of the page's <whisper-recorder> (in the page or the site's shadow root). */
async function watch(page: Page) {
  const recorder = page.locator('whisper-recorder');
  await expect(recorder).toBeVisible();
  await page.evaluate(async () => {
    await customElements.whenDefined('whisper-recorder');
    const el = document.querySelector('whisper-recorder') ?? document.querySelector('whisper-app')!.shadowRoot!.querySelector('whisper-recorder')!;
    const w = window as unknown as { heard: unknown[] };
    w.heard = [];
    for (const type of ['whisper-partial', 'whisper-final', 'whisper-state', 'whisper-error']) {
      el.addEventListener(type, (e) => w.heard.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  const heard = () => page.evaluate(() => (window as unknown as { heard: Heard[] }).heard);
  const states = async () => (await heard()).filter((e) => e.type === 'whisper-state').map((e) => e.detail.state);
  const finals = async () => (await heard()).filter((e) => e.type === 'whisper-final').map((e) => e.detail);
  const errors = async () => (await heard()).filter((e) => e.type === 'whisper-error').map((e) => e.detail);
  return { recorder, heard, states, finals, errors };
}

/** The element's transcript once the session is over: its finals as they stand after revisions. */
const transcript = (page: Page) => page.locator('whisper-recorder').evaluate((el: HTMLElement & { transcript: { text: string }[] }) => el.transcript.map((f) => f.text));

test('a MediaStream: an <audio> element’s captureStream() is transcribed, and its end stops the session by itself', async ({ page }) => {
  const w = await openPage(page, '');
  await page.evaluate(async () => {
    const player = document.getElementById('player') as HTMLAudioElement & { captureStream(): MediaStream };
    if (player.readyState < 1) await new Promise((resolve) => player.addEventListener('loadedmetadata', resolve, { once: true }));
    const recorder = document.querySelector('whisper-recorder') as HTMLElement & { stream: MediaStream; start(): Promise<void> };
    recorder.stream = player.captureStream();
    await recorder.start();
  });
  await expect(w.recorder.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect.poll(w.states, { timeout: 60_000 }).toContain('listening');
  await page.evaluate(() => (document.getElementById('player') as HTMLAudioElement).play());
  // The media ends, so does its track: the session stops without stop(), the utterance a final.
  await expect(w.recorder).toHaveAttribute('state', 'stopped', { timeout: 90_000 });
  expect(await w.errors()).toEqual([]);
  expect((await w.finals()).map((f) => f.text)).toEqual([PHRASE.trim()]);
  expect(await transcript(page)).toEqual([PHRASE.trim()]);
  await expect(w.recorder.locator('[part=status]')).toContainText('The stream ended.');
  await expect(w.recorder.getByRole('button', { name: 'Transcribe the stream' })).toBeVisible();
});

test('pushed PCM: speech.wav at 48 kHz in 100 ms chunks, faster than real time, gives its sentence at its times', async ({ page }) => {
  const w = await openPage(page, 'source="pcm"');
  await page.evaluate(async () => {
    const bytes = await (await fetch('/fixtures/speech.wav')).arrayBuffer();
    // decodeAudioData resamples to the context's rate: the file's 16 kHz become 48 kHz.
    const audio = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes);
    const samples = audio.getChannelData(0);
    const recorder = document.querySelector('whisper-recorder') as HTMLElement & { pushPcm(s: Float32Array, rate: number): void; stop(): Promise<void> };
    const chunk = new Float32Array(4800);
    for (let at = 0; at < samples.length; at += chunk.length) {
      const n = Math.min(chunk.length, samples.length - at);
      chunk.set(samples.subarray(at, at + n));
      recorder.pushPcm(chunk.subarray(0, n), 48_000);
    }
    await recorder.stop();
  });
  expect(await w.errors()).toEqual([]);
  const finals = await w.finals();
  expect(finals.map((f) => f.text)).toEqual([PHRASE.trim()]);
  const bounds = speechBounds();
  expectNear(finals[0]!.start!, bounds.speechStartSeconds, 0.6);
  expect(finals[0]!.end!).toBeGreaterThan(bounds.speechEndSeconds - 0.3);
  expect((await w.states()).at(-1)).toBe('stopped');
});

test.describe('MediaRecorder chunks', () => {
  test('a recording (WebM/Opus, as MediaRecorder writes it) pushed in pieces is heard before its last piece arrives', async ({ page }) => {
    const w = await openPage(page, '');
    const bytes = [...readFileSync(fixture('recording.webm'))];
    await page.evaluate((all) => {
      const data = new Uint8Array(all);
      const recorder = document.querySelector('whisper-recorder') as HTMLElement & { pushChunk(c: Blob): void };
      // Two thirds of the file (up to about 2.2 s of 3.8 s; speech runs from 0.5 s to about 3 s), in pieces the size
      // of MediaRecorder's.
      const w = window as unknown as { rest: Uint8Array<ArrayBuffer> };
      const cut = Math.floor((data.length * 2) / 3);
      for (let at = 0; at < cut; at += 1500) recorder.pushChunk(new Blob([data.subarray(at, Math.min(cut, at + 1500))]));
      w.rest = data.subarray(cut);
    }, bytes);
    // Speech detection needs decoded audio: it is heard while the stream is still growing.
    await expect.poll(w.states, { timeout: 90_000 }).toContain('speaking');
    await page.evaluate(async () => {
      const recorder = document.querySelector('whisper-recorder') as HTMLElement & { pushChunk(c: Blob): void; stop(): Promise<void> };
      recorder.pushChunk(new Blob([(window as unknown as { rest: Uint8Array<ArrayBuffer> }).rest]));
      await recorder.stop();
    });
    expect(await w.errors()).toEqual([]);
    expect((await w.finals()).map((f) => f.text)).toEqual([PHRASE.trim()]);
  });

  test('a live MediaRecorder recording an <audio> element: each chunk pushed as it comes', async ({ page }) => {
    const w = await openPage(page, 'source="media-recorder"');
    await page.evaluate(async () => {
      const player = document.getElementById('player') as HTMLAudioElement & { captureStream(): MediaStream };
      const recorder = document.querySelector('whisper-recorder') as HTMLElement & { pushChunk(c: Blob): void; start(): Promise<void>; stop(): Promise<void> };
      await recorder.start();
      const stream = player.captureStream();
      const media = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
      media.ondataavailable = (e) => recorder.pushChunk(e.data);
      media.onstop = () => void recorder.stop();
      // The recording ends with the media.
      stream.getAudioTracks()[0]!.addEventListener('ended', () => media.state !== 'inactive' && media.stop());
      await player.play();
      media.start(250);
    });
    await expect(w.recorder).toHaveAttribute('state', 'stopped', { timeout: 90_000 });
    expect(await w.errors()).toEqual([]);
    expect((await w.finals()).map((f) => f.text)).toEqual([PHRASE.trim()]);
  });

  test('chunks that are not a recording end the session with undecodable', async ({ page }) => {
    const w = await openPage(page, '');
    await page.evaluate(() => {
      const recorder = document.querySelector('whisper-recorder') as HTMLElement & { pushChunk(c: Blob): void; stop(): Promise<void> };
      recorder.pushChunk(new Blob(['These are meeting notes, not audio.']));
      void recorder.stop();
    });
    await expect(w.recorder).toHaveAttribute('state', 'error', { timeout: 60_000 });
    expect((await w.errors()).map((e) => e.code)).toEqual(['undecodable']);
    await expect(w.recorder.getByRole('alert')).toContainText('The recorded chunks could not be decoded');
  });
});

test.describe('a tab’s sound', () => {
  test('source="tab": the page transcribes what its own tab plays', async ({ page }) => {
    const w = await openPage(page, 'source="tab"');
    await w.recorder.getByRole('button', { name: 'Transcribe a tab' }).click();
    await expect.poll(w.states, { timeout: 60_000 }).toContain('listening');
    await page.evaluate(() => (document.getElementById('player') as HTMLAudioElement).play());
    await expect.poll(async () => (await w.finals()).length, { timeout: 90_000 }).toBe(1);
    await w.recorder.getByRole('button', { name: 'Stop' }).click();
    await expect(w.recorder).toHaveAttribute('state', 'stopped');
    expect(await w.errors()).toEqual([]);
    expect((await w.finals()).map((f) => f.text)).toEqual([PHRASE.trim()]);
  });

  test('the site’s "Transcribe a tab" button, then the microphone button is back', async ({ page }) => {
    await page.route('**/fixtures/*', (route) => route.fulfill({ path: fixture(new URL(route.request().url()).pathname.split('/').pop()!) }));
    await page.goto(`/?model=${MODEL}&device=wasm&language=en`);
    await expect(page).toHaveTitle(TITLE);
    const w = await watch(page);
    await page.evaluate(() => {
      const player = document.body.appendChild(document.createElement('audio'));
      player.id = 'player';
      player.src = '/fixtures/speech.wav';
    });
    await page.getByRole('button', { name: 'Transcribe a tab' }).click();
    await expect.poll(w.states, { timeout: 60_000 }).toContain('listening');
    await expect(page.getByRole('button', { name: 'Transcribe a tab' })).toBeDisabled();
    await page.evaluate(() => (document.getElementById('player') as HTMLAudioElement).play());
    await expect(w.recorder.getByRole('list', { name: 'Transcript' })).toContainText(PHRASE.trim(), { timeout: 90_000 });
    await w.recorder.getByRole('button', { name: 'Stop' }).click();
    await expect(w.recorder).toHaveAttribute('state', 'stopped');
    expect(await w.errors()).toEqual([]);
    await expect(w.recorder.getByRole('button', { name: 'Start recording' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Transcribe a tab' })).toBeEnabled();
  });

  test('a share without sound says so, and nothing is loaded', async ({ page }) => {
    const w = await openPage(page, 'source="tab"');
    // What the picker returns when the user shares a window, or a tab with "Also share tab audio" off: video only.
    await page.evaluate(() => {
      navigator.mediaDevices.getDisplayMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.getContext('2d')!.fillRect(0, 0, 1, 1);
        return canvas.captureStream();
      };
    });
    await w.recorder.getByRole('button', { name: 'Transcribe a tab' }).click();
    await expect(w.recorder).toHaveAttribute('state', 'error');
    expect((await w.errors()).map((e) => e.code)).toEqual(['no-audio-track']);
    await expect(w.recorder.getByRole('alert')).toContainText('no audio was shared');
    // The picker comes before the model: with nothing to hear, the model was never loaded.
    await expect(w.recorder.locator('[part=status]')).toContainText('Not loaded');
  });
});

test('the site hands its URL’s live settings to its recorder', async ({ page }) => {
  await page.goto(`/?model=${MODEL}&partial-interval=500&max-utterance=12&partial-load=0.8`);
  const recorder = page.locator('whisper-app whisper-recorder');
  await expect(recorder).toHaveAttribute('partial-interval', '500');
  await expect(recorder).toHaveAttribute('max-utterance', '12');
  await expect(recorder).toHaveAttribute('partial-load', '0.8');
  expect(await recorder.evaluate((el: HTMLElement & { partialInterval: number; maxUtterance: number; partialLoad: number }) => [el.partialInterval, el.maxUtterance, el.partialLoad])).toEqual([500, 12, 0.8]);
  await page.goto(`/?model=${MODEL}&max-utterance=45`);
  await expect(page.locator('whisper-app').getByRole('alert')).toContainText('Ignored ?max-utterance=45: expected a number from 1 to 30');
  await expect(recorder).not.toHaveAttribute('max-utterance');
});
