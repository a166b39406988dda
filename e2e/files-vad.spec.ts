import { expect, test } from '@playwright/test';
import { App, PHRASE, expectNear, speechBounds } from './app.ts';

// Files reach Whisper through Silero's speech regions, found in the decode worker while the file decodes.
test.describe('speech detection for files', () => {
  // The first visit is not controlled by the service worker anyway; blocking it keeps the model's route in our hands.
  test.use({ serviceWorkers: 'block' });

  test('quiet speech (peak -40 dBFS), too quiet for the loudness gate, gives the phrase at the right time', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('quiet-speech.wav');
    await app.waitFor('quiet-speech.wav', 'done');
    const json = await app.exportJson('quiet-speech.wav');
    expect(json.segments.map((s) => s.text)).toEqual([PHRASE.trim()]);
    expectNear(json.segments[0]!.start, speechBounds().speechStartSeconds);
    expectNear(json.segments[0]!.end, speechBounds().speechEndSeconds);
    await expect(app.row('quiet-speech.wav').locator('[part=note]')).toHaveCount(0);
  });

  test('without the speech detection model, the file is still transcribed by loudness, and its row says why', async ({ page }) => {
    const requested: string[] = [];
    await page.route('**/*silero_vad_v5*.onnx', (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 404, body: 'not here' });
    });
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    expect(requested).toHaveLength(1);
    await expect(app.row('speech.wav').locator('[part=note]')).toHaveText(
      `Speech detection could not load (Could not fetch the VAD model from ${requested[0]}: HTTP 404); silence was found by loudness, so noise may be transcribed.`,
    );
    const json = await app.exportJson('speech.wav');
    expect(json.segments.map((s) => s.text)).toEqual([PHRASE.trim()]);
    expectNear(json.segments[0]!.start, speechBounds().speechStartSeconds);
  });
});
