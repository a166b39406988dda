import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SPEAKER_MODELS, SPEAKER_MODELS_BYTES } from '../src/models/speaker-models.ts';
import { formatBytes } from '../src/models/storage-space.ts';
import { App, expectNear, fixture, type ExportedJson } from './app.ts';

interface Turn {
  voice: 'low' | 'high';
  startSeconds: number;
  endSeconds: number;
}
const turns = (): Turn[] => JSON.parse(readFileSync(fixture('dialogue.json'), 'utf8')).turns;
/** The first voice heard is speaker 1. */
const LABEL = { low: 'SPEAKER_1', high: 'SPEAKER_2' } as const;
const SPEAKER_MODEL_IDS = [SPEAKER_MODELS.segmentation.id, SPEAKER_MODELS.embedding.id];
/** The speaker models come from the same mirror as hub-hosted Whisper models: the generated ones. */
const MIRROR = { device: 'wasm', language: 'en', 'model-base-url': '/test-models/' };

/** Every request for a file of a speaker model, from the page or any of its workers. */
function speakerModelRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (request) => {
    if (SPEAKER_MODEL_IDS.some((id) => request.url().includes(id))) urls.push(request.url());
  });
  return urls;
}

test.describe('speaker labels', () => {
  test('with labels on, each turn of a dialogue gets its speaker; renamed speakers show and export under their names', async ({ page }) => {
    const requests = speakerModelRequests(page);
    const app = new App(page);
    await app.open({ ...MIRROR, speakers: 'on' });
    // Nothing is fetched before the user agrees to the download, whose size is named first.
    const question = page.locator('wr-settings [part=speakers-question]');
    await expect(question).toContainText(`Speaker labels need two more models, ${formatBytes(SPEAKER_MODELS_BYTES)}. Download?`);
    expect(requests).toEqual([]);
    await question.getByRole('button', { name: 'Download' }).click();
    await expect(page.locator('wr-settings [part=speakers-switch]')).toBeChecked();

    await app.addFiles('dialogue.wav');
    await app.waitFor('dialogue.wav', 'done');
    expect(requests.length).toBeGreaterThan(0);
    const json = await app.exportJson('dialogue.wav');
    const expected = turns();
    expect(json.segments).toHaveLength(expected.length);
    json.segments.forEach((segment, i) => {
      expectNear(segment.start, expected[i]!.startSeconds, 0.3);
      expectNear(segment.end, expected[i]!.endSeconds, 0.3);
    });
    expect(json.segments.map((s) => s.speaker)).toEqual(expected.map((t) => LABEL[t.voice]));

    // The transcript opens each turn with its speaker; naming one renames all their turns.
    const view = page.locator('wr-transcript-view');
    const shown = { low: 'Speaker 1', high: 'Speaker 2' } as const;
    await expect(view.locator('[part=speaker]')).toHaveText(expected.map((t) => shown[t.voice]));
    for (const [number, name] of [[1, 'Alice'], [2, 'Bob']] as const) {
      await view.getByRole('button', { name: `Rename Speaker ${number}` }).first().click();
      await view.getByRole('textbox', { name: `Name for Speaker ${number}` }).fill(name);
      await view.getByRole('textbox', { name: `Name for Speaker ${number}` }).press('Enter');
    }
    const names = { low: 'Alice', high: 'Bob' } as const;
    await expect(view.locator('[part=speaker]')).toHaveText(expected.map((t) => names[t.voice]));

    // JSON keeps the labels and names them in the meta; SRT opens every cue with the name of the turn it falls in.
    const renamed = JSON.parse((await app.download('JSON')).text) as ExportedJson;
    expect(renamed.meta.speakers).toEqual({ SPEAKER_1: 'Alice', SPEAKER_2: 'Bob' });
    expect(renamed.segments.map((s) => s.speaker)).toEqual(expected.map((t) => LABEL[t.voice]));
    const cues = (await app.download('SRT')).text.trim().split('\n\n').map((cue) => {
      const [, times, first] = cue.split('\n');
      const [h, m, sec, ms] = times!.split(' --> ')[0]!.split(/[:,]/).map(Number);
      return { start: h! * 3600 + m! * 60 + sec! + ms! / 1000, speaker: first!.split(':')[0] };
    });
    expect(cues.length).toBeGreaterThanOrEqual(expected.length);
    const segmentAt = (time: number) => renamed.segments.findIndex((s) => time >= s.start - 0.01 && time < s.end);
    expect(cues.map((c) => c.speaker)).toEqual(cues.map((c) => names[expected[segmentAt(c.start)]!.voice]));

    // Both models are listed on this device, downloaded.
    await page.locator('wr-model-manager').getByText('Models on this device').click();
    for (const id of SPEAKER_MODEL_IDS) {
      await expect(page.locator(`wr-model-manager li[data-model="${id}"]`)).toHaveAttribute('data-state', 'cached');
    }
  });

  test('with labels off, no speaker model is fetched; switching them on asks first, and "Not now" keeps them off', async ({ page }) => {
    const requests = speakerModelRequests(page);
    const app = new App(page);
    await app.open(MIRROR);
    const toggle = page.locator('wr-settings [part=speakers-switch]');
    await expect(toggle).not.toBeChecked();
    await app.addFiles('dialogue.wav');
    await app.waitFor('dialogue.wav', 'done');
    const json = await app.exportJson('dialogue.wav');
    expect(json.segments).toHaveLength(turns().length);
    expect(json.segments.map((s) => s.speaker)).toEqual(turns().map(() => null));
    await expect(page.locator('wr-transcript-view [part=speaker]')).toHaveCount(0);

    await toggle.check();
    const question = page.locator('wr-settings [part=speakers-question]');
    await expect(question).toContainText(`${formatBytes(SPEAKER_MODELS_BYTES)}. Download?`);
    await question.getByRole('button', { name: 'Not now' }).click();
    await expect(question).toHaveCount(0);
    await expect(toggle).not.toBeChecked();
    expect(requests).toEqual([]);
  });
});
