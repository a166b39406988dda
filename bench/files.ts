/**
 * 1 (and 3 for files). Whole files, ours against the reference, in one browser and one run: the app (file input →
 * queue row done → JSON export) and transformers.js's pipeline on the whole file in a worker (bench/pages), on the
 * same model files, device and dtypes. Both load and warm up first; only the transcription of each file is timed.
 * While ours runs, the benchmark clicks the page every half second and the probe records long tasks and frames.
 * Ours also runs a second time in its own page with `guards=off` (one greedy pass per window), so what openai's
 * guards cost is measured side by side as well. With --repeat N each file runs N times on each side, rotating which
 * side goes first, and the medians count: on a shared machine other processes' load then falls on all sides alike.
 */
import { AppDriver, type FileRun } from './app-driver.ts';
import type { BenchAudio } from './audio.ts';
import { launch, probedContext } from './browser.ts';
import { mainThreadReport, pokePage, type MainThreadReport } from './main-thread.ts';
import { passSplit, type PassSplit } from './pass-split.ts';
import type { WorkerCall } from './pages/probe-api.ts';
import { fallbackCount, windowCalls, type FallbackCount } from './guards.ts';
import { PHRASES } from './phrase.ts';
import { checkPhrases, differingUtterances, type PhraseCheck, type TimedText } from './phrases.ts';
import type { ReferenceResult } from './pages/reference-api.ts';
import { ReferenceDriver } from './reference-driver.ts';
import { appParams, referenceRequest, timeoutFor, type RunSetup } from './setup.ts';
import { percentile } from './stats.ts';

export interface ModelWork {
  /** Encoder forward passes (ours: one per window; reference: ONNX encoder session runs). */
  encoderPasses: number;
  /** Decoder forward passes (ours: generated tokens per window, summed; reference: decoder session runs). */
  decoderSteps: number;
  /** Ours: windows sent to the worker and the audio in them; reference: 30 s chunks. */
  windows: number;
  audioSentSeconds: number | null;
  /** Time inside the model: ours, the worker's transcribe calls summed; reference, the pipeline call. */
  modelMs: number;
}

export interface SideResult {
  /** ONNX Runtime WASM threads (the same rule picks them on both sides). */
  threads: number | null;
  /** The median of the runs (--repeat), and every run. */
  wallMs: number;
  wallsMs: number[];
  /** Seconds of audio transcribed per second of wall time. */
  audioPerSecond: number;
  work: ModelWork;
  phrases: PhraseCheck;
  /** The transcript, to see where a phrase was split or repeated. */
  segments: TimedText[];
}

export interface FileCase {
  setup: string;
  file: string;
  audioSeconds: number;
  /** Ours also: where its windows' time went (features, encoder, decoder), and the windows that fell back, from the first run. */
  ours: SideResult & { mainThread: MainThreadReport; passSplit: PassSplit; fallbacks: FallbackCount };
  /** Ours with `guards=off`. */
  guardsOff: Omit<SideResult, 'threads'>;
  reference: SideResult & { loadMs: number; warmupMs: number };
  /** ours.wallMs / reference.wallMs. */
  ratio: number;
  /** ours.wallMs / guardsOff.wallMs: what the guards cost. */
  guardsRatio: number;
  /** Utterances to which ours and the reference attribute a different number of phrases. */
  differingUtterances: number;
}

/** The app's transcribe calls to its Whisper worker during a run, summed (see the probe's comlink hook). */
export function ourWork(calls: readonly WorkerCall[]): ModelWork {
  const windows = windowCalls(calls);
  return {
    encoderPasses: windows.reduce((n, c) => n + (c.encoderPasses ?? 0), 0),
    decoderSteps: windows.reduce((n, c) => n + (c.decoderSteps ?? 0), 0),
    windows: windows.length,
    audioSentSeconds: windows.reduce((n, c) => n + (c.audioSeconds ?? 0), 0),
    modelMs: windows.reduce((n, c) => n + ((c.end ?? c.start) - c.start), 0),
  };
}

/** Counts and checks from the first run (they are the same every time), times as medians over all runs. */
function oursSide(runs: FileRun[], audio: BenchAudio): Omit<SideResult, 'threads'> {
  const run = runs[0]!;
  const walls = runs.map((r) => r.wallMs);
  const wallMs = percentile(walls, 50)!;
  return {
    wallMs,
    wallsMs: walls,
    audioPerSecond: audio.durationSeconds / (wallMs / 1000),
    work: { ...ourWork(run.probes.workerCalls), modelMs: percentile(runs.map((r) => ourWork(r.probes.workerCalls).modelMs), 50)! },
    phrases: checkPhrases(run.segments, audio.utterances, PHRASES, audio.durationSeconds, audio.layout),
    segments: run.segments,
  };
}

