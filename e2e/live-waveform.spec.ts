import { expect, test } from '@playwright/test';
import { App } from './app.ts';
import { fakeMicrophone, watchRecorder } from './recorder.ts';
import { canvasPixels } from './transcript-view.ts';

test.use(fakeMicrophone());

test('the recorder draws the live waveform as it records', async ({ page }) => {
  await new App(page).open({ device: 'wasm', language: 'en' });
  const { recorder } = await watchRecorder(page);
  await expect(recorder.locator('wr-timeline')).toHaveCount(0);
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  const waveform = recorder.locator('wr-timeline');
  await expect(waveform).toHaveAttribute('live', '');
  await expect(waveform.getByRole('img', { name: 'Live waveform of the microphone' })).toBeVisible();
  await expect.poll(async () => (await canvasPixels(waveform)).strong, { timeout: 90_000 }).toBeGreaterThan(50);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
  // The session's waveform stays to look at.
  expect((await canvasPixels(waveform)).strong).toBeGreaterThan(50);
});
