import { expect, test } from '@playwright/test';
import { sentence } from './app.ts';
import { fakeMicrophone } from './recorder.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

test.use(fakeMicrophone());

/** The line a page written for Chrome's speech recognition has, and the one line this project asks it to change. */
const CHROME_LINE = 'var recognition = new webkitSpeechRecognition();';
const WHISPER_LINE = `var recognition = new WhisperSpeechRecognition({ model: '${modelPath(TEST_MODELS.multilingual)}', device: 'wasm' });`;

/**
 * A dictation page as tutorials write it for webkitSpeechRecognition: continuous, interim results in grey after
 * the final text, a button that starts and stops. Its script runs at `load`, after the module scripts.
 */
const DICTATION = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dictation</title>
<script type="module" src="/whisper-recorder.js"></script></head><body>
<button id="start_button" type="button">Start dictation</button>
<p id="info"></p>
<div id="results"><span id="final_span"></span> <span id="interim_span" style="color: grey"></span></div>
<script>
window.addEventListener('load', function () {
  var final_transcript = '';
  var recognizing = false;
  ${CHROME_LINE}
  recognition.continuous = true;
  recognition.interimResults = true;
  recognition.lang = 'en-US';
  recognition.onstart = function () {
    recognizing = true;
    document.getElementById('info').textContent = 'Speak now.';
    document.getElementById('start_button').textContent = 'Stop dictation';
  };
  recognition.onerror = function (event) {
    document.getElementById('info').textContent = 'Error: ' + event.error;
  };
  recognition.onend = function () {
    recognizing = false;
    document.getElementById('info').textContent = 'Stopped.';
    document.getElementById('start_button').textContent = 'Start dictation';
  };
  recognition.onresult = function (event) {
    var interim_transcript = '';
    for (var i = event.resultIndex; i < event.results.length; ++i) {
      if (event.results[i].isFinal) {
        final_transcript += event.results[i][0].transcript;
      } else {
        interim_transcript += event.results[i][0].transcript;
      }
    }
    document.getElementById('final_span').textContent = final_transcript;
    document.getElementById('interim_span').textContent = interim_transcript;
  };
  document.getElementById('start_button').onclick = function () {
    if (recognizing) {
      recognition.stop();
      return;
    }
    final_transcript = '';
    recognition.start();
  };
});
</script></body></html>`;

test('a dictation page written for webkitSpeechRecognition works with only its constructor changed', async ({ page }) => {
  expect(DICTATION.split(CHROME_LINE)).toHaveLength(2);
  const html = DICTATION.replace(CHROME_LINE, WHISPER_LINE);
  await page.route('**/dictation/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('/dictation/page.html');
  // Every text the interim span shows, as it shows it.
  await page.evaluate(() => {
    const w = window as unknown as { interims: string[] };
    w.interims = [];
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) if (node.textContent) w.interims.push(node.textContent);
    }).observe(document.getElementById('interim_span')!, { childList: true });
  });

  await page.getByRole('button', { name: 'Start dictation' }).click();
  await expect(page.locator('#info')).toHaveText('Speak now.', { timeout: 60_000 });
  // The fake microphone plays two utterances: the model reads the passage's first two sentences.
  const both = `${sentence(0)} ${sentence(1)}`;
  await expect(page.locator('#final_span')).toContainText(both, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop dictation' }).click();
  await expect(page.locator('#info')).toHaveText('Stopped.', { timeout: 60_000 });

  expect(await page.locator('#final_span').textContent()).toMatch(new RegExp(`^${both.replaceAll('.', '\\.')}`));
  // Each utterance was shown as interim text (a partial, or its final until the utterance was confirmed) first.
  const interims = await page.evaluate(() => (window as unknown as { interims: string[] }).interims);
  for (const k of [0, 1]) expect(interims.some((text) => text.trim() !== '' && sentence(k).startsWith(text.trim())), `interim text of sentence ${k}`).toBe(true);
  expect(await page.locator('#interim_span').textContent()).toBe('');
});
