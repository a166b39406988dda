import { expect, test, type Page, type Worker } from '@playwright/test';
import { PORT } from '../playwright.config.ts';
import { App } from './app.ts';
import { fakeMicrophone, recordOneFinal } from './recorder.ts';
import { serveStatic } from './static-server.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

test.use(fakeMicrophone());

/** Another origin that would answer anyone (CORS *): only the page's policy can stop a fetch to it. */
const OTHER_PORT = PORT + 1;
const probeServer = () => serveStatic(OTHER_PORT, { mounts: { '/probe/': { html: 'ok' } }, headers: { 'Access-Control-Allow-Origin': '*' } });

/**
 * The workers the page starts from now on and still runs (Playwright keeps listing a previous document's workers,
 * which no longer answer).
 */
function workersFromNowOn(page: Page): () => Worker[] {
  const live = new Set<Worker>();
  page.on('worker', (w) => {
    live.add(w);
    w.on('close', () => live.delete(w));
  });
  return () => [...live];
}

/**
 * Tries a fetch to `url` from the page and from the first worker of each script URL matching `worker`. Later ones
 * with the same URL are ONNX Runtime's threads, which it starts from the worker's own script and which never
 * return to their event loop, so they cannot evaluate anything.
 */
async function tryFetch(page: Page, url: string, workers: Worker[] = [], worker = /./): Promise<{ page: string; workers: Record<string, string> }> {
  const attempt = (target: string) =>
    fetch(target).then(
      (r) => `fetched ${r.status}`,
      (e: unknown) => `refused: ${String(e)}`,
    );
  const outcomes: Record<string, string> = {};
  for (const w of workers) {
    const name = w.url().replace(/^.*\/assets\//, '');
    if (worker.test(w.url()) && !(name in outcomes)) outcomes[name] = await w.evaluate(attempt, url);
  }
  return { page: await page.evaluate(attempt, url), workers: outcomes };
}

test('the app sends its policy, and neither the page nor its workers can fetch from another origin', async ({ page }) => {
  const probe = await probeServer();
  const control = await serveStatic(OTHER_PORT + 1, { mounts: { '/': { html: '<p>A page without a policy</p>' } } });
  try {
    // Control: from a page without the policy, the same fetch reaches the probe server.
    await page.goto(`${control.origin}/`);
    expect((await tryFetch(page, `${probe.origin}/probe/control`)).page).toBe('fetched 200');
    expect(probe.requests).toEqual(['GET /probe/control']);

    const app = new App(page);
    const workers = workersFromNowOn(page);
    const response = await page.goto(`/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`);
    const policy = response!.headers()['content-security-policy']!;
    expect(policy).toMatch(/connect-src 'self' https:\/\/huggingface\.co https:\/\/\*\.huggingface\.co https:\/\/\*\.hf\.co blob: data:;/);
    expect(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toBe(policy);
    // Both workers running, under the policy, doing real work: a file through Whisper, the microphone through the VAD.
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await recordOneFinal(page);

    const result = await tryFetch(page, `${probe.origin}/probe/exfiltrate`, workers(), /\/(whisper|vad)\.worker-/);
    expect(result.page).toMatch(/^refused: TypeError/);
    expect(Object.keys(result.workers).map((u) => u.replace(/-.*/, '')).sort()).toEqual(['vad.worker', 'whisper.worker']);
    for (const [worker, outcome] of Object.entries(result.workers)) expect(outcome, worker).toMatch(/^refused: TypeError/);
    expect(probe.requests).toEqual(['GET /probe/control']);
    // The site itself stays reachable.
    expect((await tryFetch(page, './manifest.webmanifest')).page).toBe('fetched 200');
  } finally {
    await Promise.all([probe.close(), control.close()]);
  }
});

test('on a static host that sends no headers, the <meta> policy guards the page, and the service worker gives it to the workers', async ({ page }) => {
  const probe = await probeServer();
  const site = await serveStatic(OTHER_PORT + 1, { mounts: { '/app/': 'dist', '/test-models/': '.cache/models' } });
  try {
    const app = new App(page);
    const address = `${site.origin}/app/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`;
    const first = await page.goto(address);
    expect(first!.headers()['content-security-policy']).toBeUndefined();
    expect((await tryFetch(page, `${probe.origin}/probe/page`)).page).toMatch(/^refused: TypeError/);
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });

    const workers = workersFromNowOn(page);
    const again = await page.goto(address);
    expect(again!.fromServiceWorker()).toBe(true);
    expect(again!.headers()['content-security-policy']).toBe(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content'));
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    const result = await tryFetch(page, `${probe.origin}/probe/worker`, workers(), /\/whisper\.worker-/);
    expect(Object.values(result.workers)).toEqual([expect.stringMatching(/^refused: TypeError/)]);
    expect(probe.requests).toEqual([]);
  } finally {
    await Promise.all([probe.close(), site.close()]);
  }
});
