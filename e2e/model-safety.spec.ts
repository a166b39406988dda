import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_ARGS, PORT, WEBGPU_ARGS } from '../playwright.config.ts';
import { App, PHRASE, fixture } from './app.ts';
import { serveStatic } from './static-server.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

/** A model is never trapped: damaged storage heals on Retry, crashes step down, foreign hosts and big downloads ask. */

// The recorder test needs Chromium's fake microphone (it plays live.wav); the launch options hold for the whole file.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...WEBGPU_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('live.wav'))}`],
  },
});

const MODEL = modelPath(TEST_MODELS.multilingual);
const ENCODER = 'onnx/encoder_model_quantized.onnx';
const DECODER = 'onnx/decoder_model_merged_quantized.onnx';
/** The stand-ins under hub names live below this folder, as on a self-hosted mirror. */
const MIRROR = '/test-models/';
const LOADING_KEY = 'whisper-recorder:loading-model';

const fileUrl = (page: Page, model: string, file: string): string => new URL(`${model}/${file}`, page.url()).href;

/** Puts a bad copy of `file` into transformers.js's cache: a server's HTML page, or the first half of the real file. */
async function seedDamaged(page: Page, url: string, kind: 'html' | 'half'): Promise<void> {
  await page.evaluate(
    async ([url, kind]) => {
      const cache = await caches.open('transformers-cache');
      if (kind === 'html') {
        await cache.put(url, new Response('<!doctype html><html><body>Not found</body></html>', { headers: { 'content-type': 'text/html' } }));
        return;
      }
      const whole = await (await fetch(url)).arrayBuffer();
      const half = whole.slice(0, whole.byteLength >> 1);
      // The stored length agrees with the body: only the ONNX file's own framing shows that it is cut short.
      await cache.put(url, new Response(half, { headers: { 'content-length': String(half.byteLength), 'content-type': 'application/octet-stream' } }));
    },
    [url, kind] as const,
  );
}

/** Bytes stored under `url`, or null when there is no entry. */
const storedSize = (page: Page, url: string): Promise<number | null> =>
  page.evaluate(async (url) => {
    const response = await (await caches.open('transformers-cache')).match(url);
    return response ? (await response.arrayBuffer()).byteLength : null;
  }, url);

const question = (page: Page) => page.locator('whisper-app wr-load-confirm [part~=prompt]');

async function expectTranscript(app: App, name: string): Promise<void> {
  await app.show(name);
  await expect(app.page.locator('section[aria-label=Transcript] wr-transcript-view')).toContainText(PHRASE.trim());
}

test.describe('damaged files in the browser cache', () => {
  test('HTML stored as config.json is named in the error, removed, and Retry transcribes', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    const config = fileUrl(page, MODEL, 'config.json');
    await seedDamaged(page, config, 'html');

    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error', 30_000);
    await expect(app.row('speech.wav').getByRole('alert')).toHaveText(
      `config.json of ${MODEL} is damaged in this browser's storage (it is HTML, not JSON); it was removed — Retry downloads it again.`,
    );
    expect(await storedSize(page, config)).toBeNull();

    await page.getByRole('button', { name: 'Retry speech.wav' }).click();
    await app.waitFor('speech.wav', 'done');
    await expectTranscript(app, 'speech.wav');
    expect(await storedSize(page, config)).toBe(statSync(`.cache/models/${TEST_MODELS.multilingual.name}/config.json`).size);
  });

  test('an .onnx file cut short is named in the error, removed, and Retry transcribes', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    const encoder = fileUrl(page, MODEL, ENCODER);
    await seedDamaged(page, encoder, 'half');

    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error', 30_000);
    await expect(app.row('speech.wav').getByRole('alert')).toHaveText(
      new RegExp(`^${ENCODER} of ${MODEL} is damaged in this browser's storage \\(it is cut short \\([\\d.]+ [kM]B of at least [\\d.]+ [kM]B\\)\\); it was removed — Retry downloads it again\\.$`),
    );
    expect(await storedSize(page, encoder)).toBeNull();

    await page.getByRole('button', { name: 'Retry speech.wav' }).click();
    await app.waitFor('speech.wav', 'done');
    await expectTranscript(app, 'speech.wav');
  });

  test('the model manager counts a damaged file as missing, names it, and a download replaces it', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm' });
    const manager = page.locator('wr-model-manager');
    const row = page.locator(`wr-model-manager li[data-model="${MODEL}"]`);
    await manager.getByText('Models on this device').click();
    await page.getByRole('button', { name: `Download ${MODEL} for offline use` }).click();
    await expect(row).toHaveAttribute('data-state', 'cached', { timeout: 60_000 });

    await seedDamaged(page, fileUrl(page, MODEL, DECODER), 'half');
    await page.reload();
    await manager.getByText('Models on this device').click();
    await expect(row).toHaveAttribute('data-state', 'partial');
    await expect(row.getByRole('alert')).toHaveText(new RegExp(`^${DECODER} is damaged \\(it is cut short .+\\); Finish download replaces it\\.$`));
    await expect(app.status()).toContainText('Needs network');

    await page.getByRole('button', { name: `Download ${MODEL} for offline use` }).click();
    await expect(row).toHaveAttribute('data-state', 'cached', { timeout: 60_000 });
    await expect(row.getByRole('alert')).toHaveCount(0);
    expect(await storedSize(page, fileUrl(page, MODEL, DECODER))).toBe(statSync(`.cache/models/${TEST_MODELS.multilingual.name}/${DECODER}`).size);
  });
});

