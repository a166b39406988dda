import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE_ARGS } from '../playwright.config.ts';
import { fixture } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// A fake microphone that hears only silence, and no automatic "allow": permission comes from the context.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('silence.wav'))}`],
  },
});

const embed = `/embed.html?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`;

async function recordEvents(page: import('@playwright/test').Page) {
  await page.locator('whisper-recorder').evaluate((el) => {
    const w = window as unknown as { events: { type: string; detail: Record<string, unknown> }[] };
    w.events = [];
    for (const type of ['whisper-partial', 'whisper-final', 'whisper-error', 'whisper-state']) {
      el.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  return () => page.evaluate(() => (window as unknown as { events: { type: string; detail: Record<string, unknown> }[] }).events);
}

test('denied permission shows the error, and the element recovers once access is allowed, without a reload', async ({ page, context }) => {
  await page.goto(embed);
  const events = await recordEvents(page);
  const recorder = page.locator('whisper-recorder');
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder.getByRole('alert')).toContainText('Microphone access was denied');
  expect((await events()).filter((e) => e.type === 'whisper-error').map((e) => e.detail.code)).toEqual(['permission-denied']);
  await expect(recorder).toHaveAttribute('state', 'error');

  await context.grantPermissions(['microphone']);
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder).toHaveAttribute('state', 'listening');
  await expect(recorder.getByRole('alert')).toHaveCount(0);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
});

test('a silent microphone gives no text events', async ({ page, context }) => {
  await context.grantPermissions(['microphone']);
  await page.goto(embed);
  const events = await recordEvents(page);
  const recorder = page.locator('whisper-recorder');
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder).toHaveAttribute('state', 'listening');
  await page.waitForTimeout(6000);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
  const all = await events();
  expect(all.filter((e) => e.type !== 'whisper-state')).toEqual([]);
  expect(all.map((e) => e.detail.state)).not.toContain('speaking');
});
