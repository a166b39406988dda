/** The results as one JSON document, the tables printed from it, and the goals checked against it. */
import type { AccuracyResult } from './accuracy.ts';
import type { BenchArgs } from './args.ts';
import type { FileCase } from './files.ts';
import { LONG_UTTERANCE_SECONDS, type LiveResult } from './live-analysis.ts';
import type { MachineInfo } from './machine.ts';
import type { MainThreadReport } from './main-thread.ts';
import type { MemoryResult } from './memory.ts';
import type { NoiseCase } from './noise.ts';
import { UTTERANCE_PASS_SECONDS, type PassSplit } from './pass-split.ts';
import type { PhraseCheck } from './phrases.ts';
import type { BundleReport } from './site.ts';
import type { StartupResult } from './startup.ts';
import { fmt, renderTable, type Cell, type Table } from './table.ts';

export interface Goal {
  goal: string;
  setup: string;
  measured: string | null;
  target: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  args: BenchArgs;
  machine: MachineInfo | null;
  bundle: BundleReport | null;
  /** Device runs left out, and why (no GPU, …). */
  skipped: string[];
  files: FileCase[];
  live: LiveResult[];
  memory: MemoryResult[];
  startup: StartupResult[];
  noise: NoiseCase[];
  accuracy: AccuracyResult | null;
  goals: Goal[];
  /** The machine's 1-minute load average when each section started and ended: above the core count, other
   * processes were competing with the benchmark for the CPU and its times are inflated. */
  load: { section: string; setup: string; before: number; after: number }[];
  /** A section that failed, so the rest of the run could go on. */
  errors: { section: string; setup: string; message: string }[];
}

const phraseCell = (p: PhraseCheck) => `${p.phrases}/${p.utterances}`;
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

function filesTable(cases: FileCase[]): Table {
  const rows: Cell[][] = [];
  for (const c of cases) {
    const minutes = fmt.duration(c.audioSeconds);
    const side = (who: string, s: FileCase['ours'] | FileCase['reference'], ratio: string | null) => [
      c.setup, c.file, minutes, who, fmt.seconds(s.wallMs / 1000), ratio, fmt.seconds(s.work.modelMs / 1000), fmt.num(s.audioPerSecond), s.work.encoderPasses, s.work.decoderSteps,
      s.work.audioSentSeconds === null ? null : fmt.seconds(s.work.audioSentSeconds, 0), phraseCell(s.phrases), s.phrases.lost, s.phrases.split, s.phrases.duplicated, yes(s.phrases.ok),
    ];
    rows.push(side('ours', c.ours, fmt.ratio(c.ratio)), side('reference', c.reference, null));
  }
  return {
    title: '1. Files: ours (the app) vs the reference (transformers.js pipeline, 30 s chunks, 5 s stride), same model, device, dtypes',
    columns: ['setup', 'file', 'audio', 'who', 'wall', 'ours/ref', 'in model', 'audio s/s', 'enc passes', 'dec steps', 'audio sent', 'phrases/utts', 'lost', 'split', 'dup', 'ok'],
    rows,
    notes: [
      'wall (median of --repeat runs): file handed over → transcript done (ours: file input → queue row "done"; reference: file → pipeline result, in a worker).',
      'in model: ours, the Whisper worker\'s transcribe calls summed (the rest of wall is decoding, VAD, waiting); reference, the pipeline call.',
      'enc passes / dec steps: encoder and decoder forward passes (ours: from the worker\'s WindowResult; reference: ONNX session runs).',
      'audio sent: seconds of audio ours gave the model (silence is skipped); the reference encodes every 30 s chunk whole.',
      'phrases/utts: phrases said / utterances in the file. lost: utterance with no segment; split: cut by a window seam;',
      'dup: the same speech transcribed twice. ok: pauses → exactly one phrase per utterance; continuous → nothing lost, duplicated or made up.',
      ...[...new Map(cases.map((c) => [c.setup, `${c.setup}: ONNX Runtime threads: ours ${c.ours.threads ?? '?'}, reference ${c.reference.threads ?? '?'}.`])).values()],
      ...cases.filter((c) => c.differingUtterances > 0).map((c) => `${c.setup} ${c.file}: ours and the reference differ on ${c.differingUtterances} utterance(s).`),
    ],
  };
}

