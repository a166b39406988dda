import { expect, test } from '@playwright/test';
import { PHRASE, expectPassageOrder, fixture } from './app.ts';
import { TEST_MODELS, modelPath } from './test-models.ts';

interface JobLog {
  type: string;
  id: string;
  name: string;
  progress?: number;
}
interface Outcome {
  ids: string[];
  log: JobLog[];
  results: { name: string; texts?: string[]; durationSeconds?: number; error?: { name: string; code?: string; message: string } }[];
  left: unknown[];
}

// A plain page and the package's script only: the engine's job API, no site, no element.
const PAGE = `<!doctype html><html lang="en"><head><title>Jobs</title></head><body><h1>Jobs</h1>
<script type="module">
  import { TranscriptionEngine } from '/whisper-recorder.js';
  window.runJobs = async (model, names) => {
    const engine = new TranscriptionEngine();
    await engine.configure({ model, device: 'wasm', language: 'en', task: 'transcribe' });
    const log = [];
    for (const type of ['job-start', 'job-progress', 'job-segments', 'job-done', 'job-error', 'job-cancelled']) {
      engine.addEventListener(type, (e) => log.push({ type, id: e.detail.id, name: e.detail.name, ...('progress' in e.detail ? { progress: e.detail.progress } : {}) }));
    }
    const files = await Promise.all(names.map(async (n) => new File([await (await fetch('/fixtures/' + n)).blob()], n)));
    const jobs = files.map((f) => engine.submitFile(f));
    // The second file is cancelled once it is under way.
    engine.addEventListener('job-progress', (e) => e.detail.id === jobs[1].id && engine.cancelFile(jobs[1].id));
    const results = await Promise.all(jobs.map((job) => job.result.then(
      (r) => ({ name: job.name, texts: r.segments.map((s) => s.text.trim()), durationSeconds: r.durationSeconds }),
      (e) => ({ name: job.name, error: { name: e.name, code: e.code, message: e.message } }),
    )));
    return { ids: jobs.map((j) => j.id), log, results, left: engine.fileJobs };
  };
</script></body></html>`;

test('the job API from a plain page: two files transcribed in order with progress, one cancelled mid-file', async ({ page }) => {
  await page.route('**/fixtures/*', (route) => route.fulfill({ path: fixture(new URL(route.request().url()).pathname.split('/').pop()!) }));
  await page.route('**/jobs/page.html', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.goto('/jobs/page.html');
  await page.waitForFunction(() => 'runJobs' in window);
  const outcome = await page.evaluate(
    ([model, names]) => (window as unknown as { runJobs(m: string, n: readonly string[]): Promise<Outcome> }).runJobs(model, names),
    [modelPath(TEST_MODELS.multilingual), ['speech.wav', 'pauses.wav', 'speech.mp3']] as const,
  );
  const [speech, pauses, mp3] = outcome.ids as [string, string, string];

  expect(outcome.results[0]).toMatchObject({ name: 'speech.wav', texts: [PHRASE.trim()] });
  expect(outcome.results[1]).toEqual({ name: 'pauses.wav', error: { name: 'EngineError', code: 'cancelled', message: 'Transcription of "pauses.wav" was cancelled.' } });
  expect(outcome.results[2]).toMatchObject({ name: 'speech.mp3', texts: [PHRASE.trim()] });
  expectPassageOrder(outcome.results[0]!.texts!);

  // One at a time, in the order submitted: each job's events lie between its start and its end.
  const steps = outcome.log.map((e) => `${e.type} ${e.name}`).filter((s) => !s.startsWith('job-progress') && !s.startsWith('job-segments'));
  expect(steps).toEqual(['job-start speech.wav', 'job-done speech.wav', 'job-start pauses.wav', 'job-cancelled pauses.wav', 'job-start speech.mp3', 'job-done speech.mp3']);
  for (const id of [speech, mp3]) {
    const progress = outcome.log.filter((e) => e.id === id && e.type === 'job-progress').map((e) => e.progress!);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(outcome.log.some((e) => e.id === id && e.type === 'job-segments')).toBe(true);
  }
  expect(outcome.log.filter((e) => e.id === pauses && e.type === 'job-done')).toEqual([]);
  expect(outcome.left).toEqual([]);
});
