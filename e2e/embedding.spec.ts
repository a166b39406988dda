import { expect, test } from '@playwright/test';
import { PORT } from '../playwright.config.ts';
import { App, PHRASE } from './app.ts';
import { fakeMicrophone, recordOneFinal } from './recorder.ts';
import { serveStatic } from './static-server.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

test.use(fakeMicrophone());

/** The preview (http://localhost:PORT) plays the CDN; pages on http://127.0.0.1:PORT+1 embed from it. */
const SCRIPT_ORIGIN = `http://localhost:${PORT}`;
const HOST_PORT = PORT + 1;

const hostPage = (attrs: string) => `<!doctype html><html><head><title>Another site</title></head><body>
  <h1>Another site</h1>
  <whisper-recorder ${attrs}></whisper-recorder>
  <script type="module" src="${SCRIPT_ORIGIN}/whisper-recorder.js"></script>
</body></html>`;

test.describe('<whisper-recorder> from a script on another origin', () => {
  // The model comes from the script's host too, so it must send CORS for it (vite preview does for 127.0.0.1).
  const attrs = `model="${SCRIPT_ORIGIN}${modelPath(TEST_MODELS.multilingual)}" device="wasm" language="en" partials="off"`;

  for (const isolated of [false, true]) {
    test(`records a final on a page that is ${isolated ? '' : 'not '}cross-origin isolated`, async ({ page }) => {
      const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
      const host = await serveStatic(HOST_PORT, { mounts: { '/embed/': { html: hostPage(attrs) } }, headers });
      try {
        const workers: string[] = [];
        const requests: string[] = [];
        page.on('worker', (w) => workers.push(w.url()));
        page.context().on('request', (r) => requests.push(r.url()));
        await page.goto(`${host.origin}/embed/`);
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
        await recordOneFinal(page);
        // Both workers started through the same-origin shim, and their assets came from next to the script (the
        // audio worklet did too, or no audio would have reached the VAD; Playwright does not see worklet fetches).
        expect(workers.filter((u) => u.startsWith(`blob:${host.origin}/`)).length).toBeGreaterThanOrEqual(2);
        const fromScriptHost = requests.filter((u) => u.startsWith(`${SCRIPT_ORIGIN}/`)).map((u) => new URL(u).pathname);
        for (const asset of [/^\/assets\/whisper\.worker-.+\.js$/, /^\/assets\/vad\.worker-.+\.js$/, /^\/assets\/ort-wasm-.+\.wasm$/, /^\/assets\/silero_vad_v5-.+\.onnx$/]) {
          expect(fromScriptHost.some((p) => asset.test(p)), `${asset} from ${SCRIPT_ORIGIN}`).toBe(true);
        }
        expect(requests.filter((u) => u.startsWith(`${host.origin}/`) && !/^\/(embed\/|favicon\.ico$)/.test(new URL(u).pathname))).toEqual([]);
      } finally {
        await host.close();
      }
    });
  }
});

test.describe('the built site under a sub-path, on a static host that sends no headers', () => {
  test('transcribes a file, records a final, and installs with the sub-path as its scope', async ({ page, request }) => {
    const site = await serveStatic(HOST_PORT, { mounts: { '/sub/path/': 'dist', '/test-models/': '.cache/models' } });
    try {
      const requests: string[] = [];
      page.context().on('request', (r) => requests.push(r.url()));
      const app = new App(page);
      await page.goto(`${site.origin}/sub/path/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`);
      await expect(page.locator('whisper-app')).toBeVisible();
      await app.addFiles('speech.wav');
      await app.waitFor('speech.wav', 'done');
      await app.show('speech.wav');
      await expect(page.locator('section[aria-label=Transcript] wr-transcript-view')).toContainText(PHRASE.trim());
      await recordOneFinal(page);

      const manifestUrl = new URL((await page.locator('link[rel=manifest]').getAttribute('href'))!, page.url()).href;
      expect(manifestUrl).toBe(`${site.origin}/sub/path/manifest.webmanifest`);
      const manifest = await (await request.get(manifestUrl)).json();
      for (const key of ['start_url', 'scope', 'id']) expect(new URL(manifest[key], manifestUrl).href, key).toBe(`${site.origin}/sub/path/`);
      await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { scope: r?.scope, script: r?.active?.scriptURL };
      });
      expect(registration).toEqual({ scope: `${site.origin}/sub/path/`, script: `${site.origin}/sub/path/sw.js` });
      // Nothing was looked for at the host's root: every URL the build writes is relative.
      // (blob: URLs are the page's own objects, such as the file the player plays, not requests to the host.)
      const outside = requests.filter((u) => u.startsWith(`${site.origin}/`) && !/^\/(sub\/path|test-models)\//.test(new URL(u).pathname));
      expect(outside).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
