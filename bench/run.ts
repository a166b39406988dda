/**
 * `npm run bench`: builds the site and the benchmark pages, serves them with `vite preview`, generates the
 * synthetic models and the recordings it needs, runs each measurement in headless Chromium, prints the tables and
 * writes everything to bench-results/<timestamp>.json. See `npm run bench -- --help`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { WeightFormat } from '../tools/test-model/layers.ts';
import type { PresetName } from '../tools/test-model/spec.ts';
import type { Dtype } from '../src/models/dtype.ts';
import type { Backend } from '../src/shared/choices.ts';
import { runAccuracy, selfTestAudio } from './accuracy.ts';
import { USAGE, parseBenchArgs, type BenchArgs } from './args.ts';
import { NON_SPEECH, loopedOpus, nonSpeechWav, speechWav, warmupClip } from './audio.ts';
import { runFiles } from './files.ts';
import { runLive } from './live.ts';
import { machineInfo, webgpuArgs, type MachineInfo } from './machine.ts';
import { runMemory } from './memory.ts';
import { MODELS_DIR, ensureModel, modelUrlPath } from './models.ts';
import { runNoise } from './noise.ts';
import { goals, renderReport, type BenchResults } from './report.ts';
import { label, type RunSetup } from './setup.ts';
import { startSite, type Site } from './site.ts';
import { runStartup } from './startup.ts';

const TWO_HOURS = 7200;
const SYNTHETIC_DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4'];

interface DevicePlan {
  device: Backend;
  args: string[];
  encoderDtype: Dtype;
  decoderDtype: Dtype;
}

/** The devices to run, with their flags and dtypes; WebGPU only on a real adapter unless SwiftShader is allowed. */
function planDevices(args: BenchArgs, machine: MachineInfo, skipped: string[]): DevicePlan[] {
  const plans: DevicePlan[] = [];
  for (const device of args.devices) {
    if (device === 'wasm') {
      plans.push({ device, args: [], encoderDtype: args.dtype?.encoder ?? 'q8', decoderDtype: args.dtype?.decoder ?? 'q8' });
      continue;
    }
    const gpu = webgpuArgs(machine.webgpu, args.webgpuSwiftshader);
    if (!gpu.args) {
      skipped.push(`WebGPU: ${gpu.why}.`);
      continue;
    }
    console.info(`bench: WebGPU on ${gpu.why}`);
    const f16 = machine.webgpu.shaderF16 && !machine.webgpu.swiftshader;
    plans.push({ device, args: gpu.args, encoderDtype: args.dtype?.encoder ?? (f16 ? 'fp16' : 'fp32'), decoderDtype: args.dtype?.decoder ?? 'q4' });
  }
  return plans;
}

function syntheticFormats(plans: DevicePlan[]): WeightFormat[] {
  const wanted = new Set(plans.flatMap((p) => [p.encoderDtype, p.decoderDtype]));
  const bad = [...wanted].filter((d) => !SYNTHETIC_DTYPES.includes(d));
  if (bad.length) throw new Error(`bench: the synthetic model has no ${bad.join(', ')} weights (it has ${SYNTHETIC_DTYPES.join(', ')}).`);
  return [...wanted] as WeightFormat[];
}

/** Runs one section, recording a failure and going on with the rest. */
async function section<T>(results: BenchResults, name: string, setup: string, run: () => Promise<T>): Promise<T | null> {
  const before = loadavg()[0]!;
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`bench: ${name} (${setup}) failed: ${message}`);
    results.errors.push({ section: name, setup, message });
    return null;
  } finally {
    results.load.push({ section: name, setup, before, after: loadavg()[0]! });
  }
}