function guardsTable(cases: FileCase[]): Table {
  return {
    title: 'Guards: ours with openai/whisper\'s guards (as shipped) vs ours with guards=off, same run',
    columns: ['setup', 'file', 'audio', 'wall on', 'wall off', 'on/off', 'in model on', 'in model off', 'fell back', 'highest T', 'dec steps on', 'dec steps off', 'enc passes on', 'enc passes off', 'phrases on', 'phrases off'],
    rows: cases.map((c) => [
      c.setup, c.file, fmt.duration(c.audioSeconds), fmt.seconds(c.ours.wallMs / 1000), fmt.seconds(c.guardsOff.wallMs / 1000), fmt.ratio(c.guardsRatio),
      fmt.seconds(c.ours.work.modelMs / 1000), fmt.seconds(c.guardsOff.work.modelMs / 1000),
      `${c.ours.fallbacks.fellBack}/${c.ours.fallbacks.windows}`, fmt.num(c.ours.fallbacks.highestTemperature), c.ours.work.decoderSteps, c.guardsOff.work.decoderSteps,
      c.ours.work.encoderPasses, c.guardsOff.work.encoderPasses, phraseCell(c.ours.phrases), phraseCell(c.guardsOff.phrases),
    ]),
    notes: [
      'wall on / off: medians as in table 1, the two pages run one after the other on each file (order rotating with --repeat). in model: as in table 1.',
      'fell back: windows (Whisper transcribe calls) read again above temperature 0, of all windows; highest T: the highest temperature any window reached.',
      'The guards cost time only through fallback (more decoder steps and passes) and the prompt (a longer decoder input); goal: on/off ≤ 1.10 ×.',
    ],
  };
}

function noiseTable(cases: NoiseCase[]): Table {
  const rows: Cell[][] = [];
  for (const c of cases) {
    const text = (t: string) => (t ? JSON.stringify(t.length > 60 ? `${t.slice(0, 57)}…` : t) : 'none');
    rows.push(
      [c.setup, c.file, fmt.duration(c.audioSeconds), 'ours', c.ours.calls, fmt.seconds(c.ours.secondsSent), `${c.ours.fallbacks.fellBack}/${c.ours.fallbacks.windows}`, text(c.ours.text)],
      [c.setup, c.file, fmt.duration(c.audioSeconds), 'reference', c.reference.calls, fmt.seconds(c.reference.secondsSent), null, text(c.reference.text)],
    );
  }
  return {
    title: '7. Non-speech as loud as the speech (no speech in these files): what reached the model, and what came out',
    columns: ['setup', 'file', 'audio', 'who', 'model calls', 'non-speech sent', 'fell back', 'text'],
    rows,
    notes: [
      'noise: stationary pink noise; music: a chord progression with crossfades; chord: one held chord. RMS = espeak-ng speech\'s RMS.',
      'model calls: ours, Whisper transcribe calls (windows); reference, encoder runs (30 s chunks). non-speech sent: seconds of the file in them.',
      'The reference encodes every chunk, so all of the file. text: what each side kept; goal for ours: 0 s and none.',
    ],
  };
}

function mainThreadRow(setup: string, what: string, m: MainThreadReport): Cell[] {
  const worst = m.blockingScripts[0];
  return [
    setup, what, fmt.seconds(m.seconds, 0), m.longTasks, fmt.ms(m.longTaskMaxMs), fmt.ms(m.longTaskTotalMs), m.frameGapsOver50ms, fmt.ms(m.frameGapMaxMs),
    fmt.ms(m.inputDelayMs.p95), fmt.ms(m.inputToFrameMs.p95), fmt.ms(m.longFrameMs), fmt.ms(m.longFrameScriptMs), fmt.ms(m.probeMaxMs),
    worst ? `${worst.invoker || worst.source} ${fmt.ms(worst.totalMs)}` : null,
  ];
}

