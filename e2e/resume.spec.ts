import { expect, test, type Page } from '@playwright/test';
import { PORT } from '../playwright.config.ts';
import { CUT_SECONDS } from '../scripts/make-fixtures.ts';
import { App, expectNear, pauseUtterances, type ExportedJson } from './app.ts';
import { HistoryView, acceptDialogs } from './history-view.ts';
import { crashWhisperWorkerAt, holdTranscriptionsAfter, pressWhenTranscribing } from './worker-calls.ts';

/**
 * pauses.wav is transcribed in two windows: the first four utterances (the file's first 30 s chunk ends inside the
 * fourth, so the first window waits for the second chunk and takes all four), then the fifth. Each test stops the
 * job after the first window, picks the file again (or retries), and compares the result with a run that was never
 * stopped: the synthetic model reads on from its prompt, so the resumed window says the same only with the right one.
 */
const KEPT = 4;
const RESUMED_FROM = /^Resumed from 00:3\d \(4 segments kept\)\.$/;

let uninterrupted: ExportedJson;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: `http://localhost:${PORT}` });
  const app = new App(await context.newPage());
  await app.open({ device: 'wasm', language: 'en' });
  await app.addFiles('pauses.wav');
  await app.waitFor('pauses.wav', 'done');
  uninterrupted = await app.exportJson('pauses.wav');
  expect(uninterrupted.segments).toHaveLength(pauseUtterances().length);
  await context.close();
});

/** The same texts in the same order, each segment's times within 0.02 s: nothing missing, nothing twice. */
function expectUninterrupted(json: ExportedJson): void {
  expect(json.segments.map((s) => s.text)).toEqual(uninterrupted.segments.map((s) => s.text));
  json.segments.forEach((s, i) => {
    const ref = uninterrupted.segments[i]!;
    expect(Math.abs(s.start - ref.start), `start of segment ${i}`).toBeLessThanOrEqual(0.02 + 1e-6);
    expect(Math.abs(s.end - ref.end), `end of segment ${i}`).toBeLessThanOrEqual(0.02 + 1e-6);
  });
}

/** The history holds the file once, done, with every segment. */
async function expectOneDoneRecord(page: Page): Promise<void> {
  const history = new HistoryView(page);
  await expect(history.item('pauses.wav')).toHaveCount(1);
  await expect(history.item('pauses.wav').locator('[part=state]')).toHaveText(`Done · ${uninterrupted.segments.length} segments`);
}

test.describe('a file job that stopped carries on from its last finished window', () => {
  test('after a reload, the file picked again resumes in the same history record and gives the uninterrupted transcript', async ({ page }) => {
    const app = new App(page);
    await holdTranscriptionsAfter(page, 1);
    acceptDialogs(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    const history = new HistoryView(page);
    await expect(history.item('pauses.wav').locator('[part=state]')).toHaveText(`In progress · ${KEPT} segments`);
    await page.locator('h1').click();
    await page.reload();
    await expect(history.item('pauses.wav')).toHaveAttribute('data-state', 'interrupted');

    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'done');
    await expect(app.row('pauses.wav').locator('[part=resume]')).toHaveText(RESUMED_FROM);
    expectUninterrupted(await app.exportJson('pauses.wav'));
    await expectOneDoneRecord(page);
  });

  test('after a cancel, the file picked again resumes', async ({ page }) => {
    const app = new App(page);
    // Cancel as the second window is handed to the worker.
    await pressWhenTranscribing(page, 'Cancel pauses.wav', 2);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'cancelled');
    const cancelled = app.row('pauses.wav');
    await expect(cancelled.locator('[part=resume]')).toHaveText(/^Retry resumes from 00:3\d \(4 segments kept\)\.$/);
    await expect(cancelled.getByRole('button', { name: 'Start pauses.wav over' })).toBeVisible();

    await app.addFiles('pauses.wav');
    const again = app.row('pauses.wav').last();
    await expect(again).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(again.locator('[part=resume]')).toHaveText(RESUMED_FROM);
    await again.getByRole('button', { name: 'Show transcript of pauses.wav' }).click();
    expectUninterrupted(JSON.parse((await app.download('JSON')).text) as ExportedJson);
    await expectOneDoneRecord(page);
  });

  test('after the worker crashed mid-file, Retry resumes', async ({ page }) => {
    const app = new App(page);
    await crashWhisperWorkerAt(page, 2);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'error');
    const row = app.row('pauses.wav');
    await expect(row.getByRole('alert')).toHaveText('The transcription worker stopped unexpectedly (Out of memory).');
    await expect(row.locator('[part=resume]')).toHaveText(/^Retry resumes from 00:3\d \(4 segments kept\)\.$/);
    await expect(new HistoryView(page).item('pauses.wav')).toHaveAttribute('data-state', 'error');

    await row.getByRole('button', { name: 'Retry pauses.wav' }).click();
    await app.waitFor('pauses.wav', 'done');
    await expect(row.locator('[part=resume]')).toHaveText(RESUMED_FROM);
    expectUninterrupted(await app.exportJson('pauses.wav'));
    await expectOneDoneRecord(page);
  });
});

test.describe('a file that ends early', () => {
  // Each is pauses.wav cut 24 s in, in the silence after the third utterance. WebM is read up to its last whole
  // cluster: mediabunny reads nothing of one cut short.
  const CUT = [
    ['pauses-cut.wav', '00:24', 3],
    ['pauses-cut.mp3', '00:24', 3],
    ['pauses-cut.mp4', '00:24', 3],
    ['pauses-cut.webm', '00:19', 3],
  ] as const;

  test('says how much could be read, and keeps the transcript of that part', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles(...CUT.map(([name]) => name));
    const utterances = pauseUtterances();
    for (const [name, read, count] of CUT) {
      await app.waitFor(name, 'done');
      await expect(app.row(name).locator('[part=note]')).toHaveText(`"${name}" ends early: only ${read} of 00:45 could be read; the transcript covers that part.`);
      const json = await app.exportJson(name);
      expect(json.segments, name).toHaveLength(count);
      json.segments.forEach((s, i) => expectNear(s.start, utterances[i]!.startSeconds));
      expect(json.segments.at(-1)!.end).toBeLessThan(CUT_SECONDS);
      await expect(new HistoryView(page).item(name).locator('[part=state]')).toHaveText(`Done · ${count} segments`);
    }
  });
});