async function runSynthetic(args: BenchArgs, site: Site, plans: DevicePlan[], results: BenchResults): Promise<void> {
  const warmup = warmupClip();
  const pauses = speechWav('pauses', args.fileSeconds);
  const continuous = speechWav('continuous', args.fileSeconds);
  const memoryFiles = [loopedOpus(pauses, Math.max(1, Math.round(args.memorySeconds / pauses.durationSeconds)))];
  if (args.long) memoryFiles.push(loopedOpus(pauses, Math.round(TWO_HOURS / pauses.durationSeconds)));
  const nonSpeech = args.sections.includes('noise') ? NON_SPEECH.map((kind) => nonSpeechWav(kind, args.noiseSeconds)) : [];
  const formats = syntheticFormats(plans);
  for (const preset of args.presets) {
    await ensureModel(preset, formats);
    for (const plan of plans) {
      const setup: RunSetup = {
        site, model: preset, preset, modelPath: modelUrlPath(preset), device: plan.device,
        encoderDtype: plan.encoderDtype, decoderDtype: plan.decoderDtype, browserArgs: plan.args, language: args.language,
      };
      const name = label(setup);
      const has = (s: BenchArgs['sections'][number]) => args.sections.includes(s);
      if (has('files')) results.files.push(...((await section(results, 'files', name, () => runFiles(setup, [pauses, continuous], warmup, args.repeat, name))) ?? []));
      if (has('live')) {
        const live = await section(results, 'live', name, () => runLive(setup, pauses, args.liveSeconds, args.livePage, name));
        if (live) results.live.push(live);
      }
      if (has('memory')) {
        for (const file of memoryFiles) {
          const memory = await section(results, 'memory', name, () => runMemory(setup, file, warmup, name));
          if (memory) results.memory.push(memory);
        }
      }
      if (has('noise')) results.noise.push(...((await section(results, 'noise', name, () => runNoise(setup, nonSpeech, warmup, name))) ?? []));
      if (has('startup')) {
        const startup = await section(results, 'startup', name, () => runStartup(setup, warmup, pauses, args.livePage, name));
        if (startup) results.startup.push(startup);
      }
    }
  }
}

async function runAccuracyMode(args: BenchArgs, site: Site, plans: DevicePlan[], results: BenchResults): Promise<void> {
  const plan = plans[0];
  if (!plan) throw new Error('bench: no device to run on.');
  let modelPath = args.model ?? '';
  let preset: PresetName | null = null;
  let audioDir = args.audio ? resolve(args.audio) : '';
  if (args.selfTest) {
    preset = 'test';
    await ensureModel(preset, syntheticFormats([plan]));
    modelPath = modelUrlPath(preset);
    audioDir = selfTestAudio();
  }
  const setup: RunSetup = { site, model: args.selfTest ? 'synthetic test' : modelPath, preset, modelPath, device: plan.device, encoderDtype: plan.encoderDtype, decoderDtype: plan.decoderDtype, browserArgs: plan.args, language: args.language };
  results.accuracy = await runAccuracy(setup, audioDir, { numbersToWords: args.numbersToWords }, label(setup));
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    console.info(USAGE);
    return 0;
  }
  const accuracyMode = args.selfTest || args.model !== null;
  const results: BenchResults = {
    startedAt: new Date().toISOString(), finishedAt: '', command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), args,
    machine: null, bundle: null, skipped: [], load: [], files: [], live: [], memory: [], startup: [], noise: [], accuracy: null, goals: [], errors: [],
  };
  mkdirSync(MODELS_DIR, { recursive: true });
  const site = await startSite(args.port, MODELS_DIR);
  try {
    if (!accuracyMode) results.bundle = site.bundle;
    results.machine = await machineInfo(site.origin);
    const plans = planDevices(args, results.machine, results.skipped);
    if (accuracyMode) await runAccuracyMode(args, site, plans, results);
    else await runSynthetic(args, site, plans, results);
  } finally {
    await site.close();
  }
  results.goals = accuracyMode ? [] : goals(results);
  results.finishedAt = new Date().toISOString();
  console.info(`\n${renderReport(results)}\n`);
  mkdirSync(args.outDir, { recursive: true });
  const out = join(args.outDir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.info(`bench: results written to ${out}`);
  if (args.selfTest) {
    const a = results.accuracy;
    const passed = a !== null && a.ours.wer === 0 && a.pipeline.wer === 0;
    console.info(`bench: self-test ${passed ? 'passed' : 'FAILED'}: WER ours ${a ? a.ours.wer : '–'}, reference ${a ? a.pipeline.wer : '–'} (both must be 0)`);
    return passed ? 0 : 1;
  }
  return results.errors.length ? 1 : 0;
}

process.exitCode = await main();