test.describe('a load that crashed the tab', () => {
  // Page routes see the worker's model requests only without a service worker in between.
  test.use({ serviceWorkers: 'block' });

  test('the next visit plans a smaller model, says why, and transcribes with it', async ({ page, context }) => {
    // Whisper Base never finishes downloading: its requests hang until the tab dies.
    await context.route(`**${MIRROR}onnx-community/whisper-base_timestamped/**`, () => undefined);
    const site = `/?model-base-url=${MIRROR}&device=wasm&language=en`;
    const app = new App(page);
    await page.goto(site);
    await expect(app.status()).toContainText('onnx-community/whisper-base');
    await app.addFiles('speech.wav');
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), LOADING_KEY)).toContain('onnx-community/whisper-base');

    // The renderer dies mid-load, as a tab out of memory does.
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;

    const next = await context.newPage();
    const again = new App(next);
    await next.goto(site);
    await expect(again.status().locator('[part=summary]')).toContainText('onnx-community/whisper-tiny');
    await expect(again.status().locator('[part=reason]')).toHaveText(
      'Whisper Base did not finish loading here last time (the tab probably ran out of memory), so running Whisper Tiny on the CPU (WASM) with q8 weights.',
    );
    await again.addFiles('speech.wav');
    await again.waitFor('speech.wav', 'done');
    await expectTranscript(again, 'speech.wav');
    expect(await next.evaluate((key) => localStorage.getItem(key), LOADING_KEY)).toBeNull();
  });
});

test.describe('models from another host', () => {
  test("a host the site's policy does not allow fails with the reason and the fix, and is never asked about or fetched", async ({ page, context }) => {
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const app = new App(page);
    await page.goto('/?model=http://mirror.test/models/whisper-x/&device=wasm&language=en');
    await expect(app.status().locator('[part=summary]')).toContainText('whisper-x from mirror.test');
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error');
    await expect(app.row('speech.wav').getByRole('alert')).toHaveText(
      "whisper-x from mirror.test cannot be loaded here: this page's content security policy does not let it fetch from http://mirror.test. " +
        'The site\'s owner can add http://mirror.test to its connect-src (for this app, by building it with WHISPER_MODEL_HOSTS="http://mirror.test").',
    );
    await expect(question(page)).toHaveCount(0);
    expect(requests.filter((url) => new URL(url).hostname === 'mirror.test')).toEqual([]);
  });

  test.describe('on a build that allows them (WHISPER_MODEL_HOSTS)', () => {
    // The site from 127.0.0.1:PORT+1, built to allow models from the preview (localhost:PORT) and mirror.test.
    const PREVIEW = `http://localhost:${PORT}`;
    const BUILD = '.cache/dist-model-hosts';
    test.beforeAll(() => {
      test.setTimeout(300_000);
      execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', BUILD, '--emptyOutDir', '--logLevel', 'warn'], {
        env: { ...process.env, WHISPER_MODEL_HOSTS: `${PREVIEW} http://mirror.test` },
        stdio: 'inherit',
      });
    });

    test('are named with their host, and asked about once per host', async ({ page, context }) => {
      const site = await serveStatic(PORT + 1, { mounts: { '/app/': BUILD } });
      try {
        const host = `localhost:${PORT}`;
        const url = `${site.origin}/app/?model-base-url=${PREVIEW}${MIRROR}&model=${TEST_MODELS.small.hubId}&device=wasm&language=es`;
        const app = new App(page);
        await page.goto(url);
        await expect(app.status().locator('[part=summary]')).toContainText(`whisper-small from ${host}`);
        await expect(app.status()).not.toContainText('onnx-community');

        await app.addFiles('speech.wav');
        await expect(question(page)).toContainText(`whisper-small from ${host} comes from ${host}, which is neither this site nor the Hugging Face hub.`);
        await expect(app.row('speech.wav')).toHaveAttribute('data-state', 'loading-model');
        await page.getByRole('button', { name: `Allow models from ${host}` }).click();
        await app.waitFor('speech.wav', 'done');
        await expect(question(page)).toHaveCount(0);
        await page.locator('wr-model-manager').getByText('Models on this device').click();
        await expect(page.locator(`wr-model-manager li[data-model="${TEST_MODELS.small.hubId}"] [part=name]`)).toContainText(`Whisper Small from ${host}`);

        // Remembered for this host: the next visit loads without asking.
        await page.goto(url);
        await app.addFiles('speech.wav');
        await app.waitFor('speech.wav', 'done');
        await expect(question(page)).toHaveCount(0);

        // Another host asks again; saying no fails the file with a message, and nothing is fetched from there.
        const requests: string[] = [];
        context.on('request', (r) => requests.push(r.url()));
        await page.goto(`${site.origin}/app/?model=http://mirror.test/models/whisper-x/&device=wasm&language=en`);
        await expect(app.status().locator('[part=summary]')).toContainText('whisper-x from mirror.test');
        await app.addFiles('speech.wav');
        await expect(question(page)).toContainText('whisper-x from mirror.test comes from mirror.test');
        await page.getByRole('button', { name: 'Not now' }).click();
        await app.waitFor('speech.wav', 'error');
        await expect(app.row('speech.wav').getByRole('alert')).toHaveText('whisper-x from mirror.test was not loaded: models from mirror.test need your permission. Retry to be asked again.');
        expect(requests.filter((url) => new URL(url).hostname === 'mirror.test')).toEqual([]);
      } finally {
        await site.close();
      }
    });
  });
});

