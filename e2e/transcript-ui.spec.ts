import { expect, test, type Page } from '@playwright/test';
import { App, fixture } from './app.ts';
import { HistoryView, transcriptLines } from './history-view.ts';
import { UNSURE_WORD, canvasPixels, clickTimeline, expectWithin, recordSeeks, seedSavedTranscript, wordySegments } from './transcript-view.ts';

/** The site with a saved transcript of pauses.wav whose segments have words and speakers, opened from History. */
async function openWordyTranscript(page: Page) {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  const segments = wordySegments();
  await seedSavedTranscript(page, segments);
  await new HistoryView(page).open('pauses.wav');
  const section = page.locator('section[aria-label=Transcript]');
  return { app, segments, section, view: section.locator('wr-transcript-view') };
}

/** What the JSON export says of a transcript with words, speakers and corrections. */
interface RichJson {
  meta: { speakers?: Record<string, string> };
  segments: { text: string; edited: boolean; speaker: string | null; words: { text: string; probability: number }[] | null }[];
}

interface Lit {
  words: number[];
  timelineWord: boolean;
}

/** Samples, every 50 ms, which word the transcript lights and whether the timeline shows a word span. */
async function sampleLitWords(page: Page): Promise<() => Promise<Lit>> {
  await page.evaluate(() => {
    const deep = (root: ParentNode, selector: string): Element | null => {
      const hit = root.querySelector(selector);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && deep(el.shadowRoot, selector);
        if (inner) return inner;
      }
      return null;
    };
    const lit: Lit = { words: [], timelineWord: false };
    (window as unknown as { lit: Lit }).lit = lit;
    setInterval(() => {
      const word = deep(document, '[part~=word-current]');
      if (word) lit.words.push(Number((word as HTMLElement).dataset.word));
      if (deep(document, 'wr-timeline')?.shadowRoot?.querySelector('[part=word]')) lit.timelineWord = true;
    }, 50);
  });
  return () => page.evaluate(() => (window as unknown as { lit: Lit }).lit);
}

test('words: the one being played is lit and follows playback, a click on a word plays from it, unsure words are marked, the timeline seeks', async ({ page }) => {
  const { segments, section, view } = await openWordyTranscript(page);
  const first = segments[0]!;
  const words = first.words!;

  // Uncertain words are underlined and read out as such; words without doubt are not.
  const unsure = view.locator('[part~=word-low]');
  await expect(unsure).toHaveCount(1);
  await expect(unsure).toHaveText(`${UNSURE_WORD} (unsure)`);
  await expect(transcriptLines(page).first()).toHaveAccessibleName(new RegExp(`brown ${UNSURE_WORD} \\(unsure\\) jumps`));
  await expect(view.locator('[part=speaker]')).toHaveText(['Speaker 1', 'Speaker 2']);

  // Without audio the timeline shows the segments, and no waveform it could not know.
  const timeline = section.locator('wr-timeline');
  await expect.poll(async () => (await canvasPixels(timeline)).medium).toBeGreaterThan(0);
  expect((await canvasPixels(timeline)).strong).toBe(0);

  await section.locator('#attach-file').setInputFiles(fixture('pauses.wav'));
  const audio = section.locator('audio');
  const seeks = await recordSeeks(audio);
  const lit = await sampleLitWords(page);
  const brown = words.findIndex((w) => w.text === ' brown');
  await view.locator('[part~=word]', { hasText: /^brown$/ }).click();
  await expect.poll(async () => (await seeks()).length).toBe(1);
  expectWithin((await seeks())[0]!, words[brown]!.start, 0.01);

  // Played on, later words light up in order, on the timeline too; the segment stops at its end.
  await expect.poll(async () => Math.max(...(await lit()).words), { timeout: 30_000 }).toBeGreaterThanOrEqual(brown + 3);
  const seen = (await lit()).words;
  expect(seen[0]).toBe(brown);
  expect(seen.every((w, i) => i === 0 || w >= seen[i - 1]!)).toBe(true);
  expect((await lit()).timelineWord).toBe(true);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused), { timeout: 30_000 }).toBe(true);
  expectWithin(await audio.evaluate((a: HTMLAudioElement) => a.currentTime), first.end, 0.5);

  // The timeline: a click moves the playhead there; the keys move it too.
  const slider = section.getByRole('slider', { name: 'Playback position' });
  const length = Number(await slider.getAttribute('aria-valuemax'));
  expectWithin(length, 45, 0.1);
  await clickTimeline(timeline, 0.5);
  await expect.poll(async () => (await seeks()).length).toBe(2);
  expectWithin((await seeks())[1]!, length / 2, 0.5);
  await expect(slider).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await seeks()).slice(2)).toEqual([0, 5]);
  await expect(slider).toHaveAttribute('aria-valuetext', '00:05 of 00:45');
});

