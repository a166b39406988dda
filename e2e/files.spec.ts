import { expect, test } from '@playwright/test';
import { App, PHRASE, expectNear, expectPassageOrder, pauseUtterances, speechBounds } from './app.ts';
import { pressWhenTranscribing, transcribeReplies } from './worker-calls.ts';

const CONTAINERS = ['speech.wav', 'speech.mp3', 'speech.flac', 'speech.ogg', 'speech.webm', 'speech.m4a', 'video.mp4', 'video.webm'];

test.describe('transcribing files on WASM', () => {
  test('every container and codec family gives the phrase at the right time', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm' });
    await app.addFiles(...CONTAINERS);
    const bounds = speechBounds();
    for (const name of CONTAINERS) {
      await app.waitFor(name, 'done');
      const json = await app.exportJson(name);
      expect(json.segments.map((s) => s.text), name).toEqual([PHRASE.trim()]);
      expectNear(json.segments[0]!.start, bounds.speechStartSeconds);
      expectNear(json.segments[0]!.end, bounds.speechEndSeconds);
      expect(json.meta).toMatchObject({ source: name, device: 'wasm', dtype: 'q8/q8', task: 'transcribe' });
    }
    await expect(app.status()).toContainText('WASM');
  });

  test('a long file with pauses: one segment per utterance, continuous timestamps, silence skipped', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'done');
    const json = await app.exportJson('pauses.wav');
    const utterances = pauseUtterances();
    expect(json.segments).toHaveLength(utterances.length);
    expectPassageOrder(json.segments.map((s) => s.text));
    json.segments.forEach((s, i) => {
      expectNear(s.start, utterances[i]!.startSeconds);
      expectNear(s.end, utterances[i]!.endSeconds);
    });
  });

  test('silence and quiet noise give no text', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('silence.wav', 'noise.wav');
    await app.waitFor('silence.wav', 'done');
    await app.waitFor('noise.wav', 'done');
    await expect(page.getByRole('button', { name: 'Show transcript of noise.wav' })).toBeVisible();
    await app.show('noise.wav');
    await expect(page.locator('wr-transcript-view')).toContainText('No transcript yet');
  });

  test('cancel stops the window already handed to the worker, the worker stays usable, and the file can be transcribed again', async ({ page }) => {
    const app = new App(page);
    await pressWhenTranscribing(page, 'Cancel pauses.wav');
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('pauses.wav');
    await app.waitFor('pauses.wav', 'cancelled');
    // The worker dropped that window (it reads the shared cancel flag, also between decoding steps) rather than running it.
    expect(await transcribeReplies(page)).toEqual([{ failed: true, code: 'cancelled' }]);
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await page.getByRole('button', { name: 'Retry pauses.wav' }).click();
    await app.waitFor('pauses.wav', 'done');
    expect((await app.exportJson('pauses.wav')).segments).toHaveLength(pauseUtterances().length);
  });

  test('broken files say what is wrong while the rest of the queue completes', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('empty.mp3', 'corrupt.mp3', 'not-audio.txt', 'video-only.mp4', 'speech.wav');
    await app.waitFor('speech.wav', 'done');
    const errors: Record<string, RegExp> = {
      'empty.mp3': /"empty\.mp3" is empty/,
      'corrupt.mp3': /"corrupt\.mp3" is not an audio or video file/,
      'not-audio.txt': /"not-audio\.txt" is not an audio or video file/,
      'video-only.mp4': /"video-only\.mp4" has no audio track/,
    };
    for (const [name, message] of Object.entries(errors)) {
      await app.waitFor(name, 'error');
      await expect(app.row(name).getByRole('alert')).toHaveText(message);
    }
    expect((await app.exportJson('speech.wav')).segments[0]!.text).toBe(PHRASE.trim());
  });

  test('exports: TXT, SRT, WebVTT and JSON carry the segments and how they were made', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', language: 'en' });
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done');
    await app.show('speech.wav');
    const [txt, srt, vtt, json] = [await app.download('TXT'), await app.download('SRT'), await app.download('WebVTT'), await app.download('JSON')];
    expect([txt.name, srt.name, vtt.name, json.name]).toEqual(['speech.txt', 'speech.srt', 'speech.vtt', 'speech.json']);
    expect(txt.text).toMatch(/^Language: English\n\[00:00:00\] The quick brown fox jumps over the lazy dog\.\n?$/);
    // Subtitle lines hold at most 42 characters: the 44 of the sentence become two balanced lines.
    expect(srt.text).toMatch(/^1\n00:00:00,5\d0 --> 00:00:02,8\d0\nThe quick brown fox\njumps over the lazy dog\.\n/);
    // WebVTT carries each word's time: players that follow along light the words as they are said.
    const tag = '<00:00:0\\d\\.\\d{3}>';
    const timed = (words: string) => words.split(' ').map((w, i) => (i === 0 ? w : `${tag}${w}`)).join(' ');
    expect(vtt.text).toMatch(new RegExp(`^WEBVTT\nLanguage: en\n\n00:00:00\\.5\\d0 --> 00:00:02\\.8\\d0\n${timed('The quick brown fox')}\n${tag}${timed('jumps over the lazy dog\\.')}\n`));
    expect(vtt.text.replace(/<[^>]+>/g, '')).toMatch(/\nThe quick brown fox\njumps over the lazy dog\.\n/);
    const parsed = JSON.parse(json.text);
    expect(parsed.meta).toMatchObject({ source: 'speech.wav', model: '/test-models/synthetic-whisper-test', device: 'wasm', language: 'en', task: 'transcribe' });
    expect(parsed.segments).toHaveLength(1);
  });

  test('a model that fails to download names the file and where it came from, and offers retry', async ({ page }) => {
    const app = new App(page);
    await app.open({ device: 'wasm', model: '/test-models/no-such-model' });
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'error');
    await expect(app.row('speech.wav').getByRole('alert')).toContainText(/Could not download .*json of \/test-models\/no-such-model from http:\/\/localhost:\d+\/test-models\/no-such-model\/.*\(HTTP 404\)/);
    await expect(page.getByRole('button', { name: 'Retry speech.wav' })).toBeVisible();
  });
});

test.describe('on WebGPU (SwiftShader)', () => {
  test('the real worker, transformers.js and ONNX Runtime WebGPU give the same text', async ({ page }) => {
    // SwiftShader runs WebGPU on the CPU, about 20 times slower than WASM: time to spare on a busy machine.
    test.setTimeout(360_000);
    const app = new App(page);
    await app.open({ device: 'webgpu', language: 'en' });
    await app.addFiles('speech.wav');
    await app.waitFor('speech.wav', 'done', 300_000);
    const json = await app.exportJson('speech.wav');
    expect(json.meta.device).toBe('webgpu');
    expect(json.segments.map((s) => s.text)).toEqual([PHRASE.trim()]);
    expectNear(json.segments[0]!.start, speechBounds().speechStartSeconds);
    await expect(app.status()).toContainText('WebGPU');
  });
});