function mainThreadTable(cases: FileCase[], live: LiveResult[]): Table {
  return {
    title: '3. Main thread while transcribing (the benchmark clicks the page every 0.5 s)',
    columns: ['setup', 'while', 'span', 'long tasks', 'longest', 'total', 'frame gaps>50ms', 'longest gap', 'input delay p95', 'click→frame p95', 'long frames', 'scripts in them', 'probe max', 'heaviest script'],
    rows: [
      ...cases.map((c) => mainThreadRow(c.setup, c.file, c.ours.mainThread)),
      ...live.flatMap((l) => (l.mainThread ? [mainThreadRow(l.setup, 'live', l.mainThread)] : [])),
    ],
    notes: [
      'long tasks: PerformanceObserver "longtask" (> 50 ms). frame gaps: requestAnimationFrame intervals over 50 ms.',
      'input delay: pointerdown handler start − event.timeStamp; click→frame: next animation frame after it − event.timeStamp.',
      'long frames: Long Animation Frames (> 50 ms) in total, and the script time inside them (the rest is rendering, GC, or no CPU free);',
      'heaviest script: the invoker with the most time in long frames. probe max: the probe\'s own per-frame bookkeeping.',
    ],
  };
}

function passSplitTable(cases: FileCase[], live: LiveResult[]): Table {
  const row = (setup: string, what: string, p: PassSplit): Cell[] => [
    setup, what, p.passes, fmt.ms(p.featuresMs), fmt.ms(p.encoderMs), fmt.ms(p.decoderMs), p.utterancePasses, fmt.percent(p.utteranceFeatureShare),
  ];
  const [low, high] = UTTERANCE_PASS_SECONDS;
  return {
    title: 'Where a pass goes: log-mel features, encoder, decoder (ours; medians per Whisper transcribe call)',
    columns: ['setup', 'while', 'passes', 'features', 'encoder', 'decoder', `${low}–${high} s passes`, 'features share of those'],
    rows: [
      ...cases.map((c) => row(c.setup, c.file, c.ours.passSplit)),
      ...live.flatMap((l) => (l.passSplit ? [row(l.setup, 'live', l.passSplit)] : [])),
    ],
    notes: [
      'From the timings the worker returns with each window (features: log-mel on the worker; encoder and decoder: their ONNX sessions, guards included).',
      `features share: features / (features + encoder + decoder), median over the passes of ${low}–${high} s of audio (one of the bench's phrases).`,
      'Files: the first run\'s windows (30 s at most). Live: partials and finals that ran to the end.',
    ],
  };
}

function liveTable(live: LiveResult[]): Table {
  const measured = live.filter((l) => !l.skipped);
  return {
    title: '2. Live: fake microphone → <whisper-recorder>: end of speech → first final, against one pass',
    columns: ['setup', 'recorded', 'utterances', 'no final', 'latency p50', 'pass p50', 'final−pass p50', 'latency/pass', 'latency p95', 'pass p95', 'final−pass p95', 'latency/pass p95', 'end→final pass p50', 'final pass p50'],
    rows: measured.map((l) => [
      l.setup, fmt.seconds(l.recordSeconds, 0), l.utterances, l.missingFinals, fmt.ms(l.latencyMs?.p50), fmt.ms(l.passMs?.p50), fmt.ms(l.latencyMinusPassMs?.p50), fmt.ratio(l.latencyOverPass),
      fmt.ms(l.latencyMs?.p95), fmt.ms(l.passMs?.p95), fmt.ms(l.latencyMinusPassMs?.p95), fmt.ratio(l.latencyOverPassP95), fmt.ms(l.endToFinalPassMs?.p50), fmt.ms(l.finalPassMs?.p50),
    ]),
    notes: [
      'latency: end of an utterance in the played file (aligned to the page clock by the microphone\'s first sound) → the first whisper-final covering it (revisions come later and do not count).',
      'pass: one transcribe call of the Whisper worker while live (partials and finals that ran to the end); final−pass: latency − pass, in ms, at the same percentile.',
      'end→final pass: utterance end → the start of the pass whose result became the final (end-of-speech detection + a partial still running).',
      ...live.filter((l) => l.skipped).map((l) => `${l.setup}: skipped: ${l.skipped}`),
      ...live.flatMap((l) => (l.errors ?? []).slice(0, 3).map((e) => `${l.setup}: ${e}`)),
    ],
  };
}