function oursResult(runs: FileRun[], audio: BenchAudio, threads: number | null): FileCase['ours'] {
  const run = runs[0]!;
  return {
    threads,
    ...oursSide(runs, audio),
    mainThread: mainThreadReport(run.probes, run.addedAt, run.doneAt, run.framesAtStart),
    passSplit: passSplit(run.probes.workerCalls),
    fallbacks: fallbackCount(run.probes.workerCalls),
  };
}

/** Ours in a page of its own, loaded and warmed up on `warmup`; returns the ONNX Runtime threads it chose. */
async function openOurs(app: AppDriver, setup: RunSetup, warmup: BenchAudio, guards?: 'off'): Promise<number | null> {
  await app.open({ ...appParams(setup), ...(guards ? { guards } : {}) });
  const warm = await app.transcribe(warmup.path, { timeoutMs: timeoutFor(600) });
  return warm.probes.workerCalls.find((c) => c.worker === 'whisper' && c.method === 'load')?.threads ?? null;
}

export async function runFiles(setup: RunSetup, files: readonly BenchAudio[], warmup: BenchAudio, repeat: number, name: string): Promise<FileCase[]> {
  const browser = await launch(setup.browserArgs);
  try {
    const ours = new AppDriver(await (await probedContext(browser, setup.site.probeScript)).newPage(), setup.site.origin);
    const unguarded = new AppDriver(await (await probedContext(browser, setup.site.probeScript)).newPage(), setup.site.origin);
    // The reference page lives on the app's origin; the app's service worker would answer its navigation with the app.
    const refContext = await probedContext(browser, setup.site.probeScript, { serviceWorkers: 'block' });
    const reference = new ReferenceDriver(await refContext.newPage(), setup.site.origin);

    const threads = await openOurs(ours, setup, warmup);
    await openOurs(unguarded, setup, warmup, 'off');
    await reference.open();
    const loaded = await reference.load(referenceRequest(setup));

    const cases: FileCase[] = [];
    for (const audio of files) {
      const oursRuns: FileRun[] = [];
      const offRuns: FileRun[] = [];
      const refRuns: ReferenceResult[] = [];
      for (let k = 0; k < repeat; k++) {
        const app = (driver: AppDriver, who: string, runs: FileRun[]) => async () => {
          console.info(`bench: ${name}: ${audio.name} (${Math.round(audio.durationSeconds)} s): ${who} (${k + 1}/${repeat})…`);
          runs.push(await driver.transcribe(audio.path, { timeoutMs: timeoutFor(audio.durationSeconds), whileWaiting: pokePage }));
        };
        const runRef = async () => {
          console.info(`bench: ${name}: ${audio.name}: reference (${k + 1}/${repeat})…`);
          refRuns.push(await reference.transcribe(audio.path, { language: setup.language, task: 'transcribe' }));
        };
        const sides = [app(ours, 'ours', oursRuns), app(unguarded, 'ours, guards off', offRuns), runRef];
        for (let i = 0; i < sides.length; i++) await sides[(i + k) % sides.length]!();
      }
      const ref = refRuns[0]!;
      const refWalls = refRuns.map((r) => r.wallMs);
      const refWall = percentile(refWalls, 50)!;
      const oursResultNow = oursResult(oursRuns, audio, threads);
      const guardsOff = oursSide(offRuns, audio);
      const refPhrases = checkPhrases(ref.chunks, audio.utterances, PHRASES, audio.durationSeconds, audio.layout);
      cases.push({
        setup: name,
        file: audio.name,
        audioSeconds: audio.durationSeconds,
        ours: oursResultNow,
        guardsOff,
        reference: {
          threads: loaded.threads,
          wallMs: refWall,
          wallsMs: refWalls,
          audioPerSecond: audio.durationSeconds / (refWall / 1000),
          work: { encoderPasses: ref.encoderRuns, decoderSteps: ref.decoderRuns, windows: ref.encoderRuns, audioSentSeconds: null, modelMs: percentile(refRuns.map((r) => r.pipelineMs), 50)! },
          phrases: refPhrases,
          segments: ref.chunks,
          loadMs: loaded.loadMs,
          warmupMs: loaded.warmupMs,
        },
        ratio: oursResultNow.wallMs / refWall,
        guardsRatio: oursResultNow.wallMs / guardsOff.wallMs,
        differingUtterances: differingUtterances(oursResultNow.phrases, refPhrases),
      });
    }
    return cases;
  } finally {
    await browser.close();
  }
}
