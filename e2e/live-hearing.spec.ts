import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE_ARGS } from '../playwright.config.ts';
import { fixture, sentence } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// The fake microphone plays (and loops) noise at speech level, one utterance over the noise bed, then noise again.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('live-noise.wav'))}`],
  },
});

interface Recorded {
  type: string;
  detail: { text?: string; utteranceId?: number; revision?: number; state?: string };
  at: number;
}

test('noise, then speech over noise, then noise: one final with the sentence, nothing for the noise', async ({ page }) => {
  const { durationSeconds } = JSON.parse(readFileSync(fixture('live-noise.json'), 'utf8')) as { durationSeconds: number };
  await page.goto(`/embed.html?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`);
  const recorder = page.locator('whisper-recorder');
  await recorder.evaluate((el) => {
    const w = window as unknown as { events: Recorded[] };
    w.events = [];
    for (const type of ['whisper-final', 'whisper-state', 'whisper-error']) {
      el.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail, at: performance.now() }));
    }
  });
  const events = () => page.evaluate(() => (window as unknown as { events: Recorded[] }).events);
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect(recorder).toHaveAttribute('state', 'listening', { timeout: 90_000 });
  const listeningAt = await page.evaluate(() => performance.now());
  await expect.poll(async () => (await events()).some((e) => e.type === 'whisper-final'), { timeout: 90_000 }).toBe(true);
  // Let the rest of the file (the trailing noise) play through before stopping: it must add nothing.
  const playedAll = listeningAt + durationSeconds * 1000 - 500;
  await page.waitForFunction((at) => performance.now() >= at, playedAll, { timeout: 60_000 });
  await recorder.evaluate((el: HTMLElement & { stop(): Promise<void> }) => el.stop());

  // On a busy machine the first final can come after the fake microphone has looped back to the speech, which is then
  // heard again as the passage's next sentence (the prompt carries on). Whatever the load, every final is a sentence
  // of the passage, in order, and nothing is written for the noise.
  const transcript = await recorder.evaluate((el: HTMLElement & { transcript: { text: string }[] }) => el.transcript.map((f) => f.text));
  expect(transcript.length).toBeGreaterThanOrEqual(1);
  expect(transcript).toEqual(transcript.map((_, i) => sentence(i)));
  expect((await events()).filter((e) => e.type === 'whisper-error')).toEqual([]);
  await expect(recorder).toHaveAttribute('state', 'stopped');
});
