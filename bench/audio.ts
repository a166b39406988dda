/**
 * The benchmark's recordings, made with espeak-ng, sox and ffmpeg the way scripts/make-fixtures.ts makes the test
 * media, and cached in .cache/bench-audio (each file with a JSON of its utterance times, written under a temporary
 * name and renamed so an interrupted run never leaves a file later runs would trust).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Span, SpeechLayout } from './phrases.ts';
import { mulberry32 } from '../src/shared/random.ts';
import { encodeWav } from '../tools/wav.ts';
import { chord, fromPcm16, music, pinkNoise, rms, toPcm16 } from '../scripts/synth-audio.ts';
import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';

export const AUDIO_DIR = '.cache/bench-audio';
/** Per-sample level separating speech from silence (the same rule as the fixtures). */
const SPEECH_THRESHOLD = 0.01;
const TOOL_TIMEOUT_MS = 10 * 60_000;

/** Varied sentences, so speech lengths and rhythms differ; spoken at a few rates. */
const SENTENCES = [
  'The quick brown fox jumps over the lazy dog near the river bank.',
  'Please remember to water the plants before you leave on Friday.',
  'Our meeting has been moved to the large room on the third floor.',
  'She sells sea shells by the sea shore every summer morning.',
  'The train to the city leaves every twenty minutes during the week.',
  'If the weather holds, we will walk along the coast on Sunday afternoon.',
  'He forgot his umbrella at the station and came home soaking wet.',
  'The library closes early on public holidays, so plan your visit.',
  'A small bakery on the corner sells the best bread in town.',
  'They spent the whole evening talking about music, books and travel.',
  'Turn left at the second traffic light and the museum is on your right.',
  'The children built a tall tower of wooden blocks in the living room.',
  'After the storm, the streets were covered with leaves and branches.',
  'Thank you all for listening, and have a wonderful evening.',
];
const RATES_WPM = [150, 165, 180];

/** Silence between sentences: natural pauses of 0.8–3.5 s, or sentence breaks of 0.15–0.35 s in continuous speech. */
const GAPS: Record<SpeechLayout, [number, number]> = { pauses: [0.8, 3.5], continuous: [0.15, 0.35] };

export interface Utterance extends Span {
  text: string;
}

export interface BenchAudio {
  path: string;
  name: string;
  durationSeconds: number;
  layout: SpeechLayout;
  utterances: Utterance[];
}

export class BenchToolError extends Error {
  override name = 'BenchToolError';
}

function run(tool: string, args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync(tool, args, { input, maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'], timeout: TOOL_TIMEOUT_MS });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new BenchToolError(`bench: "${tool}" is not installed (apt-get install ${tool}).`);
    const stderr = err.stderr?.toString().trim().split('\n').slice(-5).join('\n') ?? '';
    throw new BenchToolError(`bench: ${tool} ${args.join(' ')} failed: ${stderr || err.message}`);
  }
}

/** Writes `name` (and its JSON) once: later runs reuse both. */
function cached(name: string, make: (partialPath: string) => Omit<BenchAudio, 'path' | 'name'>): BenchAudio {
  const dir = resolve(AUDIO_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const meta = `${path}.json`;
  if (existsSync(path) && existsSync(meta)) return { path, name, ...(JSON.parse(readFileSync(meta, 'utf8')) as Omit<BenchAudio, 'path' | 'name'>) };
  const partial = join(dir, `.partial-${name}`);
  const info = make(partial);
  renameSync(partial, path);
  writeFileSync(meta, `${JSON.stringify(info, null, 2)}\n`);
  return { path, name, ...info };
}

const spoken = new Map<string, Int16Array>();

/** espeak-ng speech as 16 kHz mono 16-bit PCM, trimmed to 50 ms around the audible part. */
function speak(text: string, wordsPerMinute: number): Int16Array {
  const key = `${wordsPerMinute}:${text}`;
  const known = spoken.get(key);
  if (known) return known;
  const wav = run('espeak-ng', ['-s', String(wordsPerMinute), '--stdout', text]);
  const raw = run('sox', ['-D', '-t', 'wav', '-', '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-'], wav);
  const samples = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const [start, end] = audibleBounds(samples);
  const margin = Math.round(0.05 * SAMPLE_RATE);
  const trimmed = samples.slice(Math.max(0, start - margin), Math.min(samples.length, end + margin));
  spoken.set(key, trimmed);
  return trimmed;
}

function audibleBounds(samples: Int16Array): [number, number] {
  const limit = SPEECH_THRESHOLD * 32768;
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]!) > limit) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) throw new BenchToolError('bench: espeak-ng produced no audible speech.');
  return [first, last + 1];
}