test('corrections: F2 and Enter from the keyboard, Escape cancels, Ctrl+Z undoes, speakers renamed; kept in the exports and after a reload', async ({ page }) => {
  const { app, view, section } = await openWordyTranscript(page);
  const lines = transcriptLines(page);
  await lines.first().focus();
  await page.keyboard.press('F2');
  const field = section.getByRole('textbox', { name: 'Text at 00:02' });
  await expect(field).toBeFocused();
  await field.fill('The quick brown fox jumps over the lazy dog by the river bank.');
  await page.keyboard.press('Enter');
  await expect(lines.first()).toBeFocused();
  await expect(lines.first()).toHaveText(/by the river bank\.\s*edited\s*$/);

  // The arrow keys move between segments; Escape leaves one as it was.
  await page.keyboard.press('ArrowDown');
  await expect(lines.nth(1)).toBeFocused();
  await page.keyboard.press('F2');
  await section.getByRole('textbox', { name: 'Text at 00:10' }).fill('Something else entirely.');
  await page.keyboard.press('Escape');
  await expect(lines.nth(1)).toBeFocused();
  await expect(lines.nth(1)).toHaveText(/Please remember to water the plants before you leave on Friday\.\s*$/);

  // Ctrl+Z takes the correction back, words and all.
  await page.keyboard.press('Control+z');
  await expect(lines.first()).toHaveText(/near the river bank\.\s*$/);
  await expect(view.locator('[part~=word-low]')).toHaveCount(1);
  await expect(section.getByRole('button', { name: 'Undo edit' })).toHaveCount(0);

  // Again with the Edit button (shown where the pointer is), and a speaker named for all their turns.
  await lines.first().hover();
  await view.getByRole('button', { name: 'Edit segment at 00:02' }).click();
  await field.fill('The quick brown fox jumps over the lazy dog by the river bank.');
  await field.press('Enter');
  await expect(section.getByRole('button', { name: 'Undo edit' })).toBeVisible();
  await view.getByRole('button', { name: 'Rename Speaker 1' }).click();
  await view.getByRole('textbox', { name: 'Name for Speaker 1' }).fill('Ngozi');
  await page.keyboard.press('Enter');
  await expect(view.locator('[part=speaker]')).toHaveText(['Ngozi', 'Speaker 2']);

  const checkExports = async () => {
    const json = JSON.parse((await app.download('JSON')).text) as RichJson;
    expect(json.meta.speakers).toEqual({ SPEAKER_1: 'Ngozi' });
    expect(json.segments.map((s) => [s.text, s.edited, s.speaker])).toEqual([
      ['The quick brown fox jumps over the lazy dog by the river bank.', true, 'SPEAKER_1'],
      ['Please remember to water the plants before you leave on Friday.', false, 'SPEAKER_2'],
    ]);
    expect(json.segments[0]!.words).toBeNull();
    expect(json.segments[1]!.words!.map((w) => w.text).join(' ')).toBe('Please remember to water the plants before you leave on Friday.');
    const vtt = (await app.download('WebVTT')).text;
    // Two balanced lines, the name counted in the first.
    expect(vtt).toContain('<v Ngozi>Ngozi: The quick brown fox jumps\nover the lazy dog by the river bank.</v>');
    expect(vtt).toMatch(/<v Speaker 2>Speaker 2: Please <00:00:\d\d\.\d{3}>remember/);
    const srt = (await app.download('SRT')).text;
    expect(srt).toContain('Ngozi: The quick brown fox jumps\nover the lazy dog by the river bank.');
    for (const line of srt.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
    expect((await app.download('TXT')).text).toContain('Speaker 2: Please remember');
  };
  await checkExports();

  // Saved in the history: there after a reload.
  await page.reload();
  await new HistoryView(page).open('pauses.wav');
  await expect(transcriptLines(page).first()).toHaveText(/by the river bank\.\s*edited\s*$/);
  await expect(view.locator('[part=speaker]')).toHaveText(['Ngozi', 'Speaker 2']);
  await checkExports();
});

test.describe('search, copy and shortcuts', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('search lights every hit and steps through them; a segment or all is copied; K, J, L and / work in the transcript', async ({ page }) => {
    const { section, view } = await openWordyTranscript(page);
    await transcriptLines(page).first().focus();
    await page.keyboard.press('/');
    const search = section.getByRole('searchbox', { name: 'Find in transcript' });
    await expect(search).toBeFocused();
    await page.keyboard.type('the');
    const count = section.locator('[part=match-count]');
    await expect(count).toHaveText('1 of 4');
    await expect(view.locator('[part~=match]')).toHaveCount(4);
    await expect(view.locator('[part~=match-current]')).toHaveText('The');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(count).toHaveText('4 of 4');
    await expect(transcriptLines(page).nth(1).locator('[part~=match-current]')).toHaveText('the');
    await page.keyboard.press('Enter');
    await expect(count).toHaveText('1 of 4');
    await page.keyboard.press('Shift+Enter');
    await expect(count).toHaveText('4 of 4');
    await section.getByRole('button', { name: 'Previous match' }).click();
    await expect(count).toHaveText('3 of 4');
    await search.fill('zebra');
    await expect(count).toHaveText('No matches');
    await search.press('Escape');
    await expect(view.locator('[part~=match]')).toHaveCount(0);

    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await transcriptLines(page).nth(1).hover();
    await view.getByRole('button', { name: 'Copy segment at 00:10' }).click();
    await expect(view.locator('[part=message]')).toHaveText('Copied the segment at 00:10.');
    expect(await clipboard()).toBe('Speaker 2: Please remember to water the plants before you leave on Friday.');
    await section.locator('wr-export-bar').getByRole('button', { name: 'Copy' }).click();
    await expect(section.locator('wr-export-bar [part=message]')).toHaveText('Copied');
    expect(await clipboard()).toBe('Language: English\n[00:00:02] Speaker 1: The quick brown fox jumps over the lazy dog near the river bank.\n[00:00:10] Speaker 2: Please remember to water the plants before you leave on Friday.\n');

    // The shortcuts are listed on the page.
    await section.getByText('Keyboard shortcuts').click();
    await expect(section.locator('[part=shortcuts]')).toContainText('Play or pause');
    await expect(section.locator('[part=shortcuts]')).toContainText('Previous or next segment');

    await section.locator('#attach-file').setInputFiles(fixture('pauses.wav'));
    const audio = section.locator('audio');
    const seeks = await recordSeeks(audio);
    const playing = () => audio.evaluate((a: HTMLAudioElement) => !a.paused);
    await transcriptLines(page).first().focus();
    await page.keyboard.press('k');
    await expect.poll(playing).toBe(true);
    await page.keyboard.press('k');
    await expect.poll(playing).toBe(false);
    // L: the next segment plays (from the start, the first) and takes the focus; J: back to the one before.
    const lines = transcriptLines(page);
    await page.keyboard.press('l');
    await expect(lines.first()).toBeFocused();
    await page.keyboard.press('l');
    await expect(lines.nth(1)).toBeFocused();
    await page.keyboard.press('j');
    await expect(lines.first()).toBeFocused();
    const [first, second] = wordySegments().map((s) => Math.round(s.start * 100) / 100);
    await expect.poll(async () => (await seeks()).map((s) => Math.round(s * 100) / 100)).toEqual([first, second, first]);
    // Letters typed in the search box are text, not shortcuts.
    await search.fill('');
    await search.pressSequentially('kl');
    await expect(search).toHaveValue('kl');
    expect(await seeks()).toHaveLength(3);
  });
});

