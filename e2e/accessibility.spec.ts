import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { App } from './app.ts';

async function expectNoViolations(page: import('@playwright/test').Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('the site has no accessibility violations, before and after a transcription', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await expectNoViolations(page);
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  await expectNoViolations(page);
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

test('works at phone width: nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'en' });
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoViolations(page);
});
