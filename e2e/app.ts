import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { PASSAGE, PHRASES, passageText } from '../tools/test-model/spec.ts';
import { TEST_MODELS, modelPath, type TestModel } from './test-models.ts';

export const FIXTURES = '.cache/fixtures';
export const fixture = (name: string): string => `${FIXTURES}/${name}`;
export const PHRASE = PHRASES.transcribe;
export const TRANSLATED = PHRASES.translate;
/** What the model says for the k-th utterance it has heard in full, with the earlier ones in its history. */
export const sentence = (k: number): string => passageText(k).trim();

/**
 * The texts of a file's segments, in order. The synthetic model reads its passage on, one sentence per speech
 * region, from the text in its history; a window without a prompt starts again at the first sentence. So each
 * text is the first sentence or the one after the text before it, whatever the windows are.
 */
export function expectPassageOrder(texts: readonly string[]): void {
  const sentences = PASSAGE.map((s) => s.trim());
  texts.forEach((text, i) => {
    const allowed = i === 0 ? [sentences[0]] : [sentences[0], sentences[(sentences.indexOf(texts[i - 1]!) + 1) % sentences.length]];
    expect(allowed, `segment ${i}: "${text}"`).toContain(text);
  });
}

export interface Bounds {
  speechStartSeconds: number;
  speechEndSeconds: number;
}
export const speechBounds = (): Bounds => JSON.parse(readFileSync(fixture('speech.json'), 'utf8'));
export const pauseUtterances = (): { startSeconds: number; endSeconds: number; text: string }[] =>
  JSON.parse(readFileSync(fixture('pauses.json'), 'utf8')).utterances;

export interface ExportedJson {
  meta: { source: string; model: string; device: string; dtype: string; language?: string; task: string; speakers?: Record<string, string> };
  language: string | null;
  segments: {
    start: number;
    end: number;
    text: string;
    speaker: string | null;
    language: string | null;
    words: { text: string; start: number; end: number; probability: number }[] | null;
  }[];
}

/** Drives the static site the way a person does: URL parameters, file picker, queue buttons, export buttons. */
export class App {
  constructor(readonly page: Page) {}

  async open(params: Record<string, string> = {}, model: TestModel = TEST_MODELS.multilingual): Promise<void> {
    const search = new URLSearchParams({ model: modelPath(model), ...params });
    await this.page.goto(`/?${search}`);
    await expect(this.page.locator('whisper-app')).toBeVisible();
  }

  async addFiles(...names: string[]): Promise<void> {
    await this.page.locator('wr-drop-zone input[type=file]').setInputFiles(names.map(fixture));
  }

  row(name: string) {
    return this.page.locator('wr-file-queue li', { hasText: name });
  }

  async waitFor(name: string, state: 'done' | 'error' | 'cancelled' | 'transcribing', timeout = 120_000): Promise<void> {
    await expect(this.row(name)).toHaveAttribute('data-state', state, { timeout });
  }

  async show(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Show transcript of ${name}` }).click();
    await expect(this.page.locator('section[aria-label=Transcript] h2')).toHaveText(name);
  }

  async download(label: 'TXT' | 'SRT' | 'WebVTT' | 'JSON'): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator('section[aria-label=Transcript]').getByRole('button', { name: `Download ${label}` }).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  async exportJson(name: string): Promise<ExportedJson> {
    await this.show(name);
    return JSON.parse((await this.download('JSON')).text) as ExportedJson;
  }

  status() {
    return this.page.locator('wr-status');
  }
}

/** Segment times against the measured speech; 0.15 s covers the 20 ms timestamp grid and codec delay. */
export function expectNear(actual: number, expected: number, tolerance = 0.15): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
}
