/**
 * 5. Start-up. The model loads on first use, so a short file is added as soon as the page is usable; "ready" is
 * when the Whisper worker answers the app's load() call (download or cache read, session creation and the warm-up
 * pass all done). The file's row is no signal: it shows "warming up" until its first window is transcribed. First
 * visit (model downloaded), then a second visit in the same profile (model in the browser's cache, service worker
 * installed). Also the JavaScript the page fetched before it started its first worker, with gzip sizes from the
 * build output. Last, a third visit starts <whisper-recorder> with the model cached and times model ready → first
 * final (the fake microphone plays the speech file).
 */
import type { BrowserContext } from '@playwright/test';
import { AppDriver } from './app-driver.ts';
import type { BenchAudio } from './audio.ts';
import { fakeMicrophoneArgs, launch, probe, probedContext } from './browser.ts';
import { firstFinalAfterReady, type FirstFinal } from './live-analysis.ts';
import { waitForSound } from './live.ts';
import { appParams, timeoutFor, type RunSetup } from './setup.ts';
import type { BuiltAsset } from './site.ts';

export interface VisitTimes {
  /** Navigation start → the file input exists (the page can be used). */
  uiReadyMs: number | null;
  /** File added → the worker's load() answered (model ready), and → the file's row done. */
  addToReadyMs: number | null;
  addToDoneMs: number;
  /** Navigation start → model ready, adding the file as soon as the page is usable. */
  navToReadyMs: number | null;
  /** From the worker's answer to load(): download + session creation, and the warm-up pass. */
  loadMs: number | null;
  warmupMs: number | null;
}

export interface StartupResult {
  setup: string;
  first: VisitTimes;
  second: VisitTimes;
  /** JS fetched before the first worker was constructed, on the second visit. */
  jsBeforeWorker: { file: string; gzipBytes: number | null }[];
  jsBeforeWorkerGzipBytes: number;
  /** Live, model cached: model ready → first final, or why it was not measured; with the recorder's events until
   * then (ms after the model was ready) and the number of load() calls, for reading a slow start. */
  firstFinal: (FirstFinal | { skipped: string }) & { loads: number; events: { type: string; t: number }[] };
}

const POLL_MS = 200;

async function visit(app: AppDriver, setup: RunSetup, clip: BenchAudio): Promise<VisitTimes> {
  await app.open(appParams(setup));
  const uiReadyMs = await probe(app.page, 'uiReadyAt');
  const run = await app.transcribe(clip.path, { timeoutMs: timeoutFor(600) });
  const load = run.probes.workerCalls.find((c) => c.worker === 'whisper' && c.method === 'load');
  const readyAt = load?.end ?? null;
  return {
    uiReadyMs,
    addToReadyMs: readyAt === null ? null : readyAt - run.addedAt,
    addToDoneMs: run.wallMs,
    navToReadyMs: readyAt,
    loadMs: load?.loadMs ?? null,
    warmupMs: load?.warmupMs ?? null,
  };
}

/** The recorder started on a page whose model is in the browser's cache: waits for the first final. */
async function firstFinal(context: BrowserContext, setup: RunSetup, speech: BenchAudio, pagePath: string): Promise<StartupResult['firstFinal']> {
  const page = await context.newPage();
  try {
    await page.goto(AppDriver.url(setup.site.origin, pagePath, appParams(setup)));
    if (!(await probe(page, 'recorderDefined'))) return { skipped: `<whisper-recorder> is not defined on ${pagePath}.`, loads: 0, events: [] };
    console.info(`bench: ${setup.model}: start-up, live: <whisper-recorder> with the model cached…`);
    await probe(page, 'startRecorder');
    const { mic, why } = await waitForSound(page);
    // The first final may be of a later utterance than the file's first (see FirstFinal).
    const deadline = Date.now() + timeoutFor(speech.durationSeconds);
    let snap = await probe(page, 'snapshot', 0);
    while (why === null && !snap.recorder.some((e) => e.type === 'final' || e.type === 'error') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      snap = await probe(page, 'snapshot', 0);
    }
    await probe(page, 'stopRecorder');
    const loads = snap.workerCalls.filter((c) => c.worker === 'whisper' && c.method === 'load');
    // The load the recorder waited for: the last one that answered before the microphone opened.
    const readyAt = loads.filter((c) => c.end !== null && (mic.streamAt === null || c.end <= mic.streamAt)).at(-1)?.end ?? null;
    const events = snap.recorder.filter((e) => e.type !== 'partial').map((e) => ({ type: e.type === 'state' ? e.text : e.type, t: Math.round(e.t - (readyAt ?? 0)) }));
    const seen = { loads: loads.length, events };
    if (why !== null) return { skipped: `${why}.`, ...seen };
    if (readyAt === null) return { skipped: 'the Whisper worker never answered load().', ...seen };
    return { ...firstFinalAfterReady(snap.recorder, readyAt, mic), ...seen };
  } finally {
    await page.close();
  }
}

export async function runStartup(setup: RunSetup, clip: BenchAudio, speech: BenchAudio, livePage: string, name: string): Promise<StartupResult> {
  const browser = await launch([...setup.browserArgs, ...fakeMicrophoneArgs(speech.path)]);
  try {
    const context = await probedContext(browser, setup.site.probeScript);
    await context.grantPermissions(['microphone'], { origin: setup.site.origin });
    const firstPage = await context.newPage();
    const first = await visit(new AppDriver(firstPage, setup.site.origin), setup, clip);
    await firstPage.close();
    const app = new AppDriver(await context.newPage(), setup.site.origin);
    const second = await visit(app, setup, clip);
    const byPath = new Map<string, BuiltAsset>(setup.site.bundle.allJs.map((a) => [`/${a.file}`, a]));
    const scripts = await probe(app.page, 'scriptsBeforeFirstWorker');
    const jsBeforeWorker = scripts.map((s) => {
      const path = new URL(s.url).pathname;
      return { file: path, gzipBytes: byPath.get(path)?.gzipBytes ?? null };
    });
    await app.page.close();
    return {
      setup: name, first, second, jsBeforeWorker, jsBeforeWorkerGzipBytes: jsBeforeWorker.reduce((n, s) => n + (s.gzipBytes ?? 0), 0),
      firstFinal: await firstFinal(context, setup, speech, livePage),
    };
  } finally {
    await browser.close();
  }
}
