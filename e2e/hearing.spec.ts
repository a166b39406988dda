import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEFAULT_GUARDS } from '../src/shared/guard-options.ts';
import { App, expectNear, fixture, pauseUtterances, sentence } from './app.ts';

/**
 * Real Whisper's failures, as the synthetic model reproduces them (tools/test-model/hearing.ts): stock phrases on loud
 * noise and music, loops under greedy decoding, and text conditioned on the prompt. The product must survive them on
 * the real stack: Silero keeps non-speech from the model, and openai/whisper's guards catch what gets through.
 */
const bounds = (name: string): { speechStartSeconds: number; speechEndSeconds: number } => JSON.parse(readFileSync(fixture(name), 'utf8'));

interface GuardedJson {
  segments: { start: number; end: number; text: string; temperature: number | null; avgLogprob: number | null; compressionRatio: number | null; noSpeechProb: number | null }[];
}

test.describe('what reaches the model, and what comes back', () => {
  // The first visit is not controlled by the service worker anyway; blocking it keeps routes in the test's hands.
  test.use({ serviceWorkers: 'block' });

  test('loud noise, music, a tone chord and silence give no text', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    const files = ['noise-loud.wav', 'music.wav', 'chord.wav', 'silence.wav'];
    await app.addFiles(...files);
    for (const name of files) {
      await app.waitFor(name, 'done');
      await app.show(name);
      await expect(page.locator('wr-transcript-view'), name).toContainText('No transcript yet');
    }
  });

  test('speech over a noise bed gives exactly its sentence, at the right time', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('speech-in-noise.wav');
    await app.waitFor('speech-in-noise.wav', 'done');
    const json = await app.exportJson('speech-in-noise.wav');
    expect(json.segments.map((s) => s.text)).toEqual([sentence(0)]);
    const { speechStartSeconds, speechEndSeconds } = bounds('speech-in-noise.json');
    expectNear(json.segments[0]!.start, speechStartSeconds);
    // The window ends in the noise bed, 0.2 s after the speech: the model hears where the noise stops as well.
    expectNear(json.segments[0]!.end, speechEndSeconds, 0.3);
  });

  test('a loop under greedy decoding is caught by the fallback: the sentence once, with the temperature it needed', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('repeat-trigger.wav');
    await app.waitFor('repeat-trigger.wav', 'done', 300_000);
    const json = (await app.exportJson('repeat-trigger.wav')) as unknown as GuardedJson;
    expect(json.segments.map((s) => s.text)).toEqual([sentence(0)]);
    const [segment] = json.segments;
    expect(segment!.temperature).toBeGreaterThan(0);
    expect(segment!.compressionRatio).toBeLessThanOrEqual(DEFAULT_GUARDS.compressionRatioThreshold);
    expectNear(segment!.end, bounds('repeat-trigger.json').speechEndSeconds);
  });

  test('the text before each window is its prompt, so a long file reads on across windows', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'done');
    const json = (await app.exportJson('pauses.wav')) as unknown as GuardedJson;
    // pauses.wav is longer than one window: without the prompt, the second window would start at the first sentence.
    expect(json.segments.map((s) => s.text)).toEqual(pauseUtterances().map((_, k) => sentence(k)));
    for (const s of json.segments) expect([s.temperature, s.noSpeechProb! < 0.1]).toEqual([0, true]);
  });

  test('without the speech detection model, the guards still keep noise and music out of the transcript', async ({ page }) => {
    await page.route('**/*silero_vad_v5*.onnx', (route) => route.fulfill({ status: 404, body: 'not here' }));
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    const files = ['noise-loud.wav', 'music.wav'];
    await app.addFiles(...files);
    for (const name of files) {
      await app.waitFor(name, 'done');
      await expect(app.row(name).locator('[part=note]')).toContainText('silence was found by loudness');
      await app.show(name);
      await expect(page.locator('wr-transcript-view'), name).toContainText('No transcript yet');
    }
  });
});

test.describe('on WebGPU (SwiftShader)', () => {
  test('speech over a noise bed gives exactly its sentence', async ({ page }) => {
    // SwiftShader runs WebGPU on the CPU, about 20 times slower than WASM: time to spare on a busy machine.
    test.setTimeout(360_000);
    const app = new App(page);
    await app.open({ device: 'webgpu', language: 'en' });
    await app.addFiles('speech-in-noise.wav');
    await app.waitFor('speech-in-noise.wav', 'done', 300_000);
    const json = await app.exportJson('speech-in-noise.wav');
    expect(json.meta.device).toBe('webgpu');
    expect(json.segments.map((s) => s.text)).toEqual([sentence(0)]);
  });
});
