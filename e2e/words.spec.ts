import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { App, fixture, pauseUtterances } from './app.ts';
import { TEST_MODELS } from './test-models.ts';

interface SaidWord {
  word: string;
  startSeconds: number;
  endSeconds: number;
}
const saidWords = (): SaidWord[] => JSON.parse(readFileSync(fixture('words.json'), 'utf8')).words;

/** Word times come from the worker's own DTW over the alignment heads: 0.1 s is the bound. */
const expectWithin = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(0.1);

test.describe('word timings from a timestamped export', () => {
  test('each word of a file where it was said, across windows, in the JSON and WebVTT exports and the transcript', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('words.wav', 'pauses.wav');

    await app.waitFor('words.wav', 'done');
    const words = (await app.exportJson('words.wav')).segments.flatMap((s) => s.words ?? []);
    const said = saidWords();
    expect(words.map((w) => w.text.trim().replace(/\.$/, ''))).toEqual(said.map((w) => w.word));
    words.forEach((w, i) => {
      expectWithin(w.start, said[i]!.startSeconds, `${w.text} start`);
      expectWithin(w.end, said[i]!.endSeconds, `${w.text} end`);
      expect(w.probability).toBeGreaterThan(0);
    });
    // WebVTT carries each word's time inside its cue, for players that follow along.
    const vtt = (await app.download('WebVTT')).text;
    expect(vtt).toMatch(/The <00:00:00\.[0-9]{3}>quick/);
    // The transcript shows the words, each one a place to click.
    await expect(page.locator('wr-transcript-view [data-word]')).toHaveCount(said.length);
    await expect(app.status().locator('[part=words]')).toHaveCount(0);

    // A 45 s file takes two windows: the second window's words are in the recording's time, not the window's.
    await app.waitFor('pauses.wav', 'done', 240_000);
    const segments = (await app.exportJson('pauses.wav')).segments;
    const utterances = pauseUtterances();
    expect(segments).toHaveLength(utterances.length);
    segments.forEach((segment, k) => {
      const timed = segment.words!;
      expect(timed.map((w) => w.text.trim()).join(' ')).toBe(segment.text.trim());
      expectWithin(timed[0]!.start, utterances[k]!.startSeconds, `${segment.text} first word`);
      expectWithin(timed.at(-1)!.end, utterances[k]!.endSeconds, `${segment.text} last word`);
    });
  });

  test('a model exported without cross-attention gives segment times only, and says so', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm' }, TEST_MODELS.english);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    const json = await app.exportJson('speech.wav');
    expect(json.segments.length).toBeGreaterThan(0);
    expect(json.segments.every((s) => s.words === null)).toBe(true);
    await expect(app.status().locator('[part=words]')).toContainText('Segment times only');
  });
});