test.describe('large first downloads', () => {
  // Large v3 Turbo in q8 is about 830 MB by the catalogue; here it is a stand-in of a few MB on a same-site mirror.
  const turbo = `/?model-base-url=${MIRROR}&model=${TEST_MODELS.turbo.hubId}&device=wasm&language=es`;

  test('show their size first; the file waits, and a smaller model can be taken instead', async ({ page }) => {
    const app = new App(page);
    await page.goto(turbo);
    await app.addFiles('speech.wav');
    await expect(question(page)).toContainText('Whisper Large v3 Turbo is a download of about 830 MB, kept on this device for next time.');
    await expect(app.row('speech.wav')).toHaveAttribute('data-state', 'loading-model');
    await page.getByRole('button', { name: 'Use Whisper Small instead (about 250 MB)' }).click();
    await app.waitFor('speech.wav', 'done');
    await expect(app.status().locator('[part=summary]')).toContainText(TEST_MODELS.small.hubId);
    await expect(page.locator('wr-settings select').first()).toHaveValue(TEST_MODELS.small.hubId);
    expect((await app.exportJson('speech.wav')).meta.model).toBe(TEST_MODELS.small.hubId);
  });

  test('download once agreed, and are not asked about again once stored', async ({ page }) => {
    const app = new App(page);
    await page.goto(turbo);
    await app.addFiles('speech.wav');
    await page.getByRole('button', { name: 'Download about 830 MB' }).click();
    await app.waitFor('speech.wav', 'done');
    await expect(app.status().locator('[part=summary]')).toContainText(TEST_MODELS.turbo.hubId);

    await page.goto(turbo);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await expect(question(page)).toHaveCount(0);
  });
});

test.describe('the recorder element', () => {
  test('on its own, asks before a large download, fires whisper-confirm, and records with the smaller model picked', async ({ page }) => {
    await page.goto(`/embed.html?model-base-url=${MIRROR}&model=${TEST_MODELS.turbo.hubId}&device=wasm&language=es&partials=off`);
    const recorder = page.locator('whisper-recorder');
    await recorder.evaluate((el) => {
      const w = window as unknown as { confirms: unknown[] };
      w.confirms = [];
      el.addEventListener('whisper-confirm', (e) => w.confirms.push((e as CustomEvent).detail));
    });
    await recorder.getByRole('button', { name: 'Start recording' }).click();
    await expect(recorder.locator('[part=confirm]')).toContainText('Whisper Large v3 Turbo is a download of about 830 MB');
    await expect(recorder).toHaveAttribute('state', 'loading');
    const confirms = await page.evaluate(() => (window as unknown as { confirms: { kind: string; bytes: number }[] }).confirms);
    expect(confirms.map((c) => [c.kind, c.bytes])).toEqual([['download', 830_000_000]]);

    await recorder.getByRole('button', { name: 'Use Whisper Small instead (about 250 MB)' }).click();
    await expect(recorder).toHaveAttribute('state', /listening|speaking|processing/, { timeout: 60_000 });
    await expect(recorder.locator('[part=confirm]')).toHaveCount(0);
    expect(await recorder.evaluate((el) => (el as HTMLElement & { model: string }).model)).toBe(TEST_MODELS.small.hubId);
    await expect(recorder.locator('[part=status]')).toContainText(TEST_MODELS.small.hubId);
  });
});
