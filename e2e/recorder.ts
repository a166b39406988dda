import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS } from '../playwright.config.ts';
import { PHRASE, fixture } from './app.ts';

/** Launch options whose fake microphone plays (and loops) live.wav: two utterances with pauses, then silence. */
export const fakeMicrophone = () => ({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...WEBGPU_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('live.wav'))}`],
  },
});

export interface RecorderEvent {
  type: string;
  detail: { text?: string; utteranceId?: number; state?: string; code?: string; message?: string };
}

/**
 * The page's <whisper-recorder> (in the document or in <whisper-app>'s shadow root), with every whisper-* event it
 * fires recorded from now on.
 */
export async function watchRecorder(page: Page): Promise<{ recorder: Locator; events: () => Promise<RecorderEvent[]> }> {
  const recorder = page.locator('whisper-recorder');
  await expect(recorder).toBeVisible();
  await page.evaluate(() => {
    const el = document.querySelector('whisper-recorder') ?? document.querySelector('whisper-app')!.shadowRoot!.querySelector('whisper-recorder')!;
    const w = window as unknown as { recorderEvents: unknown[] };
    w.recorderEvents = [];
    for (const type of ['whisper-final', 'whisper-state', 'whisper-error']) {
      el.addEventListener(type, (e) => w.recorderEvents.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  return { recorder, events: () => page.evaluate(() => (window as unknown as { recorderEvents: RecorderEvent[] }).recorderEvents) };
}

/** Presses Start, waits for the first final from the fake microphone and checks it, then presses Stop. */
export async function recordOneFinal(page: Page): Promise<RecorderEvent[]> {
  const { recorder, events } = await watchRecorder(page);
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  const finals = async () => (await events()).filter((e) => e.type === 'whisper-final' || e.type === 'whisper-error');
  await expect.poll(async () => (await finals()).length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  expect((await events()).filter((e) => e.type === 'whisper-error')).toEqual([]);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');
  const all = await events();
  expect(all.find((e) => e.type === 'whisper-final')!.detail.text).toBe(PHRASE.trim());
  return all;
}
