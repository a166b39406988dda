import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE_ARGS } from '../playwright.config.ts';
import { FIXTURE_FILES, LANGUAGE_PASSAGES } from '../tools/test-model/spec.ts';
import { fixture } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// The fake microphone plays (and loops) three English sentences in a low voice, then three Spanish ones in a high voice.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture(FIXTURE_FILES.mixedLanguages))}`],
  },
});

interface Final {
  text: string;
  language: string;
  revision: number;
  utteranceId: number;
}

test('recording on auto: each utterance is in the language of its voice, and the language changes where the voice does', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/embed.html?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=auto&partials=off`);
  const recorder = page.locator('whisper-recorder');
  await recorder.evaluate((el) => {
    const w = window as unknown as { finals: Final[] };
    w.finals = [];
    el.addEventListener('whisper-final', (e) => w.finals.push((e as CustomEvent<Final>).detail));
  });
  const finals = () => page.evaluate(() => (window as unknown as { finals: Final[] }).finals.filter((f) => f.text));
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  // Whatever the load, the file's Spanish half comes round within two plays of it.
  await expect.poll(async () => (await finals()).some((f) => f.language === 'es'), { timeout: 240_000 }).toBe(true);
  await recorder.evaluate((el: HTMLElement & { stop(): Promise<void> }) => el.stop());

  const heard = await finals();
  expect(heard.some((f) => f.language === 'en')).toBe(true);
  for (const f of heard) {
    // Each final is a sentence of its own language's passage: the language followed the voice, not the last utterance.
    expect(LANGUAGE_PASSAGES[f.language]?.map((t) => t.trim()), `${f.language}: ${f.text}`).toContain(f.text);
  }
});
