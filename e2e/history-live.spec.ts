import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS } from '../playwright.config.ts';
import { PHRASE, fixture } from './app.ts';
import { HistoryView, leavingAsks, transcriptLines } from './history-view.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// Chromium's fake microphone plays (and loops) this file: two utterances with pauses, then silence.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...WEBGPU_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('live.wav'))}`],
  },
});

const databases = (page: Page): Promise<string[]> => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

test('the site keeps a recording with its finals; leaving asks only while it records; delete all asks first', async ({ page }) => {
  const history = new HistoryView(page);
  await page.goto(`/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`);
  const recorder = page.locator('whisper-recorder');
  await expect(recorder).toHaveAttribute('history', '');
  await recorder.evaluate((el) => el.setAttribute('partials', 'off'));
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder.locator('[part=final]').first()).toBeVisible({ timeout: 120_000 });
  expect(await leavingAsks(page)).toBe(true);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
  expect(await leavingAsks(page)).toBe(false);
  const finals = await recorder.locator('[part=final]').allTextContents();

  const item = page.locator('wr-history li').first();
  await expect(item).toHaveAttribute('data-state', 'done');
  await expect(item.locator('[part=state]')).toHaveText(`Done · ${finals.length} segment${finals.length === 1 ? '' : 's'}`);
  await expect(item.locator('[part=details]')).toContainText('Microphone');
  const name = (await item.locator('[part=name]').textContent()) ?? '';
  expect(name).toMatch(/^Recording /);
  await history.open(name);
  await expect(page.locator('section[aria-label=Transcript] [part=saved-note]')).toContainText('Recordings keep their text only');
  expect((await transcriptLines(page).allTextContents()).map((line) => line.replace(/^\s*\[\d\d:\d\d\]\s*/, '').trim())).toEqual(finals);
  expect(await databases(page)).toContain('whisper-history');

  const wrHistory = page.locator('wr-history');
  await wrHistory.getByRole('button', { name: 'Delete all' }).click();
  await expect(wrHistory.getByRole('group')).toContainText('Delete all 1 saved transcript from this device? This cannot be undone.');
  await expect(wrHistory.getByRole('button', { name: 'Keep them' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(item).toBeVisible();
  await wrHistory.getByRole('button', { name: 'Delete all' }).click();
  await wrHistory.getByRole('button', { name: 'Yes, delete all' }).click();
  await expect(page.locator('wr-history [part=empty]')).toBeVisible();
});

test('a recorder without the history attribute stores nothing', async ({ page }) => {
  await page.goto(`/embed.html?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en&partials=off`);
  const recorder = page.locator('whisper-recorder');
  await expect(recorder).toBeVisible();
  expect(await recorder.getAttribute('history')).toBeNull();
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder.locator('[part=final]').first()).toHaveText(PHRASE.trim(), { timeout: 120_000 });
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
  expect(await databases(page)).not.toContain('whisper-history');
});
