import { statSync } from 'node:fs';
import { expect, test, type Page, type Request } from '@playwright/test';
import { App, PHRASE } from './app.ts';
import { fakeMicrophone, recordOneFinal } from './recorder.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// The no-egress test records from the fake microphone; its flags change nothing for the others.
test.use(fakeMicrophone());

const MODEL = modelPath(TEST_MODELS.multilingual);
const NOT_STORED = modelPath(TEST_MODELS.english);
/** The file the interrupted-download tests break: the biggest, so there is a "mid-way". */
const DECODER = 'onnx/decoder_model_merged_quantized.onnx';

/** The service worker has installed (so precached everything) and controls the page. */
async function serviceWorkerReady(page: Page): Promise<void> {
  // Registration is immediate; only the precache (ONNX Runtime's 27 MB wasm) may take a while.
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined), {
      message: 'the page registers a service worker (PwaController, via <wr-update-prompt> or <wr-offline-badge>)',
      timeout: 15_000,
    })
    .toBe(true);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
}

/**
 * Files of a model folder in transformers.js's cache, relative to the folder, with their sizes: the stored
 * Content-Length, or with `exact` the bytes really stored. Bodies are read to the end or cancelled, because an
 * unfinished one keeps a deleted entry's data (and its share of `estimate().usage`) alive in Chromium.
 */
async function storedFiles(page: Page, model: string, exact = false): Promise<Record<string, number>> {
  return page.evaluate(
    async ([folder, exact]) => {
      const cache = await caches.open('transformers-cache');
      const out: Record<string, number> = {};
      for (const request of await cache.keys()) {
        if (!request.url.startsWith(folder)) continue;
        const response = (await cache.match(request))!;
        const file = request.url.slice(folder.length);
        if (exact) out[file] = (await response.arrayBuffer()).byteLength;
        else {
          out[file] = Number(response.headers.get('content-length'));
          await response.body?.cancel();
        }
      }
      return out;
    },
    [new URL(`${model}/`, page.url()).href, exact] as const,
  );
}

const usage = (page: Page): Promise<number> => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** The transcript of a finished file shows the synthetic model's phrase. */
async function expectTranscript(app: App, name: string): Promise<void> {
  await app.show(name);
  await expect(app.page.locator('section[aria-label=Transcript] wr-transcript-view')).toContainText(PHRASE.trim());
}

/** Drives <wr-model-manager> by its labels, as a person would. */
class Manager {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    const manager = this.page.locator('wr-model-manager');
    await expect(manager, 'the app shows <wr-model-manager>').toBeAttached({ timeout: 10_000 });
    if (!(await manager.evaluate((el) => (el as HTMLElement & { open: boolean }).open))) {
      await manager.getByText('Models on this device').click();
    }
  }

  row(model: string) {
    return this.page.locator(`wr-model-manager li[data-model="${model}"]`);
  }

  async download(model: string): Promise<void> {
    await this.page.getByRole('button', { name: `Download ${model} for offline use` }).click();
  }
}

/** Halves the body of one model file while keeping its full Content-Length: the connection "drops" mid-way. */
async function breakOffMidway(page: Page, file: string): Promise<void> {
  await page.route(`**${MODEL}/${file}`, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ status: 200, headers: { ...response.headers(), 'content-length': String(body.length) }, body: body.subarray(0, body.length >> 1) });
  });
}

