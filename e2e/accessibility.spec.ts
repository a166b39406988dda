import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { App, fixture } from './app.ts';
import { HistoryView, transcriptLines } from './history-view.ts';
import { seedSavedTranscript, wordySegments } from './transcript-view.ts';

async function expectNoViolations(page: import('@playwright/test').Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** No violations in the light scheme, then in the dark one (emulated, as the system would ask). */
async function expectNoViolationsInEitherScheme(page: import('@playwright/test').Page) {
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoViolations(page);
}

test('the site has no accessibility violations, light or dark, before and after a transcription', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await expectNoViolationsInEitherScheme(page);
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  await expectNoViolationsInEitherScheme(page);
});

test('a transcript with words, speakers, search hits, playback and a correction open has no violations, on a desktop or a phone, light or dark', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await seedSavedTranscript(page, wordySegments());
  await new HistoryView(page).open('pauses.wav');
  const section = page.locator('section[aria-label=Transcript]');
  await section.locator('#attach-file').setInputFiles(fixture('pauses.wav'));
  await section.getByRole('searchbox', { name: 'Find in transcript' }).fill('the');
  await section.getByText('Keyboard shortcuts').click();
  await transcriptLines(page).first().click();
  await expect(page.locator('wr-transcript-view [part~=word-current]')).toHaveCount(1);
  // Paused inside the segment, its word stays lit while axe looks.
  await section.locator('audio').evaluate((a: HTMLAudioElement) => a.pause());
  await expect(page.locator('wr-transcript-view [part~=word-current]')).toHaveCount(1);
  await transcriptLines(page).nth(1).focus();
  await page.keyboard.press('F2');
  await expectNoViolationsInEitherScheme(page);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoViolationsInEitherScheme(page);
});

test('every control is reachable with the keyboard, and a segment plays from the keyboard', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return `${el?.tagName.toLowerCase()}:${el?.getAttribute('aria-label') || el?.id || el?.textContent?.trim().slice(0, 20)}`;
    }));
  }
  for (const control of ['button:Start recording', 'select:model', 'select:device', 'select:task', 'button:Choose files', 'button:Show transcript of speech.wav', 'button:Download JSON']) {
    expect([...reached].some((r) => r.startsWith(control.split(':')[0]!) && r.includes(control.split(':')[1]!)), control).toBe(true);
  }
  // A segment is a button: Enter on it plays that part of the file.
  const segment = page.locator('wr-transcript-view').getByRole('button', { name: /quick brown fox/ });
  await segment.focus();
  await page.keyboard.press('Enter');
  const audio = page.locator('section[aria-label=Transcript] audio');
  await expect(audio).toBeVisible();
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.4);
});

test('works at phone width: nothing overflows sideways, light or dark', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoViolationsInEitherScheme(page);
});