function liveFinalsTable(live: LiveResult[]): Table {
  const count = (n: number | null | undefined, rate: number | null | undefined) => (n === null || n === undefined ? null : `${n} (${fmt.percent(rate) ?? '–'})`);
  return {
    title: '2. Live: finals revised and split, partials, load and capture',
    columns: ['setup', 'finals', 'revised', 'split', 'first partial p50', 'partial gap p50', `gap p50, utt. ≥ ${LONG_UTTERANCE_SECONDS} s`, 'partial gap p95', 'worker busy', 'dropped', 'missing'],
    rows: live.filter((l) => !l.skipped).map((l) => [
      l.setup, l.finalUtterances, count(l.revisedUtterances, l.revisionRate), count(l.splitUtterances, l.splitRate), fmt.ms(l.firstPartialMs?.p50),
      fmt.ms(l.partialIntervalMs?.p50), fmt.ms(l.longPartialIntervalMs?.p50), fmt.ms(l.partialIntervalMs?.p95), fmt.percent(l.workerBusy), l.droppedFrames, l.missingFrames,
    ]),
    notes: [
      'finals: recorder utterances with a final. revised: those whose first final (at a pause) was replaced by a later revision, and their share.',
      'split: utterances of the played file heard as two or more recorder utterances with words in their finals, and their share of the utterances with a final.',
      'first partial: start of an utterance in the played file → the first whisper-partial of the recorder utterance that heard it.',
      `partial gap: between consecutive whisper-partials of one utterance; the next column only in utterances of ${LONG_UTTERANCE_SECONDS} s or more.`,
      'worker busy: share of the recording the worker spent transcribing. dropped: frames the capture worklet dropped (its count); missing: gaps in the frame indices the page received.',
    ],
  };
}

function memoryTable(memory: MemoryResult[]): Table {
  return {
    title: '4. Memory while transcribing a long file (renderer RSS from /proc; JS from measureUserAgentSpecificMemory)',
    columns: ['setup', 'file', 'audio', 'wall', 'after warm-up', 'peak (file)', 'RSS 25%', 'RSS 50%', 'RSS 75%', 'RSS 100%', 'growth', 'JS page', 'JS whisper worker', 'GPU process'],
    rows: memory.map((m) => [
      m.setup, m.file, fmt.duration(m.audioSeconds), fmt.seconds(m.wallMs / 1000, 0), fmt.mb(m.baselineRss), fmt.mb(m.peakRss),
      ...m.rssAtProgress.map((r) => fmt.mb(r)), fmt.ratio(m.growth), fmt.mb(m.jsPeak.page), fmt.mb(m.jsPeak['whisper.worker']), fmt.mb(m.gpuPeakRss),
    ]),
    notes: [
      'RSS: the app\'s renderer process (page + all its workers, incl. WebAssembly memory), sampled twice a second; growth = RSS at 100 % / RSS at 25 %.',
      'JS: peak per realm over samples every 15 s (JS heaps and their ArrayBuffers; WebAssembly memory may be missing from it).',
    ],
  };
}

