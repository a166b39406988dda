import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS } from '../playwright.config.ts';
import { PHRASE, fixture, sentence } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

// Chromium's fake microphone plays (and loops) this file: two utterances with pauses, then silence.
test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...WEBGPU_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${resolve(fixture('live.wav'))}`],
  },
});

interface Recorded {
  type: string;
  detail: {
    type?: string;
    text?: string;
    utteranceId?: number;
    state?: string;
    start?: number;
    end?: number;
    language?: string;
    code?: string;
    words?: { text: string; start: number; end: number; probability: number }[];
  };
  at: number;
}

/** Opens a page with the element and records every whisper-* event it fires. */
async function open(page: Page, path: string, attrs: Record<string, string>) {
  await page.goto(path);
  await expect(page.locator('whisper-recorder')).toBeVisible();
  await page.evaluate((a) => {
    const recorder = (document.querySelector('whisper-recorder') ?? document.querySelector('whisper-app')!.shadowRoot!.querySelector('whisper-recorder'))!;
    for (const [k, v] of Object.entries(a)) recorder.setAttribute(k, v);
    const w = window as unknown as { events: Recorded[] };
    w.events = [];
    for (const type of ['whisper-partial', 'whisper-final', 'whisper-state', 'whisper-error']) {
      recorder.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail, at: performance.now() }));
    }
  }, attrs);
  return {
    recorder: page.locator('whisper-recorder'),
    events: () => page.evaluate(() => (window as unknown as { events: Recorded[] }).events),
  };
}

const utterances = (): { startSeconds: number; endSeconds: number }[] => JSON.parse(readFileSync(fixture('live.json'), 'utf8')).utterances;

/**
 * The last final of each utterance, in the order they came: a final arrives as soon as the speaker pauses, and a
 * revision (the same utteranceId) replaces it if they go on.
 */
function settled(all: Recorded[]): Recorded['detail'][] {
  const latest = new Map<number, Recorded['detail']>();
  for (const e of all) if (e.type === 'whisper-final') latest.set(e.detail.utteranceId!, e.detail);
  return [...latest.values()];
}

// Whether a partial runs before an utterance's final depends on the machine's spare capacity (a slow pass is cancelled
// by the pause that makes the final), so this checks the rules that hold at any load; the policy's unit tests check
// when partials run.
test('WASM: one final per utterance, in order, partials only before their final, nothing for the pauses', async ({ page }) => {
  const { recorder, events } = await open(page, '/embed.html', { model: modelPath(TEST_MODELS.multilingual), device: 'wasm', language: 'en', 'partial-load': '1' });
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => settled(await events()).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(recorder).toHaveAttribute('state', 'stopped');

  const all = await events();
  const finals = settled(all);
  // The file loops: only the first pass is checked exactly.
  expect(finals.slice(0, 2).map((f) => [f.type, f.text, f.utteranceId, f.language])).toEqual([
    ['final', sentence(0), 1, 'en'],
    // The first final is the second one's prompt, from which the model reads on.
    ['final', sentence(1), 2, 'en'],
  ]);
  const [first, second] = utterances();
  expect(Math.abs(finals[0]!.start! - first!.startSeconds)).toBeLessThan(1);
  expect(finals[0]!.end!).toBeLessThan(second!.startSeconds);
  expect(finals[1]!.start!).toBeGreaterThan(first!.endSeconds);
  // Each final's words, timed by the model: inside the final, and as long from first to last as the speech was
  // (the recording's clock starts wherever the looping file happened to be, so spans are compared, not times).
  for (const [k, final] of finals.slice(0, 2).entries()) {
    const words = final.words!;
    expect(words.map((w) => w.text).join('').trim()).toBe(final.text);
    expect(words[0]!.start).toBeGreaterThanOrEqual(final.start! - 0.1);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(final.end! + 0.1);
    const said = utterances()[k]!;
    expect(Math.abs(words.at(-1)!.end - words[0]!.start - (said.endSeconds - said.startSeconds)), final.text).toBeLessThan(0.1);
  }
  for (const id of [1, 2]) {
    const lastFinal = all.findLastIndex((e) => e.type === 'whisper-final' && e.detail.utteranceId === id);
    expect(all.slice(lastFinal).some((e) => e.type === 'whisper-partial' && e.detail.utteranceId === id), `no partial after the last final of ${id}`).toBe(false);
  }
  expect(all.filter((e) => e.type === 'whisper-error')).toEqual([]);
  const states = all.filter((e) => e.type === 'whisper-state').map((e) => e.detail.state);
  expect(states.slice(0, 4)).toEqual(['loading', 'ready', 'listening', 'speaking']);
  const escape = (text: string) => text.replace('.', '\\.');
  await expect(page.locator('#message')).toHaveValue(new RegExp(`^${escape(sentence(0))} ${escape(sentence(1))}`));
});

// SwiftShader runs WebGPU on the CPU about 20 times slower than WASM: one utterance, no partials, time to spare.
test('WebGPU: the first utterance becomes a final', async ({ page }) => {
  test.setTimeout(360_000);
  const { recorder, events } = await open(page, '/embed.html', { model: modelPath(TEST_MODELS.multilingual), device: 'webgpu', language: 'en', partials: 'off' });
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => (await events()).filter((e) => e.type === 'whisper-final').length, { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  const all = await events();
  expect(all.filter((e) => e.type === 'whisper-final').map((e) => [e.detail.text, e.detail.utteranceId])[0]).toEqual([PHRASE.trim(), 1]);
  expect(all.filter((e) => e.type === 'whisper-partial')).toEqual([]);
  await expect(recorder.getByRole('status')).toContainText('webgpu');
});

test('stop() in the middle of speech flushes the utterance to a final', async ({ page }) => {
  const { recorder, events } = await open(page, '/embed.html', { model: modelPath(TEST_MODELS.multilingual), device: 'wasm', language: 'en' });
  await recorder.evaluate((el: HTMLElement & { start(): Promise<void> }) => el.start());
  // Speech has started (whatever the machine's load, a partial may or may not have run yet): stop now.
  await expect.poll(async () => (await events()).some((e) => e.type === 'whisper-state' && e.detail.state === 'speaking'), { timeout: 60_000 }).toBe(true);
  await recorder.evaluate((el: HTMLElement & { stop(): Promise<void> }) => el.stop());
  const all = await events();
  expect(all.filter((e) => e.type === 'whisper-final').map((e) => [e.detail.text, e.detail.utteranceId])).toEqual([[PHRASE.trim(), 1]]);
  expect(all.at(-1)!.detail.state).toBe('stopped');
  const transcript = await recorder.evaluate((el: HTMLElement & { transcript: { text: string }[] }) => el.transcript.map((f) => f.text));
  expect(transcript).toEqual([PHRASE.trim()]);
});

test('the static site uses the same element', async ({ page }) => {
  const { recorder, events } = await open(page, `/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`, {});
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => (await events()).filter((e) => e.type === 'whisper-final').length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  await expect(recorder.getByRole('list', { name: 'Transcript' })).toContainText(PHRASE.trim());
});

test('one <script type="module"> on any page is enough: workers, wasm, worklet and VAD load from next to it', async ({ page }) => {
  const html = `<!doctype html><html><body>
    <whisper-recorder model="${modelPath(TEST_MODELS.multilingual)}" device="wasm" language="en" partials="off"></whisper-recorder>
    <script type="module" src="/whisper-recorder.js"></script></body></html>`;
  await page.route('**/some/other/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const { recorder, events } = await open(page, '/some/other/page.html', {});
  await recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => (await events()).filter((e) => e.type === 'whisper-final').length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  expect((await events()).find((e) => e.type === 'whisper-final')!.detail.text).toBe(PHRASE.trim());
});

test('offline after one visit: a reload still transcribes the microphone', async ({ page, context }) => {
  const site = `/?model=${modelPath(TEST_MODELS.multilingual)}&device=wasm&language=en`;
  const first = await open(page, site, { partials: 'off' });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await first.recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => (await first.events()).filter((e) => e.type === 'whisper-final').length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  await first.recorder.getByRole('button', { name: 'Stop' }).click();
  await expect(first.recorder).toHaveAttribute('state', 'stopped');

  await context.setOffline(true);
  const again = await open(page, site, { partials: 'off' });
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await again.recorder.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(async () => (await again.events()).filter((e) => e.type === 'whisper-final').length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
  expect((await again.events()).find((e) => e.type === 'whisper-final')!.detail.text).toBe(PHRASE.trim());
});
