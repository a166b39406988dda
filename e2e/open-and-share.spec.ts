import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { App, PHRASE, fixture } from './app.ts';

/** The service worker has installed (so precached everything) and controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
}

async function expectTranscribed(app: App, name: string): Promise<void> {
  await app.waitFor(name, 'done');
  await app.show(name);
  await expect(app.page.locator('section[aria-label=Transcript] wr-transcript-view')).toContainText(PHRASE.trim());
}

test('the manifest offers the installed app for audio and video files and as a share target', async ({ page, request }) => {
  await page.goto('/');
  const manifestUrl = new URL((await page.locator('link[rel=manifest]').getAttribute('href'))!, page.url()).href;
  const manifest = await (await request.get(manifestUrl)).json();
  const [handler] = manifest.file_handlers as { action: string; accept: Record<string, string[]> }[];
  expect(new URL(handler!.action, manifestUrl).href).toBe(new URL('./', manifestUrl).href);
  const types = Object.keys(handler!.accept);
  expect(types.some((t) => t.startsWith('audio/')) && types.some((t) => t.startsWith('video/'))).toBe(true);
  expect(handler!.accept['audio/wav']).toEqual(['.wav']);
  expect(handler!.accept['video/mp4']).toContain('.mp4');
  expect(manifest.share_target).toMatchObject({ method: 'POST', enctype: 'multipart/form-data' });
  expect(new URL(manifest.share_target.action, manifestUrl).href).toBe(new URL('./share-target', manifestUrl).href);
  expect(manifest.share_target.params.files).toEqual([{ name: 'media', accept: expect.arrayContaining(['audio/*', 'video/*', '.wav', '.mp3']) }]);
});

test('a file shared to the app is received by the service worker, queued, and transcribed', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await controlled(page);
  // What the share sheet does: a navigation that POSTs the file as multipart form data to share_target.action
  // (here with the page's query, which carries over, so the app keeps the test model).
  await page.evaluate(() => {
    const form = Object.assign(document.createElement('form'), { method: 'post', enctype: 'multipart/form-data', action: `share-target${location.search}` });
    form.append(Object.assign(document.createElement('input'), { type: 'file', name: 'media' }), Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Share' }));
    document.body.append(form);
  });
  await page.locator('form input[name=media]').setInputFiles(fixture('speech.wav'));
  const navigation = page.waitForResponse((r) => new URL(r.url()).pathname === '/share-target' && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Share' }).click();
  const response = await navigation;
  expect(response.fromServiceWorker()).toBe(true);
  expect(response.status()).toBe(303);

  await expect(page.locator('whisper-app')).toBeVisible();
  await expectTranscribed(app, 'speech.wav');
  // The share is handed over once: the address loses ?shared=, and the stored copy is gone.
  const address = new URL(page.url());
  expect(address.searchParams.has('shared')).toBe(false);
  expect(address.searchParams.get('device')).toBe('wasm');
  expect(await page.evaluate(async () => (await (await caches.open('whisper-shared-files')).keys()).length)).toBe(0);
});

test('files the app is opened with (window.launchQueue) are queued and transcribed', async ({ page }) => {
  // Headless Chromium has window.launchQueue, but only the operating system can launch an installed app with files,
  // so the test captures the consumer the app sets and calls it the way Chromium does: with LaunchParams whose files
  // are real FileSystemFileHandles (here from the origin-private file system).
  await page.addInitScript(() => {
    const consumers: ((params: unknown) => unknown)[] = [];
    (window as unknown as { launchConsumers: typeof consumers }).launchConsumers = consumers;
    const queue = (window as unknown as { launchQueue?: { setConsumer(c: (params: unknown) => unknown): void } }).launchQueue;
    if (!queue) return;
    const proto = Object.getPrototypeOf(queue) as { setConsumer(c: (params: unknown) => unknown): void };
    const native = proto.setConsumer;
    proto.setConsumer = function (consumer) {
      consumers.push(consumer);
      native.call(this, consumer);
    };
  });
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  expect(await page.evaluate(() => 'launchQueue' in window)).toBe(true);
  await expect.poll(() => page.evaluate(() => (window as unknown as { launchConsumers: unknown[] }).launchConsumers.length)).toBe(1);

  const wav = readFileSync(fixture('speech.wav')).toString('base64');
  await page.evaluate(async (base64) => {
    const root = await navigator.storage.getDirectory();
    const handles = [];
    for (const name of ['opened.wav', 'opened too.wav']) {
      const handle = await root.getFileHandle(name, { create: true });
      const writable = await handle.createWritable();
      await writable.write(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      await writable.close();
      handles.push(handle);
    }
    const [consumer] = (window as unknown as { launchConsumers: ((params: unknown) => unknown)[] }).launchConsumers;
    await consumer!({ targetURL: location.href, files: handles });
  }, wav);
  await expectTranscribed(app, 'opened.wav');
  await expectTranscribed(app, 'opened too.wav');
});
