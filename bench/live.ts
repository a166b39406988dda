/**
 * 2 (and 3 for live). Chromium's fake microphone plays a generated recording in real time into <whisper-recorder>.
 * Latency is measured from the end of each utterance (known from the recording's layout) to the first whisper-final
 * that covers it (a later revision does not count). The recording's clock is tied to the page's by the first sound
 * the microphone delivers (the probe listens to a clone of the track), which is the first utterance's onset.
 */
import type { Page } from '@playwright/test';
import { AppDriver } from './app-driver.ts';
import type { BenchAudio } from './audio.ts';
import { fakeMicrophoneArgs, launch, probe, probedContext } from './browser.ts';
import { analyseLive, type LiveResult } from './live-analysis.ts';
import { pokePage } from './main-thread.ts';
import type { MicState } from './pages/probe-api.ts';
import { appParams, timeoutFor, type RunSetup } from './setup.ts';

export type { LiveResult };

const WAIT_FOR_ONSET_MS = 10_000;
const POLL_MS = 200;

/**
 * Waits for the microphone's first sound: the recorder opens it only once the model is loaded, which on a busy
 * machine takes as long as it takes (up to timeoutFor(0)); from the stream's opening, the sound has 10 s to come.
 */
export async function waitForSound(page: Page): Promise<{ mic: MicState; why: string | null }> {
  const loadDeadline = Date.now() + timeoutFor(0);
  let soundDeadline: number | null = null;
  let mic = await probe(page, 'mic');
  while (mic.onsetAt === null) {
    if (mic.streamAt !== null) soundDeadline ??= Date.now() + WAIT_FOR_ONSET_MS;
    if (Date.now() > (soundDeadline ?? loadDeadline)) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
    mic = await probe(page, 'mic');
  }
  if (mic.streamAt === null) return { mic, why: `the microphone was not opened within ${timeoutFor(0) / 1000} s of start (the model loads first)` };
  if (mic.onsetAt === null) return { mic, why: `no sound reached the page from the fake microphone within ${WAIT_FOR_ONSET_MS / 1000} s of its opening` };
  return { mic, why: null };
}

export async function runLive(setup: RunSetup, audio: BenchAudio, recordSeconds: number, pagePath: string, name: string): Promise<LiveResult> {
  const browser = await launch([...setup.browserArgs, ...fakeMicrophoneArgs(audio.path)]);
  try {
    const context = await probedContext(browser, setup.site.probeScript);
    await context.grantPermissions(['microphone'], { origin: setup.site.origin });
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && /dropped|missing/i.test(m.text()) && warnings.push(m.text())));
    await page.goto(AppDriver.url(setup.site.origin, pagePath, appParams(setup)));
    if (!(await probe(page, 'recorderDefined'))) {
      return { setup: name, page: pagePath, skipped: `<whisper-recorder> is not defined on ${pagePath} in this build, so there is nothing to measure live yet.` };
    }
    console.info(`bench: ${name}: live for ${recordSeconds} s on ${pagePath} (the model loads first)…`);
    const startedBy = await probe(page, 'startRecorder');
    const { mic, why } = await waitForSound(page);
    if (why !== null || mic.streamAt === null || mic.onsetAt === null) return { setup: name, page: pagePath, startedBy, skipped: `${why ?? 'no sound'}.` };
    const framesAtStart = (await probe(page, 'snapshot', Number.MAX_VALUE)).frames;
    const until = Date.now() + recordSeconds * 1000 - ((await probe(page, 'now')) - mic.streamAt);
    while (Date.now() < until) await pokePage(page);
    const stopAt = await probe(page, 'now');
    await probe(page, 'stopRecorder');
    const snap = await probe(page, 'snapshot', mic.streamAt);
    const result = analyseLive(name, pagePath, audio, snap, { streamAt: mic.streamAt, onsetAt: mic.onsetAt, stopAt, framesAtStart });
    return { ...result, startedBy, errors: [...(result.errors ?? []), ...warnings] };
  } finally {
    await browser.close();
  }
}