test('a transcribed file: its waveform and speech are drawn, the timeline seeks, words to expect reach the export; the layout on a wide screen and a phone, in dark mode', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en', vocabulary: 'Ngozi, Kubernetes' });
  await expect(page.locator('wr-settings').getByRole('textbox', { name: 'Words to expect' })).toHaveValue('Ngozi, Kubernetes');
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  const section = page.locator('section[aria-label=Transcript]');
  const timeline = section.locator('wr-timeline');
  // The waveform (opaque), the speech band (faint) and the segment (between).
  await expect.poll(async () => (await canvasPixels(timeline)).strong).toBeGreaterThan(100);
  const pixels = await canvasPixels(timeline);
  expect(pixels.faint).toBeGreaterThan(100);
  expect(pixels.medium).toBeGreaterThan(0);

  const json = await app.exportJson('speech.wav');
  expect(json.meta).toMatchObject({ vocabulary: 'Ngozi, Kubernetes' });

  // The transcript and its timeline sit beside the files on a wide screen.
  const files = page.locator('section[aria-label=Files]');
  expect((await section.boundingBox())!.x).toBeGreaterThan((await files.boundingBox())!.x + (await files.boundingBox())!.width - 1);

  await clickTimeline(timeline, 0.5);
  const audio = section.locator('audio');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0);
  const length = Number(await section.getByRole('slider').getAttribute('aria-valuemax'));
  expectWithin(await audio.evaluate((a: HTMLAudioElement) => a.currentTime), length / 2, 0.3);

  // The system's dark scheme: the app follows it (axe checks it in accessibility.spec.ts).
  await page.emulateMedia({ colorScheme: 'dark' });
  const luminance = (css: string) => {
    const [r, g, b] = css.match(/[\d.]+/g)!.map(Number);
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  };
  const colours = await page.locator('whisper-app').evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, text: getComputedStyle(el).color }));
  expect(luminance(colours.background)).toBeLessThan(0.2);
  expect(luminance(colours.text)).toBeGreaterThan(0.8);

  // A phone: one column, the transcript below the queue, nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect((await section.boundingBox())!.y).toBeGreaterThan((await files.boundingBox())!.y + (await files.boundingBox())!.height - 1);
  expect((await timeline.boundingBox())!.width).toBeLessThanOrEqual(360);
});
