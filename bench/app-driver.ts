/**
 * Drives the real app the way a person does (URL parameters, the file picker, the queue, the JSON export) and
 * reads the probe's timings. Times are on the page's clock (performance.now(), ms).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from '@playwright/test';
import type { Backend } from '../src/shared/choices.ts';
import { probe } from './browser.ts';
import type { ProbeSnapshot } from './pages/probe-api.ts';
import type { TimedText } from './phrases.ts';

export interface AppParams {
  /** ?model=: a /test-models/ path or a hub id. */
  model: string;
  device: Backend;
  dtype: string;
  language: string;
  /** ?guards=off: one greedy pass per window, nothing dropped, no prompt (openai/whisper's guards are on by default). */
  guards?: 'off';
}

export interface FileRun {
  name: string;
  /** Page time the file was handed to the file input, and time its row said done. */
  addedAt: number;
  doneAt: number;
  /** Animation frames the page had drawn when the file was added (the probe's counter). */
  framesAtStart: number;
  wallMs: number;
  segments: TimedText[];
  text: string;
  /** What the probe saw from addedAt to doneAt. */
  probes: ProbeSnapshot;
}

export class AppDriver {
  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {}

  static url(origin: string, path: string, params: AppParams): string {
    const search = new URLSearchParams({ model: params.model, device: params.device, dtype: params.dtype, language: params.language, ...(params.guards ? { guards: params.guards } : {}) });
    return `${origin}${path}?${search}`;
  }

  async open(params: AppParams, path = '/'): Promise<void> {
    await this.page.goto(AppDriver.url(this.origin, path, params));
    await this.page.locator('wr-drop-zone input[type=file]').waitFor({ state: 'attached' });
  }

  /** Adds the file, waits until its row is done (throwing with the row's error if it failed) and reads the result. */
  async transcribe(path: string, options: { timeoutMs: number; whileWaiting?: (page: Page) => Promise<void> }): Promise<FileRun> {
    const name = basename(path);
    // The queue appends: the new file's row comes after the ones already there.
    const row = (await probe(this.page, 'queue')).length;
    const start = await probe(this.page, 'snapshot', Number.MAX_VALUE);
    const addedAt = start.now;
    await this.page.locator('wr-drop-zone input[type=file]').setInputFiles(path);
    const waiting = this.waitForRow(row, name, (state) => state === 'done' || state === 'error' || state === 'cancelled', options.timeoutMs);
    const busy = options.whileWaiting ? this.repeatUntil(waiting, options.whileWaiting) : Promise.resolve();
    const [state] = await Promise.all([waiting, busy]);
    const probes = await probe(this.page, 'snapshot', addedAt);
    const doneAt = probes.queue.find((q) => q.row === row && q.state === state)?.t ?? probes.now;
    if (state !== 'done') {
      const error = (await probe(this.page, 'queue'))[row]?.error;
      throw new Error(`bench: ${name} ended "${state}" in the app: ${error ?? 'no message'}`);
    }
    const segments = await this.exportSegments(name);
    return { name, addedAt, doneAt, framesAtStart: start.frames, wallMs: doneAt - addedAt, segments, text: segments.map((s) => s.text).join(' '), probes };
  }

  private async waitForRow(index: number, name: string, finished: (state: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    // Polled from Node once a second, so the page's main thread does no extra work while it transcribes.
    for (;;) {
      const row = (await probe(this.page, 'queue'))[index];
      if (row && row.name !== name) throw new Error(`bench: row ${index} of the queue is ${row.name}, not ${name}`);
      if (row && finished(row.state)) return row.state;
      if (Date.now() > deadline) throw new Error(`bench: ${name} was not finished after ${timeoutMs / 1000} s (state ${row?.state ?? 'not in the queue'})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private async repeatUntil(done: Promise<unknown>, action: (page: Page) => Promise<void>): Promise<void> {
    let finished = false;
    void done.finally(() => (finished = true)).catch(() => undefined);
    while (!finished) await action(this.page);
  }

  /**
   * The transcript of the latest row of that name as the app exports it (Show → Download JSON). The export buttons
   * are disabled while a transcript has no segments (a file without speech): then it has none to give.
   */
  async exportSegments(name: string): Promise<TimedText[]> {
    await this.page.getByRole('button', { name: `Show transcript of ${name}` }).last().click();
    const section = this.page.locator('section[aria-label=Transcript]');
    const button = section.getByRole('button', { name: 'Download JSON' });
    await button.waitFor();
    if (await button.isDisabled()) return [];
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const json = JSON.parse(readFileSync(await download.path(), 'utf8')) as { segments: { start: number; end: number; text: string }[] };
    return json.segments.map((s) => ({ start: s.start, end: s.end, text: s.text }));
  }
}