/** Sentences laid out over `seconds` of audio with the style's gaps; the utterance times are sample-exact. */
export function layoutSpeech(style: SpeechLayout, seconds: number, seed = 7): { samples: Int16Array; utterances: Utterance[] } {
  const random = mulberry32(seed);
  const [minGap, maxGap] = GAPS[style];
  const total = Math.round(seconds * SAMPLE_RATE);
  const samples = new Int16Array(total);
  const utterances: Utterance[] = [];
  let at = Math.round(0.5 * SAMPLE_RATE);
  for (let k = 0; ; k++) {
    const text = SENTENCES[k % SENTENCES.length]!;
    const speech = speak(text, RATES_WPM[k % RATES_WPM.length]!);
    // Leave at least a second of silence at the end, so the last utterance is whole.
    if (at + speech.length > total - SAMPLE_RATE) break;
    samples.set(speech, at);
    const [start, end] = audibleBounds(speech);
    utterances.push({ text, start: (at + start) / SAMPLE_RATE, end: (at + end) / SAMPLE_RATE });
    at += speech.length + Math.round((minGap + (maxGap - minGap) * random()) * SAMPLE_RATE);
  }
  return { samples, utterances };
}

/** A 16 kHz mono WAV of speech in the given style (e.g. pauses-300s.wav). */
export function speechWav(style: SpeechLayout, seconds: number): BenchAudio {
  return cached(`${style}-${seconds}s.wav`, (partial) => {
    const { samples, utterances } = layoutSpeech(style, seconds);
    writeFileSync(partial, encodeWav(samples));
    return { durationSeconds: samples.length / SAMPLE_RATE, layout: style, utterances };
  });
}

/** One sentence with silence around it: the file that loads and warms up the model before timed runs. */
export function warmupClip(): BenchAudio {
  return speechWav('pauses', 6);
}

export const NON_SPEECH = ['noise', 'music', 'chord'] as const;
export type NonSpeechKind = (typeof NON_SPEECH)[number];

/** RMS of espeak-ng's speech over its audible part, in dBFS: the level the non-speech files are made at. */
function speechLevelDbfs(): number {
  const speech = fromPcm16(speak(SENTENCES[0]!, RATES_WPM[0]!));
  return 20 * Math.log10(rms(speech));
}

/**
 * A file with no speech in it, as loud as the bench's speech: stationary pink noise, music (a chord progression
 * with crossfades), or one held chord, made as scripts/make-fixtures.ts makes noise-loud, music and chord.
 */
export function nonSpeechWav(kind: NonSpeechKind, seconds: number): BenchAudio {
  return cached(`${kind}-${seconds}s.wav`, (partial) => {
    const level = speechLevelDbfs();
    const make: Record<NonSpeechKind, () => Float32Array> = {
      noise: () => pinkNoise(seconds, level, 0x9111c),
      music: () => music(seconds, level),
      chord: () => chord(seconds, [440, 554.37, 659.25], level),
    };
    const samples = toPcm16(make[kind]());
    writeFileSync(partial, encodeWav(samples));
    // No utterances, so no phrase check applies; the layout is only there to fill the type.
    return { durationSeconds: samples.length / SAMPLE_RATE, layout: 'pauses', utterances: [] };
  });
}

/**
 * `source` played `repeats` times in a row, as Ogg Opus (32 kb/s mono): two hours is ~29 MB instead of 230 MB of
 * WAV. ffmpeg's -stream_loop does the looping (sox `repeat` would need a pipe into ffmpeg for the same result).
 */
export function loopedOpus(source: BenchAudio, repeats: number): BenchAudio {
  const seconds = Math.round(source.durationSeconds * repeats);
  return cached(`${source.name.replace(/\.wav$/, '')}-x${repeats}-${seconds}s.ogg`, (partial) => {
    run('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(repeats - 1), '-i', source.path, '-c:a', 'libopus', '-b:a', '32k', '-ac', '1', '-map_metadata', '-1', '-f', 'ogg', partial]);
    const utterances = Array.from({ length: repeats }, (_, k) =>
      source.utterances.map((u) => ({ ...u, start: u.start + k * source.durationSeconds, end: u.end + k * source.durationSeconds })),
    ).flat();
    return { durationSeconds: source.durationSeconds * repeats, layout: source.layout, utterances };
  });
}
