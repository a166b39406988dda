import { expect, test } from '@playwright/test';
import { BASE_ARGS } from '../playwright.config.ts';
import { App } from './app.ts';

// A browser with WebGPU switched off, as on machines without a usable GPU.
test.use({ launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: [...BASE_ARGS, '--disable-features=WebGPU'] } });

test('without WebGPU the plan picks WASM, says why, and transcribes', async ({ page }) => {
  const app = new App(page);
  await app.open({ language: 'en' });
  expect(await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null)).toBeNull();
  await expect(app.status()).toContainText('WASM');
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  expect((await app.exportJson('speech.wav')).meta.device).toBe('wasm');
});