test.describe('installable, offline app', () => {
  test('the manifest and the service worker make the app installable', async ({ page, request, baseURL }) => {
    await page.goto('/');
    await expect(page.locator('meta[name=theme-color]')).toHaveAttribute('content', /^#[0-9a-f]{6}$/i);
    const manifestUrl = new URL((await page.locator('link[rel=manifest]').getAttribute('href'))!, page.url()).href;
    const manifest = await (await request.get(manifestUrl)).json();
    expect(manifest).toMatchObject({ name: 'Whisper Recorder', short_name: 'Whisper', display: 'standalone', theme_color: expect.stringMatching(/^#/) });
    expect(new URL(manifest.start_url, manifestUrl).href).toBe(new URL('/', baseURL).href);
    const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
    const want = [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']];
    for (const [sizes, purpose] of want) {
      const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose && i.type === 'image/png');
      expect(icon, `${purpose} ${sizes} icon`).toBeDefined();
      const png = await (await request.get(new URL(icon!.src, manifestUrl).href)).body();
      // PNG IHDR: width and height are the big-endian words at bytes 16 and 20.
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(sizes);
    }

    await serviceWorkerReady(page);
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      const precached: string[] = [];
      for (const name of await caches.keys()) {
        if (name.startsWith('workbox-precache')) precached.push(...(await (await caches.open(name)).keys()).map((k) => new URL(k.url).pathname));
      }
      return { scope: r?.scope, script: r?.active?.scriptURL, precached, isolated: crossOriginIsolated };
    });
    expect(registration.scope).toBe(new URL('/', baseURL).href);
    expect(registration.script).toBe(new URL('/sw.js', baseURL).href);
    for (const asset of [/^\/index\.html$/, /^\/assets\/ort-wasm-simd-threaded\.asyncify-.+\.wasm$/, /^\/assets\/whisper\.worker-.+\.js$/, /^\/assets\/decode\.worker-.+\.js$/]) {
      expect(registration.precached.some((p) => asset.test(p)), `precache holds ${asset}`).toBe(true);
    }
    expect(registration.isolated).toBe(true);
    await expect(page.locator('wr-offline-badge')).toHaveAttribute('state', 'ready');
  });

  test('offline, a reload opens the app and transcribes with a model downloaded for offline use', async ({ page, context }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await serviceWorkerReady(page);
    const manager = new Manager(page);
    await manager.open();
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'not-downloaded');
    await manager.download(MODEL);
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'cached', { timeout: 60_000 });

    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.locator('whisper-app')).toBeVisible();
    await expect(page.locator('wr-offline-badge')).toHaveAttribute('state', 'offline');
    // The service worker's own COOP/COEP keep the offline page isolated, so WASM still gets its threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await expectTranscript(app, 'speech.wav');
    await expect(app.status()).toContainText('Works offline');
  });

  test('on a host that sends no COOP/COEP, the service worker makes the reloaded page cross-origin isolated', async ({ page, context }) => {
    // A static host that cannot set headers: strip them from everything, the service worker's precaching included.
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    const app = new App(page);
    await app.open({ device: 'wasm' });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(app.status()).toContainText('1 thread');
    await serviceWorkerReady(page);
    const stored = await page.evaluate(async () => (await caches.match('/index.html', { ignoreSearch: true }))?.headers.get('cross-origin-embedder-policy') ?? null);
    expect(stored, 'the precached page came without COEP').toBeNull();

    await expect(page.locator('wr-update-prompt')).toContainText('Reload to transcribe with all processor cores');
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true);
    await expect(app.status()).toContainText(/\d+ threads/);
  });

  test('offline, a model that is not downloaded says so instead of spinning', async ({ page, context }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await serviceWorkerReady(page);
    await context.setOffline(true);
    await app.open({ device: 'wasm', language: 'en' }, TEST_MODELS.english);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error', 30_000);
    await expect(app.row('speech.wav').getByRole('alert')).toContainText(`${NOT_STORED} is not downloaded and you are offline`);
    await expect(app.status()).toContainText('Needs network');
  });

  test('deleting a model frees its storage', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm' });
    // Wait for the precache, so the service worker's own writes cannot hide the drop.
    await serviceWorkerReady(page);
    const manager = new Manager(page);
    await manager.open();
    await manager.download(MODEL);
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'cached', { timeout: 60_000 });
    const stored = Object.values(await storedFiles(page, MODEL)).reduce((a, b) => a + b, 0);
    expect(stored).toBeGreaterThan(5_000_000);
    const before = await usage(page);

    await page.getByRole('button', { name: `Delete ${MODEL}` }).click();
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'not-downloaded');
    expect(await storedFiles(page, MODEL)).toEqual({});
    await expect.poll(() => usage(page), { timeout: 30_000 }).toBeLessThan(before - stored * 0.8);
  });

  test('a download refused for lack of space says how much is needed and fetches nothing', async ({ page }) => {
    await page.addInitScript(() => {
      navigator.storage.estimate = async () => ({ usage: 1_000_000, quota: 3_000_000 });
    });
    const app = new App(page);
    await app.open({ device: 'wasm' });
    const manager = new Manager(page);
    await manager.open();
    await manager.download(MODEL);
    await expect(manager.row(MODEL).getByRole('alert')).toHaveText(/^\/test-models\/synthetic-whisper-test needs [\d.]+ MB but only 2 MB is free for this site\./);
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'not-downloaded');
    expect(await storedFiles(page, MODEL)).toEqual({});
  });
});