function startupTable(startup: StartupResult[]): Table {
  const row = (s: StartupResult, visit: string, v: StartupResult['first']): Cell[] => [
    s.setup, visit, fmt.ms(v.uiReadyMs), fmt.ms(v.addToReadyMs), fmt.ms(v.navToReadyMs), fmt.ms(v.loadMs), fmt.ms(v.warmupMs), fmt.ms(v.addToDoneMs),
  ];
  return {
    title: '5. Start-up (a short file added as soon as the page is usable)',
    columns: ['setup', 'visit', 'page usable', 'add→model ready', 'load→model ready', 'model load', 'warm-up', 'add→file done'],
    rows: startup.flatMap((s) => [row(s, 'first', s.first), row(s, 'second (cached)', s.second)]),
    notes: ['page usable: navigation start → file input present. model ready: the worker answered load(). load→model ready: navigation start → model ready.'],
  };
}

function firstFinalTable(startup: StartupResult[]): Table {
  return {
    title: '5. Start-up, live: <whisper-recorder> started with the model cached (a third visit)',
    columns: ['setup', 'model ready → first final', 'ready → stream', 'ready → first sound', 'ready → listening', 'listening → first final'],
    rows: startup.map((s) => ('skipped' in s.firstFinal
      ? [s.setup, null, null, null, null, null]
      : [s.setup, fmt.ms(s.firstFinal.readyToFinalMs), fmt.ms(s.firstFinal.readyToStreamMs), fmt.ms(s.firstFinal.readyToSoundMs), fmt.ms(s.firstFinal.readyToListeningMs), fmt.ms(s.firstFinal.listeningToFinalMs)])),
    notes: [
      'model ready: the worker answered load(). The recorder then opens the microphone (stream: getUserMedia resolved; first sound: the fake microphone plays the pauses file',
      'from its start) and starts capture and speech detection (listening). Speech played before listening is not heard, so the first final',
      'may be of a later utterance: listening → first final includes waiting for the next one to end.',
      ...startup.flatMap((s) => ('skipped' in s.firstFinal ? [`${s.setup}: skipped: ${s.firstFinal.skipped}`] : [])),
      ...startup.flatMap((s) => ('skipped' in s.firstFinal || s.firstFinal.readyToFinalMs === null
        ? [`${s.setup}: ${s.firstFinal.loads} load() call(s); the recorder's events, ms after ready: ${s.firstFinal.events.slice(0, 12).map((e) => `${e.type} ${e.t}`).join(', ') || 'none'}`]
        : [])),
    ],
  };
}

