import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { App, PHRASE, expectNear, fixture, pauseUtterances, sentence, type ExportedJson } from './app.ts';
import { HistoryView, acceptDialogs, leavingAsks, transcriptLines } from './history-view.ts';
import { holdTranscriptionsAfter } from './worker-calls.ts';

test.describe('transcript history of files', () => {
  test('a reload in the middle of a file: asks first, then History has it as interrupted with the finished segments, in order, once each', async ({ page }) => {
    const app = new App(page);
    const history = new HistoryView(page);
    // The first window is transcribed; the next one is held back until the reload.
    await holdTranscriptionsAfter(page, 1);
    const dialogs = acceptDialogs(page);
    await app.open({ device: 'wasm', language: 'en' });
    expect(await leavingAsks(page)).toBe(false);
    await app.addFiles('pauses.wav');
    await expect(transcriptLines(page).first()).toBeVisible({ timeout: 120_000 });
    await app.waitFor('pauses.wav', 'transcribing');
    const shown = await transcriptLines(page).allTextContents();
    // Written as the segments arrived, not at the end.
    await expect(history.item('pauses.wav').locator('[part=state]')).toHaveText(`In progress · ${shown.length} segment${shown.length === 1 ? '' : 's'}`);
    expect(await leavingAsks(page)).toBe(true);

    // A click gives the page the user activation browsers want before they show the prompt.
    await page.locator('h1').click();
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await expect(history.item('pauses.wav')).toHaveAttribute('data-state', 'interrupted');
    await expect(history.item('pauses.wav').locator('[part=state]')).toHaveText(new RegExp(`^Interrupted · ${shown.length} segment`));
    expect(await leavingAsks(page)).toBe(false);

    await history.open('pauses.wav');
    const section = page.locator('section[aria-label=Transcript]');
    await expect(section.locator('[part=saved-note]')).toContainText('The history keeps text, not audio: choose the file to play its segments.');
    expect(await transcriptLines(page).allTextContents()).toEqual(shown);
    const json = JSON.parse((await app.download('JSON')).text) as ExportedJson;
    const utterances = pauseUtterances();
    expect(json.segments).toHaveLength(shown.length);
    json.segments.forEach((s, i) => {
      expect(s.text).toBe(sentence(i));
      expectNear(s.start, utterances[i]!.startSeconds);
    });

    // Segments play once the file is at hand again; another file is refused.
    await section.locator('#attach-file').setInputFiles(fixture('speech.wav'));
    await expect(section.getByRole('alert')).toHaveText('"speech.wav" is not the file this transcript was made from.');
    await section.locator('#attach-file').setInputFiles(fixture('pauses.wav'));
    await expect(section.locator('[part=saved-note]')).toHaveCount(0);
    await transcriptLines(page).last().click();
    const audio = section.locator('audio');
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(json.segments.at(-1)!.start);
  });

  test('a finished file is kept across a reload: all segments, the same JSON export, rename, delete, and no accessibility violations', async ({ page }) => {
    const app = new App(page);
    const history = new HistoryView(page);
    const dialogs = acceptDialogs(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'done');
    const original = await app.exportJson('pauses.wav');
    expect(original.segments).toHaveLength(pauseUtterances().length);
    await expect(history.item('pauses.wav')).toHaveAttribute('data-state', 'done');

    await page.reload();
    expect(dialogs).toEqual([]);
    await expect(history.item('pauses.wav').locator('[part=state]')).toHaveText(`Done · ${original.segments.length} segments`);
    await expect(history.item('pauses.wav').locator('[part=details]')).toContainText(/File · .+ · 00:45 · synthetic-whisper-test · English/);
    await history.open('pauses.wav');
    const reopened = JSON.parse((await app.download('JSON')).text) as ExportedJson;
    expect(reopened.segments).toEqual(original.segments);
    // The same metadata but for when it was made: the record dates from the job's start, the transcript from its end.
    expect({ ...reopened.meta, createdAt: null }).toEqual({ ...original.meta, createdAt: null });
    await expect(page.locator('wr-model-manager [part=history-usage]')).toHaveText(/^Transcript history: \d+(\.\d+)? kB$/);

    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

    // Rename from the keyboard: the field takes focus, Enter saves.
    await page.locator('wr-history').getByRole('button', { name: 'Rename pauses.wav' }).click();
    const field = page.locator('wr-history').getByRole('textbox', { name: 'New name for pauses.wav' });
    await expect(field).toBeFocused();
    await field.fill('Board meeting');
    await page.keyboard.press('Enter');
    await expect(history.item('Board meeting')).toBeVisible();
    await expect(page.locator('section[aria-label=Transcript] h2')).toHaveText('Board meeting');
    await page.reload();
    await expect(history.item('Board meeting')).toHaveAttribute('data-state', 'done');

    await page.locator('wr-history').getByRole('button', { name: 'Delete Board meeting' }).click();
    await expect(page.locator('wr-history [part=empty]')).toBeVisible();
    await expect(page.locator('wr-model-manager [part=history-usage]')).toHaveText('Transcript history: 0 bytes');
  });

  test('when the browser refuses to store more, History says so and the transcription still completes', async ({ page }) => {
    await page.addInitScript(() => {
      const refuse = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      IDBObjectStore.prototype.put = refuse;
      IDBObjectStore.prototype.add = refuse;
    });
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await expect(page.locator('wr-history').getByRole('alert')).toHaveText(/^Transcript history is full: the browser refused to store more\./);
    await expect(page.locator('wr-history [part=empty]')).toBeVisible();
    expect((await app.exportJson('speech.wav')).segments.map((s) => s.text)).toEqual([PHRASE.trim()]);
  });
});