test.describe('interrupted downloads', () => {
  // Page routes see every fetch of the model manager only without a service worker in between.
  test.use({ serviceWorkers: 'block' });

  test('a file that breaks off mid-way is not stored, the model is not reported as cached, and a retry completes it', async ({ page, context }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    const manager = new Manager(page);
    await manager.open();
    await breakOffMidway(page, DECODER);
    await manager.download(MODEL);
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'partial', { timeout: 60_000 });
    await expect(manager.row(MODEL).getByRole('alert')).toContainText(`${DECODER} of ${MODEL} arrived incomplete`);
    const partial = await storedFiles(page, MODEL, true);
    expect(Object.keys(partial)).toContain('config.json');
    expect(Object.keys(partial)).not.toContain(DECODER);

    // The engine agrees: offline, the partial model is "not downloaded".
    await context.setOffline(true);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error', 30_000);
    await expect(app.row('speech.wav').getByRole('alert')).toContainText('is not downloaded and you are offline');

    await context.setOffline(false);
    await page.unroute(`**${MODEL}/${DECODER}`);
    await page.getByRole('button', { name: `Download ${MODEL} for offline use` }).click();
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', 'cached', { timeout: 60_000 });
    expect((await storedFiles(page, MODEL, true))[DECODER]).toBe(statSync(`.cache/models/${TEST_MODELS.multilingual.name}/${DECODER}`).size);
    await page.getByRole('button', { name: 'Retry speech.wav' }).click();
    await app.waitFor('speech.wav', 'done');
  });

  test('cancelling a download mid-way keeps only whole files', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm' });
    const manager = new Manager(page);
    await manager.open();
    const cdp = await page.context().newCDPSession(page);
    // ~6 MB of decoder at 1 MB/s: long enough to cancel in the middle.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 1_000_000, uploadThroughput: -1 });
    await manager.download(MODEL);
    await expect(manager.row(MODEL).locator('[part~=state]')).toHaveText(/Downloading [1-9]\d? %/, { timeout: 30_000 });
    await page.getByRole('button', { name: `Cancel download of ${MODEL}` }).click();
    await expect(manager.row(MODEL)).toHaveAttribute('data-state', /partial|not-downloaded/);
    await expect(manager.row(MODEL).getByRole('alert')).toContainText('Download cancelled');
    const sizes = await storedFiles(page, MODEL, true);
    for (const [file, size] of Object.entries(sizes)) {
      expect(size, file).toBe(statSync(`.cache/models/${TEST_MODELS.multilingual.name}/${file}`).size);
    }
    expect(Object.keys(sizes)).not.toContain(DECODER);
  });
});

test('no request carries audio or transcript text anywhere, from files or the microphone, online or offline', async ({ page, context, baseURL }) => {
  // Three model loads (online, then offline after a reload, each compiling ONNX Runtime again) on a machine that
  // may be busy: time to spare, since the verdict is about requests, not speed.
  test.setTimeout(480_000);
  const requests: Request[] = [];
  const sockets: string[] = [];
  context.on('request', (r) => requests.push(r));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const app = new App(page);

  await app.open({ device: 'wasm', language: 'en' });
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await expectTranscript(app, 'speech.wav');
  await serviceWorkerReady(page);
  // Live, online: whatever the page and its workers fetch while the microphone runs stays on the site.
  const liveFrom = requests.length;
  await recordOneFinal(page);
  const live = requests.slice(liveFrom);

  await context.setOffline(true);
  await page.reload();
  await app.addFiles('speech.mp3');
  await app.waitFor('speech.mp3', 'done', 240_000);
  await expectTranscript(app, 'speech.mp3');

  const origin = new URL(baseURL!).origin;
  const allowed = new Set([origin, 'https://huggingface.co']);
  // The worker's model downloads are among them, so the recording sees worker traffic too.
  expect(requests.some((r) => r.url().includes(`${MODEL}/onnx/`))).toBe(true);
  // The VAD's model loads when recording starts, so the live window saw the workers' traffic too.
  expect(live.some((r) => /silero_vad/.test(r.url()))).toBe(true);
  for (const r of live) expect(new URL(r.url()).origin, r.url()).toBe(origin);
  const words = PHRASE.toLowerCase().match(/[a-z]{4,}/g)!;
  for (const r of requests) {
    const url = new URL(r.url());
    // blob: URLs are this page's own objects (their origin is the page's); data: URLs never leave the page.
    if (url.protocol !== 'data:') expect(allowed.has(url.origin), r.url()).toBe(true);
    expect(['GET', 'HEAD'], `${r.method()} ${r.url()}`).toContain(r.method());
    expect(r.postDataBuffer()?.length ?? 0, r.url()).toBe(0);
    expect(r.headers()['content-type'] ?? '', r.url()).not.toMatch(/audio|video|octet-stream|form-data/);
    const address = decodeURIComponent(r.url()).toLowerCase();
    for (const word of words) expect(address, `the transcript's "${word}" in a request`).not.toContain(word);
  }
  expect(sockets).toEqual([]);
});
