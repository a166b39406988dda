import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { FIXTURE_FILES, LANGUAGE_PASSAGES, SPANISH_PASSAGE } from '../tools/test-model/spec.ts';
import { App, PHRASE, TRANSLATED, expectNear, fixture } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

const mirror = { 'model-base-url': '/test-models/', device: 'wasm' };

test('auto language: the detected language is shown with its candidates and carried by every segment and export', async ({ page }) => {
  const app = new App(page);
  await app.open({ ...mirror, model: TEST_MODELS.small.hubId });
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  await expect(page.locator('.detected')).toHaveText(/Detected language:\s*Spanish \d+%, English \d+%, German \d+%/);
  const json = await app.exportJson('speech.wav');
  expect(json.language).toBe('es');
  expect(json.meta.language).toBe('es');
  // Heard as Spanish, decoded after <|es|>: the model's Spanish passage.
  expect(json.segments.map((s) => [s.text, s.language])).toEqual([[SPANISH_PASSAGE[0]!.trim(), 'es']]);
  expect((await app.download('TXT')).text).toMatch(/^Language: Spanish\n/);
});

test('translate with large-v3-turbo routes to a model that can translate and says so', async ({ page }) => {
  const app = new App(page);
  await app.open({ ...mirror, model: TEST_MODELS.turbo.hubId, task: 'translate', language: 'es' });
  await expect(page.locator('.notice')).toHaveText('Whisper Large v3 Turbo was trained without translation, so Whisper Small translates instead.');
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  const json = await app.exportJson('speech.wav');
  expect(json.meta).toMatchObject({ model: 'onnx-community/whisper-small', task: 'translate' });
  expect(json.segments.map((s) => s.text)).toEqual([TRANSLATED.trim()]);
  await expect(app.status()).toContainText('onnx-community/whisper-small');
});

test('English-only models skip detection and offer only English', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm' }, TEST_MODELS.english);
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  const json = await app.exportJson('speech.wav');
  expect(json.segments.map((s) => [s.text, s.language])).toEqual([[PHRASE.trim(), 'en']]);
  await expect(page.locator('.detected')).toHaveCount(0);
  const language = page.locator('wr-settings select#language');
  await expect(language).toBeDisabled();
  await expect(language.locator('option')).toHaveText(['English (en)']);
});

test('auto language on a file of two voices: the segments change language where the voice does', async ({ page }) => {
  const name = FIXTURE_FILES.mixedLanguages;
  const { utterances } = JSON.parse(readFileSync(fixture('mixed-languages.json'), 'utf8')) as {
    utterances: { language: string; startSeconds: number; endSeconds: number }[];
  };
  const app = new App(page);
  await app.open({ device: 'wasm', language: 'auto' });
  await app.addFiles(name);
  await app.waitFor(name, 'done');
  const json = await app.exportJson(name);
  // English in the low voice, then Spanish in espeak-ng's high Spanish voice: one segment per utterance, each in its
  // voice's language, and the words those of that language's passage.
  expect(json.segments.map((s) => s.language)).toEqual(utterances.map((u) => u.language));
  json.segments.forEach((s, i) => {
    expectNear(s.start, utterances[i]!.startSeconds, 0.3);
    expect(LANGUAGE_PASSAGES[s.language!]!.map((t) => t.trim()), `segment ${i}`).toContain(s.text);
  });
});

test('a file heard in Swedish suggests the model made for Swedish, and the model changes only when the user says so', async ({ page }) => {
  const app = new App(page);
  await app.open({ device: 'wasm' }, TEST_MODELS.swedish);
  await app.addFiles('speech.wav');
  await app.waitFor('speech.wav', 'done');
  await app.show('speech.wav');
  await expect(page.locator('.detected')).toContainText('Swedish');
  const suggestion = page.locator('whisper-app .suggestion');
  await expect(suggestion).toContainText('Swedish was heard. KB-Whisper Small (Swedish), by KBLab, the National Library of Sweden, is made for it.');
  const model = page.locator('wr-settings select#model');
  await expect(model).toHaveValue(modelPath(TEST_MODELS.swedish));
  await suggestion.getByRole('button', { name: 'Use KB-Whisper Small (Swedish) for the next files' }).click();
  await expect(model).toHaveValue('KBLab/kb-whisper-small');
  await expect(app.status().locator('[part=summary]')).toContainText('KBLab/kb-whisper-small');
  await expect(suggestion).toHaveCount(0);
});
