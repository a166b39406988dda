import { expect, type Page } from '@playwright/test';

/** The History section of the site, driven as a person would. */
export class HistoryView {
  constructor(readonly page: Page) {}

  item(name: string) {
    return this.page.locator('wr-history li', { hasText: name });
  }

  async open(name: string): Promise<void> {
    await this.page.locator('wr-history').getByRole('button', { name: `Open ${name}`, exact: true }).click();
    await expect(this.page.locator('section[aria-label=Transcript] h2')).toHaveText(name);
  }
}

/** The transcript's segments: each a button reading `[mm:ss] text`, which plays it. */
export const transcriptLines = (page: Page) => page.locator('section[aria-label=Transcript] wr-transcript-view button[part~=segment]');

/** Whether leaving the page now would ask first: the guard cancels `beforeunload` only while work runs. */
export const leavingAsks = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

/** The browser's own prompts (beforeunload), accepted, and counted. */
export function acceptDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.type());
    void dialog.accept();
  });
  return seen;
}