function bundleTable(bundle: BundleReport, startup: StartupResult[]): Table {
  const runtime = startup[0];
  return {
    title: '5. JavaScript before the worker starts, and ONNX Runtime copies (gzip -6 of the build output)',
    columns: ['what', 'gzip', 'files'],
    rows: [
      ['JS fetched before the first worker (second visit)', runtime ? fmt.kb(runtime.jsBeforeWorkerGzipBytes) : null, runtime?.jsBeforeWorker.map((j) => j.file.replace(/^\/assets\//, '')).join(', ') ?? null],
      ['JS statically imported by the HTML entries', fmt.kb(bundle.initialJsGzipBytes), bundle.initialJs.map((a) => a.file.replace(/^assets\//, '')).join(', ')],
      ['ONNX Runtime wasm files', fmt.kb(bundle.ortWasm.reduce((n, a) => n + a.gzipBytes, 0)), `${bundle.ortWasm.length}: ${bundle.ortWasm.map((a) => a.file.replace(/^assets\//, '')).join(', ')}`],
      ['JS files with an ONNX Runtime copy', fmt.kb(bundle.ortJs.reduce((n, a) => n + a.gzipBytes, 0)), `${bundle.ortJs.length}: ${bundle.ortJs.map((a) => a.file.replace(/^assets\//, '')).join(', ')}`],
    ],
    notes: [`ONNX Runtime JS is recognised by its version string (${bundle.ortVersion}).`],
  };
}

function accuracyTable(a: AccuracyResult): Table {
  return {
    title: `6. Accuracy (${a.setup}, ${a.audioDir}, language ${a.language})`,
    columns: ['file', 'words', 'ours WER', 'reference WER', 'ours wall', 'reference wall'],
    rows: [
      ...a.files.map((f) => [f.file, f.ours.wer.referenceWords, fmt.percent(f.ours.wer.wer), fmt.percent(f.pipeline.wer.wer), fmt.seconds(f.ours.wallMs / 1000), fmt.seconds(f.pipeline.wallMs / 1000)]),
      ['all', a.ours.referenceWords, fmt.percent(a.ours.wer), fmt.percent(a.pipeline.wer), null, null],
    ],
    notes: [`WER = (substitutions + deletions + insertions) / reference words, over all files. Normalisation: ${a.normalisation}.`],
  };
}

function goalsTable(goals: Goal[]): Table {
  return {
    title: 'Goals',
    columns: ['goal', 'setup', 'measured', 'target', 'met'],
    rows: goals.map((g) => [g.goal, g.setup, g.measured, g.target, g.met === null ? 'n/a' : g.met ? 'yes' : 'NO']),
  };
}

export function goals(r: Pick<BenchResults, 'files' | 'live' | 'memory' | 'startup' | 'bundle' | 'noise'>): Goal[] {
  const out: Goal[] = [];
  for (const c of r.files) {
    const continuous = c.file.startsWith('continuous');
    const limit = continuous ? 0.85 : 0.7;
    out.push({ goal: `wall time vs reference, ${continuous ? 'continuous speech' : 'speech with pauses'}`, setup: c.setup, measured: fmt.ratio(c.ratio), target: `≤ ${limit} ×`, met: c.ratio <= limit });
    const p = c.ours.phrases;
    out.push(
      continuous
        ? { goal: `no speech lost or duplicated (${c.file})`, setup: c.setup, measured: `lost ${p.lost}, dup ${p.duplicated}`, target: '0, 0', met: p.ok }
        : { goal: `one phrase per utterance (${c.file})`, setup: c.setup, measured: `lost ${p.lost}, split ${p.split}, dup ${p.duplicated}`, target: '0, 0, 0', met: p.ok },
    );
    out.push({ goal: `long tasks > 50 ms while transcribing (${c.file})`, setup: c.setup, measured: String(c.ours.mainThread.longTasks), target: '0', met: c.ours.mainThread.longTasks === 0 });
    out.push({ goal: `wall time guards on / off (${c.file})`, setup: c.setup, measured: fmt.ratio(c.guardsRatio), target: '≤ 1.10 ×', met: c.guardsRatio <= 1.1 });
  }
  for (const c of r.noise) {
    out.push({ goal: `non-speech reaching the model, and text (${c.file})`, setup: c.setup, measured: `${fmt.seconds(c.ours.secondsSent)}, ${c.ours.text ? 'text' : 'no text'}`, target: '0.0 s, no text', met: c.ours.secondsSent === 0 && !c.ours.text });
  }
  for (const l of r.live) {
    if (l.skipped) {
      out.push({ goal: 'live', setup: l.setup, measured: null, target: 'measured', met: null });
      continue;
    }
    out.push({ goal: 'live latency p50 / one pass', setup: l.setup, measured: fmt.ratio(l.latencyOverPass), target: '≤ 1.2 ×', met: l.latencyOverPass === null || l.latencyOverPass === undefined ? null : l.latencyOverPass <= 1.2 });
    out.push({ goal: 'live dropped + missing frames', setup: l.setup, measured: String((l.droppedFrames ?? 0) + (l.missingFrames ?? 0)), target: '0', met: (l.droppedFrames ?? 0) + (l.missingFrames ?? 0) === 0 });
    out.push({ goal: 'long tasks > 50 ms while live', setup: l.setup, measured: String(l.mainThread?.longTasks ?? '–'), target: '0', met: l.mainThread ? l.mainThread.longTasks === 0 : null });
  }
  for (const m of r.memory) {
    out.push({ goal: `memory not growing with the file (${m.file})`, setup: m.setup, measured: fmt.ratio(m.growth), target: 'RSS 100 % / 25 % ≤ 1.10 ×', met: m.growth === null ? null : m.growth <= 1.1 });
  }
  const bySetup = new Map<string, MemoryResult[]>();
  for (const m of r.memory) bySetup.set(m.setup, [...(bySetup.get(m.setup) ?? []), m]);
  for (const [setup, runs] of bySetup) {
    const sorted = [...runs].sort((a, b) => a.audioSeconds - b.audioSeconds);
    const [short, long] = [sorted[0], sorted.at(-1)];
    if (short && long && short !== long && short.peakRss && long.peakRss) {
      const ratio = long.peakRss / short.peakRss;
      out.push({ goal: `peak RSS ${fmt.duration(long.audioSeconds)} / ${fmt.duration(short.audioSeconds)}`, setup, measured: fmt.ratio(ratio), target: '≤ 1.10 ×', met: ratio <= 1.1 });
    }
  }
  const js = r.startup[0]?.jsBeforeWorkerGzipBytes ?? r.bundle?.initialJsGzipBytes;
  if (js !== undefined) out.push({ goal: 'JS before the worker starts (gzip)', setup: 'site', measured: fmt.kb(js), target: '< 150 KB', met: js < 150 * 1024 });
  if (r.bundle) out.push({ goal: 'ONNX Runtime wasm copies shipped', setup: 'site', measured: String(r.bundle.ortWasm.length), target: '1', met: r.bundle.ortWasm.length === 1 });
  return out;
}

export function renderReport(r: BenchResults): string {
  const parts: string[] = [];
  if (r.machine) {
    const gpu = r.machine.webgpu.available ? `${r.machine.webgpu.vendor} ${r.machine.webgpu.architecture} ${r.machine.webgpu.description}`.trim() + (r.machine.webgpu.swiftshader ? ' (SwiftShader, CPU)' : '') : 'none';
    parts.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${fmt.mb(r.machine.memoryBytes)} RAM, ${r.machine.os}, Node ${r.machine.node}, Chromium ${r.machine.chromium}, WebGPU adapter: ${gpu}`);
  }
  if (r.load.length) {
    const busy = r.load.map((l) => `${l.section} ${l.setup} ${l.before.toFixed(1)}→${l.after.toFixed(1)}`).join(', ');
    parts.push(`Load average (1 min) at the start → end of each section, on ${r.machine?.cores ?? '?'} cores: ${busy}`);
  }
  for (const s of r.skipped) parts.push(`Skipped: ${s}`);
  if (r.files.length) parts.push(renderTable(filesTable(r.files)), renderTable(guardsTable(r.files)));
  if (r.live.length) parts.push(renderTable(liveTable(r.live)), renderTable(liveFinalsTable(r.live)));
  if (r.files.length || r.live.some((l) => l.passSplit)) parts.push(renderTable(passSplitTable(r.files, r.live)));
  if (r.files.length || r.live.some((l) => l.mainThread)) parts.push(renderTable(mainThreadTable(r.files, r.live)));
  if (r.memory.length) parts.push(renderTable(memoryTable(r.memory)));
  if (r.noise.length) parts.push(renderTable(noiseTable(r.noise)));
  if (r.startup.length) parts.push(renderTable(startupTable(r.startup)), renderTable(firstFinalTable(r.startup)));
  if (r.bundle) parts.push(renderTable(bundleTable(r.bundle, r.startup)));
  if (r.accuracy) parts.push(renderTable(accuracyTable(r.accuracy)));
  if (r.goals.length) parts.push(renderTable(goalsTable(r.goals)));
  for (const e of r.errors) parts.push(`ERROR in ${e.section} (${e.setup}): ${e.message}`);
  return parts.join('\n\n');
}
