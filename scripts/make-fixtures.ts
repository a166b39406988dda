/**
 * Builds the test media (speech in many containers/codecs, silence, noise, broken files) with espeak-ng, sox and
 * ffmpeg. Usage: npx tsx scripts/make-fixtures.ts [outDir]   (default .cache/fixtures)
 *
 * Idempotent: existing files are kept, so a second run costs nothing. Files are written under a temporary name and
 * renamed, so an interrupted run never leaves a half-written fixture that later runs would trust.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../src/shared/random.ts';
import { FIXTURE_FILES, PASSAGE, PILOT_TONES_HZ, SPANISH_PASSAGE, WORD_GAP_SECONDS } from '../tools/test-model/spec.ts';
import { VOICES, type VoiceName } from '../tools/speaker-models/spec.ts';
import { encodeWav } from '../tools/wav.ts';
import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';
import { chord, fromPcm16, mixInto, music, pinkNoise, rms, tone, toPcm16 } from './synth-audio.ts';

const SPEECH_TEXT = 'Hello, this is a test of the whisper recorder.';
/** Per-sample level separating speech from silence when measuring where speech starts and ends. */
const SPEECH_THRESHOLD = 0.01;
const PAUSES_SECONDS = 45;
/** Gaps between utterances stay within 2–6 s, the range the VAD tests care about. */
const PAUSES: { text: string; silenceBefore: number }[] = [
  { text: 'The quick brown fox jumps over the lazy dog near the river bank.', silenceBefore: 2 },
  { text: 'Please remember to water the plants before you leave on Friday.', silenceBefore: 4.5 },
  { text: 'Our meeting has been moved to the large room on the third floor.', silenceBefore: 2.5 },
  { text: 'She sells sea shells by the sea shore every summer morning.', silenceBefore: 5.5 },
  { text: 'Thank you all for listening, and have a wonderful evening.', silenceBefore: 3.5 },
];
/**
 * Two voices taking turns, as the synthetic speaker models tell them apart (tools/speaker-models/spec.ts). Pauses
 * of 0.7–1 s: long enough that the synthetic Whisper hears each turn as its own region (it bridges gaps under
 * 0.62 s), short enough to be a conversation.
 */
const DIALOGUE: { voice: VoiceName; text: string; silenceBefore: number }[] = [
  { voice: 'low', text: 'Good morning, did you sleep well last night?', silenceBefore: 0.6 },
  { voice: 'high', text: 'I did, thank you. I think we should take the early train tomorrow.', silenceBefore: 0.8 },
  { voice: 'low', text: 'Could you send me the figures before lunch?', silenceBefore: 1 },
  { voice: 'high', text: 'Of course, let me check my calendar first.', silenceBefore: 0.7 },
  { voice: 'low', text: 'That sounds fine, see you at the station then.', silenceBefore: 0.9 },
];
const TOOL_TIMEOUT_MS = 60_000;
const DEBIAN_PACKAGE: Record<string, string> = { 'espeak-ng': 'espeak-ng', sox: 'sox', ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg' };
const TEST_VIDEO = ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25'];
/** Keeps encoder versions and dates out of the files, so rebuilt fixtures match byte for byte where possible. */
const BITEXACT = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];

/** Where the `pauses-cut.*` files end: in the silence after the third utterance of pauses.wav, as a download cut short. */
export const CUT_SECONDS = 24;
/** encodeWav's header: the samples start right after it. */
const WAV_HEADER_BYTES = 44;
/** pauses.wav encoded, then cut CUT_SECONDS in, in the middle of the packet there: [file, ffmpeg muxer, codec args]. */
const CUT: [string, string, string[]][] = [
  ['pauses-cut.mp3', 'mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']],
  // The index first (as a streaming download has it), so only the audio data is missing.
  ['pauses-cut.mp4', 'mp4', ['-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart']],
  ['pauses-cut.webm', 'webm', ['-c:a', 'libopus', '-b:a', '48k']],
];

export class FixtureToolError extends Error {
  override name = 'FixtureToolError';
}

/** Encoded copies of speech.wav: [file, stereo source rate, ffmpeg muxer, ffmpeg args between input and output]. */
const ENCODED: [string, 44100 | 48000, string, string[]][] = [
  ['speech.mp3', 44100, 'mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']],
  ['speech.flac', 44100, 'flac', ['-c:a', 'flac']],
  ['speech.ogg', 48000, 'ogg', ['-c:a', 'libopus', '-b:a', '48k']],
  ['speech.webm', 48000, 'webm', ['-c:a', 'libopus', '-b:a', '48k']],
  ['speech.m4a', 44100, 'mp4', ['-c:a', 'aac', '-b:a', '96k']],
  ['video.mp4', 44100, 'mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k']],
  ['video.webm', 48000, 'webm', ['-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', '-b:a', '48k']],
  // WebM as MediaRecorder writes it while recording: live (sizes unknown, no cues), a cluster every 250 ms.
  ['recording.webm', 48000, 'webm', ['-c:a', 'libopus', '-b:a', '48k', '-live', '1', '-cluster_time_limit', '250']],
];

export async function makeFixtures(outDir = '.cache/fixtures'): Promise<Record<string, string>> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const make = (name: string, build: (partial: string) => void): void => {
    const path = join(dir, name);
    files[name] = path;
    if (existsSync(path)) return;
    const partial = join(dir, `.partial-${name}`);
    build(partial);
    renameSync(partial, path);
  };
  const wav = (name: string, samples: () => Int16Array): void => make(name, (p) => writeFileSync(p, encodeWav(samples())));

  wav('speech.wav', () => concatPcm([silence(0.5), speak(SPEECH_TEXT), silence(0.8)]));
  make('speech.json', (p) => {
    const samples = decodeWav(readFileSync(join(dir, 'speech.wav')));
    const [start, end] = speechBounds(samples);
    const json = { text: SPEECH_TEXT, sampleRate: SAMPLE_RATE, durationSeconds: samples.length / SAMPLE_RATE, threshold: SPEECH_THRESHOLD, speechStartSeconds: start / SAMPLE_RATE, speechEndSeconds: end / SAMPLE_RATE };
    writeFileSync(p, `${JSON.stringify(json, null, 2)}\n`);
  });

  const speechSeconds = (): number => decodeWav(readFileSync(join(dir, 'speech.wav'))).length / SAMPLE_RATE;
  const scratch = mkdtempSync(join(tmpdir(), 'fixtures-'));
  try {
    const stereo = (rate: number): string => {
      const path = join(scratch, `speech-${rate}-stereo.wav`);
      if (!existsSync(path)) run('sox', ['-D', join(dir, 'speech.wav'), '-r', String(rate), '-c', '2', '-b', '16', path]);
      return path;
    };
    for (const [name, rate, muxer, args] of ENCODED) {
      const isVideo = name.startsWith('video');
      // The test pattern is endless: cut the output to the audio (-shortest overshoots by seconds with x264).
      const inputs = isVideo ? [...TEST_VIDEO, '-i', stereo(rate), '-t', String(speechSeconds())] : ['-i', stereo(rate)];
      make(name, (p) => run('ffmpeg', ['-v', 'error', '-y', ...inputs, ...args, ...BITEXACT, '-f', muxer, p]));
    }
    make('video-only.mp4', (p) =>
      run('ffmpeg', ['-v', 'error', '-y', ...TEST_VIDEO, '-t', '2', '-an', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...BITEXACT, '-f', 'mp4', p]),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const pauses = buildPauses();
  wav('pauses.wav', () => pauses().samples);
  make('pauses.json', (p) => writeFileSync(p, `${JSON.stringify(pauses().json, null, 2)}\n`));
  // Its header still says 45 s; cut inside a sample.
  make('pauses-cut.wav', (p) => writeFileSync(p, readFileSync(join(dir, 'pauses.wav')).subarray(0, WAV_HEADER_BYTES + CUT_SECONDS * SAMPLE_RATE * 2 + 1)));
  const encodedPauses = mkdtempSync(join(tmpdir(), 'fixtures-'));
  try {
    for (const [name, muxer, args] of CUT) {
      make(name, (p) => {
        const whole = join(encodedPauses, name);
        run('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'pauses.wav'), ...args, ...BITEXACT, '-f', muxer, whole]);
        writeFileSync(p, readFileSync(whole).subarray(0, cutOffset(whole, CUT_SECONDS)));
      });
    }
  } finally {
    rmSync(encodedPauses, { recursive: true, force: true });
  }

  const dialogue = buildDialogue();
  wav('dialogue.wav', () => dialogue().samples);
  make('dialogue.json', (p) => writeFileSync(p, `${JSON.stringify(dialogue().json, null, 2)}\n`));

  // For the fake microphone, which loops its file: two utterances, then enough silence to settle both.
  const LIVE_FROM = 1;
  const LIVE_TO = 15.5;
  wav('live.wav', () => concatPcm([pauses().samples.slice(LIVE_FROM * SAMPLE_RATE, LIVE_TO * SAMPLE_RATE), silence(4)]));
  make('live.json', (p) => {
    const utterances = (pauses().json as { utterances: { text: string; startSeconds: number; endSeconds: number }[] }).utterances
      .filter((u) => u.startSeconds >= LIVE_FROM && u.endSeconds <= LIVE_TO)
      .map((u) => ({ ...u, startSeconds: u.startSeconds - LIVE_FROM, endSeconds: u.endSeconds - LIVE_FROM }));
    writeFileSync(p, `${JSON.stringify({ sampleRate: SAMPLE_RATE, durationSeconds: LIVE_TO - LIVE_FROM + 4, utterances }, null, 2)}\n`);
  });
  // speech.wav at a peak of -40 dBFS: too quiet for the loudness gate, so only Silero finds it.
  make('quiet-speech.wav', (p) => run('sox', ['-D', join(dir, 'speech.wav'), '-t', 'wav', '-b', '16', p, 'gain', '-n', '-40']));
  wav('silence.wav', () => silence(5));
  wav('noise.wav', () => whiteNoise(5, -50, 0x5eed));
  const json = (name: string, content: () => unknown) => make(name, (p) => writeFileSync(p, `${JSON.stringify(content(), null, 2)}\n`));
  hardCases(wav, json);
  modelFeatures(wav, json);
  make('empty.mp3', (p) => writeFileSync(p, new Uint8Array(0)));
  make('corrupt.mp3', (p) => writeFileSync(p, randomBytes(1024, 0xc0ffee)));
  make('not-audio.txt', (p) => writeFileSync(p, 'These are meeting notes, not audio.\nA file picker may still offer them.\n'));
  return files;
}

/** Speech level against the noise bed in the noisy fixtures (RMS of the speech over RMS of the noise). */
const SNR_DB = 12;
/** Level of loud non-speech: where speech sits. */
const LOUD_DBFS = -20;
/** Pilot tones the synthetic model listens for (tools/test-model): faint, narrow, and only under the speech. */
const PILOT_DBFS = -35;
const { repeat: REPEAT_PILOT_HZ, lowConfidence: LOW_CONFIDENCE_PILOT_HZ, beamTrap: BEAM_TRAP_PILOT_HZ } = PILOT_TONES_HZ;

/**
 * Audio a loudness gate cannot judge: loud non-speech (noise, music, a chord), speech over a noise bed, very quiet
 * speech, and speech carrying the synthetic model's pilot tones. Each file with speech has a sidecar giving where
 * it is, in the format of speech.json or live.json.
 */
function hardCases(
  wav: (name: string, samples: () => Int16Array) => void,
  json: (name: string, content: () => unknown) => void,
): void {
  let voice: Int16Array | null = null;
  const speech = () => (voice ??= speak(SPEECH_TEXT));
  const bounds = (offsetSamples: number, total: number) => {
    const [start, end] = speechBounds(speech());
    return { text: SPEECH_TEXT, sampleRate: SAMPLE_RATE, durationSeconds: total / SAMPLE_RATE, speechStartSeconds: (offsetSamples + start) / SAMPLE_RATE, speechEndSeconds: (offsetSamples + end) / SAMPLE_RATE };
  };
  /** Speech over pink noise `before` and `after` seconds either side, the noise continuous underneath. */
  const inNoise = (before: number, after: number, seed: number) => {
    const voiced = fromPcm16(speech());
    const [start, end] = speechBounds(speech());
    const bed = pinkNoise(before + voiced.length / SAMPLE_RATE + after, 20 * Math.log10(rms(voiced, start, end)) - SNR_DB, seed);
    return toPcm16(mixInto(bed, voiced, Math.round(before * SAMPLE_RATE)));
  };
  const withPilot = (hz: number) => {
    const voiced = fromPcm16(speech());
    return concatPcm([silence(0.5), toPcm16(mixInto(voiced, tone(voiced.length / SAMPLE_RATE, hz, PILOT_DBFS))), silence(0.8)]);
  };
  const speechAt = (offsetSeconds: number, tailSeconds: number) => () => bounds(Math.round(offsetSeconds * SAMPLE_RATE), Math.round(offsetSeconds * SAMPLE_RATE) + speech().length + Math.round(tailSeconds * SAMPLE_RATE));

  wav('noise-loud.wav', () => toPcm16(pinkNoise(20, LOUD_DBFS, 0x9111c)));
  wav('music.wav', () => toPcm16(music(20, LOUD_DBFS)));
  wav('chord.wav', () => toPcm16(chord(10, [440, 554.37, 659.25], LOUD_DBFS)));
  wav('speech-in-noise.wav', () => inNoise(3, 3, 0xb3d));
  json('speech-in-noise.json', speechAt(3, 3));
  wav('quiet-speech.wav', () => {
    const voiced = fromPcm16(speech());
    const peak = voiced.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    return concatPcm([silence(0.5), toPcm16(voiced.map((s) => (s / peak) * 10 ** (-40 / 20))), silence(0.8)]);
  });
  json('quiet-speech.json', speechAt(0.5, 0.8));
  wav('repeat-trigger.wav', () => withPilot(REPEAT_PILOT_HZ));
  json('repeat-trigger.json', () => ({ ...speechAt(0.5, 0.8)(), pilotHz: REPEAT_PILOT_HZ, pilotDbfs: PILOT_DBFS }));
  wav('low-confidence.wav', () => withPilot(LOW_CONFIDENCE_PILOT_HZ));
  json('low-confidence.json', () => ({ ...speechAt(0.5, 0.8)(), pilotHz: LOW_CONFIDENCE_PILOT_HZ, pilotDbfs: PILOT_DBFS }));
  wav(FIXTURE_FILES.beamTrap, () => withPilot(BEAM_TRAP_PILOT_HZ));
  json('beam-trap.json', () => ({ ...speechAt(0.5, 0.8)(), pilotHz: BEAM_TRAP_PILOT_HZ, pilotDbfs: PILOT_DBFS }));
  // For the fake microphone, which loops its file: one utterance inside a noise bed that never stops.
  wav('live-noise.wav', () => inNoise(4, 6, 0x11fe));
  json('live-noise.json', () => {
    const b = speechAt(4, 6)();
    return { sampleRate: SAMPLE_RATE, durationSeconds: b.durationSeconds, utterances: [{ text: SPEECH_TEXT, startSeconds: b.speechStartSeconds, endSeconds: b.speechEndSeconds }] };
  });
}

/** The synthetic model's high voice: espeak-ng's female variant 4 at pitch 80, a fundamental near 250 Hz. */
const HIGH_SPANISH_VOICE: Voice = { name: 'es+f4', pitch: 80 };
/** Where the Spanish part of mixed-languages.wav starts: past the first 30 s window. */
const MIXED_SPANISH_FROM_SECONDS = 31;
const MIXED_GAP_SECONDS = 2.5;

/**
 * Media for the synthetic model's further features (tools/test-model/spec.ts FIXTURE_FILES): words spoken one at a
 * time (word timestamps), a high Spanish voice and a file switching from English to Spanish (language detection
 * by voice), and speech with the beam-trap pilot tone.
 */
function modelFeatures(
  wav: (name: string, samples: () => Int16Array) => void,
  json: (name: string, content: () => unknown) => void,
): void {
  let words: { samples: Int16Array; json: unknown } | null = null;
  const buildWords = () => {
    if (words) return words;
    const parts: Int16Array[] = [silence(0.5)];
    const times: { word: string; startSeconds: number; endSeconds: number }[] = [];
    let at = parts[0]!.length;
    const spoken = PASSAGE[0]!.trim().replace(/\.$/, '').split(' ');
    spoken.forEach((word, i) => {
      const voiced = speak(word);
      const [start, end] = speechBounds(voiced);
      parts.push(voiced.slice(start, end), silence(i + 1 < spoken.length ? WORD_GAP_SECONDS : 0.8));
      times.push({ word, startSeconds: at / SAMPLE_RATE, endSeconds: (at + end - start) / SAMPLE_RATE });
      at += end - start + parts.at(-1)!.length;
    });
    const samples = concatPcm(parts);
    const bounds = { speechStartSeconds: times[0]!.startSeconds, speechEndSeconds: times.at(-1)!.endSeconds };
    words = { samples, json: { text: PASSAGE[0], sampleRate: SAMPLE_RATE, durationSeconds: samples.length / SAMPLE_RATE, gapSeconds: WORD_GAP_SECONDS, ...bounds, words: times } };
    return words;
  };
  wav(FIXTURE_FILES.words, () => buildWords().samples);
  json('words.json', () => buildWords().json);

  let spanish: Int16Array | null = null;
  const spanishSpeech = () => (spanish ??= speak(SPANISH_PASSAGE[0]!.trim(), 175, HIGH_SPANISH_VOICE));
  wav(FIXTURE_FILES.spanish, () => concatPcm([silence(0.5), spanishSpeech(), silence(0.8)]));
  json('spanish.json', () => {
    const [start, end] = speechBounds(spanishSpeech());
    const total = Math.round(0.5 * SAMPLE_RATE) + spanishSpeech().length + Math.round(0.8 * SAMPLE_RATE);
    return { text: SPANISH_PASSAGE[0]!.trim(), language: 'es', voice: HIGH_SPANISH_VOICE, sampleRate: SAMPLE_RATE, durationSeconds: total / SAMPLE_RATE, speechStartSeconds: 0.5 + start / SAMPLE_RATE, speechEndSeconds: 0.5 + end / SAMPLE_RATE };
  });

  let mixed: { samples: Int16Array; json: unknown } | null = null;
  const buildMixed = () => {
    if (mixed) return mixed;
    const parts: Int16Array[] = [];
    const utterances: { text: string; language: string; voice: 'low' | 'high'; startSeconds: number; endSeconds: number }[] = [];
    let at = 0;
    const say = (text: string, language: string, voice: 'low' | 'high', startSeconds: number) => {
      const gap = silence(startSeconds - at / SAMPLE_RATE);
      const speech = voice === 'high' ? speak(text, 175, HIGH_SPANISH_VOICE) : speak(text);
      const [start, end] = speechBounds(speech);
      utterances.push({ text, language, voice, startSeconds: (at + gap.length + start) / SAMPLE_RATE, endSeconds: (at + gap.length + end) / SAMPLE_RATE });
      parts.push(gap, speech);
      at += gap.length + speech.length;
    };
    [0, 1, 2].forEach((k) => say(PASSAGE[k]!.trim(), 'en', 'low', k === 0 ? 1 : at / SAMPLE_RATE + MIXED_GAP_SECONDS));
    [0, 1, 2].forEach((k) => say(SPANISH_PASSAGE[k]!.trim(), 'es', 'high', k === 0 ? MIXED_SPANISH_FROM_SECONDS : at / SAMPLE_RATE + MIXED_GAP_SECONDS));
    parts.push(silence(2));
    const samples = concatPcm(parts);
    mixed = { samples, json: { sampleRate: SAMPLE_RATE, durationSeconds: samples.length / SAMPLE_RATE, threshold: SPEECH_THRESHOLD, utterances } };
    return mixed;
  };
  wav(FIXTURE_FILES.mixedLanguages, () => buildMixed().samples);
  json('mixed-languages.json', () => buildMixed().json);
}

/** Sentences spread over ~45 s; built once on first use and only if pauses.wav or pauses.json is missing. */
function buildPauses(): () => { samples: Int16Array; json: unknown } {
  let built: { samples: Int16Array; json: unknown } | null = null;
  return () => {
    if (built) return built;
    const parts: Int16Array[] = [];
    const utterances: { text: string; startSeconds: number; endSeconds: number }[] = [];
    let at = 0;
    for (const { text, silenceBefore } of PAUSES) {
      const gap = silence(silenceBefore);
      const speech = speak(text, 140);
      const [start, end] = speechBounds(speech);
      utterances.push({ text, startSeconds: (at + gap.length + start) / SAMPLE_RATE, endSeconds: (at + gap.length + end) / SAMPLE_RATE });
      parts.push(gap, speech);
      at += gap.length + speech.length;
    }
    parts.push(silence(Math.max(1, PAUSES_SECONDS - at / SAMPLE_RATE)));
    const samples = concatPcm(parts);
    built = { samples, json: { sampleRate: SAMPLE_RATE, durationSeconds: samples.length / SAMPLE_RATE, threshold: SPEECH_THRESHOLD, utterances } };
    return built;
  };
}

/** An espeak-ng voice: the language voice with an optional variant (`es+f4`), and its pitch (0–99, default 50). */
interface Voice {
  name?: string;
  pitch?: number;
}

/** DIALOGUE as one file, with each turn's voice and where its speech starts and ends. */
function buildDialogue(): () => { samples: Int16Array; json: unknown } {
  let built: { samples: Int16Array; json: unknown } | null = null;
  return () => {
    if (built) return built;
    const parts: Int16Array[] = [];
    const turns: { voice: VoiceName; espeak: string; text: string; startSeconds: number; endSeconds: number }[] = [];
    let at = 0;
    for (const { voice, text, silenceBefore } of DIALOGUE) {
      const gap = silence(silenceBefore);
      const speech = speak(text, 160, VOICES[voice]);
      const [start, end] = speechBounds(speech);
      turns.push({ voice, espeak: VOICES[voice].join(' '), text, startSeconds: (at + gap.length + start) / SAMPLE_RATE, endSeconds: (at + gap.length + end) / SAMPLE_RATE });
      parts.push(gap, speech);
      at += gap.length + speech.length;
    }
    parts.push(silence(1));
    const samples = concatPcm(parts);
    built = { samples, json: { sampleRate: SAMPLE_RATE, durationSeconds: samples.length / SAMPLE_RATE, threshold: SPEECH_THRESHOLD, turns } };
    return built;
  };
}

const isArgs = (voice: Voice | readonly string[]): voice is readonly string[] => Array.isArray(voice);

/**
 * espeak-ng speech as 16 kHz mono 16-bit PCM (sox without dither, so silence stays digital zero), trimmed to
 * 50 ms around the audible part so the silences laid out here are the silences in the file.
 */
function speak(text: string, wordsPerMinute = 175, voice: Voice | readonly string[] = {}): Int16Array {
  // A speaker-models voice is espeak-ng's own arguments; a language voice is a name and a pitch.
  const voiceArgs = isArgs(voice) ? [...voice] : [...(voice.name ? ['-v', voice.name] : []), ...(voice.pitch === undefined ? [] : ['-p', String(voice.pitch)])];
  const wav = run('espeak-ng', [...voiceArgs, '-s', String(wordsPerMinute), '--stdout', text]);
  const raw = run('sox', ['-D', '-t', 'wav', '-', '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-'], wav);
  const samples = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const [start, end] = speechBounds(samples);
  const margin = Math.round(0.05 * SAMPLE_RATE);
  return samples.slice(Math.max(0, start - margin), Math.min(samples.length, end + margin));
}

/** First sample above the threshold, and one past the last. */
function speechBounds(samples: Int16Array): [number, number] {
  const limit = SPEECH_THRESHOLD * 32768;
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i] as number) > limit) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) throw new FixtureToolError('make-fixtures: espeak-ng produced no audible speech.');
  return [first, last + 1];
}

function run(tool: string, args: string[], input?: Buffer): Buffer {
  try {
    // Every step takes a second or two; the timeout turns a hung tool into an error instead of a stuck test setup.
    return execFileSync(tool, args, { input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'], timeout: TOOL_TIMEOUT_MS });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer; signal?: NodeJS.Signals | null };
    if (err.code === 'ENOENT') {
      const pkg = DEBIAN_PACKAGE[tool] ?? tool;
      throw new FixtureToolError(`make-fixtures: "${tool}" is not installed; install the Debian package "${pkg}" (apt-get install ${pkg}).`);
    }
    if (err.code === 'ETIMEDOUT' || err.signal === 'SIGTERM') {
      throw new FixtureToolError(`make-fixtures: ${tool} ${args.join(' ')} did not finish within ${TOOL_TIMEOUT_MS / 1000} s.`);
    }
    const stderr = err.stderr?.toString().trim().split('\n').slice(-5).join('\n') ?? '';
    throw new FixtureToolError(`make-fixtures: ${tool} ${args.join(' ')} failed: ${stderr || err.message}`);
  }
}

/** The byte halfway into the first audio packet at or after `seconds` (ffprobe reads where the packets are). */
function cutOffset(path: string, seconds: number): number {
  const out = run('ffprobe', ['-v', 'error', '-select_streams', 'a', '-show_entries', 'packet=pts_time,pos,size', '-of', 'json', path]);
  const { packets } = JSON.parse(out.toString()) as { packets: { pts_time: string; pos: string; size: string }[] };
  const packet = packets.find((p) => Number(p.pts_time) >= seconds);
  if (!packet) throw new FixtureToolError(`make-fixtures: ${path} has no audio packet after ${seconds} s to cut in.`);
  return Number(packet.pos) + Math.floor(Number(packet.size) / 2);
}

function silence(seconds: number): Int16Array {
  return new Int16Array(Math.round(seconds * SAMPLE_RATE));
}

function whiteNoise(seconds: number, dbfs: number, seed: number): Int16Array {
  const random = mulberry32(seed);
  const rms = 10 ** (dbfs / 20) * 32767;
  const out = new Int16Array(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < out.length; i++) {
    // Box–Muller: Gaussian noise, so the RMS (not the peak) sits at the requested level.
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = Math.round(gauss * rms);
  }
  return out;
}

function randomBytes(length: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

function concatPcm(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads back a WAV written by encodeWav (walks the chunks rather than assuming a 44-byte header). */
function decodeWav(file: Buffer): Int16Array {
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'data') {
      const bytes = file.subarray(at + 8, at + 8 + size);
      return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    at += 8 + size + (size % 2);
  }
  throw new FixtureToolError('make-fixtures: speech.wav has no data chunk; delete it and run again.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = Date.now();
  const files = await makeFixtures(process.argv[2]);
  console.info(`make-fixtures: ${Object.keys(files).length} fixtures ready in ${process.argv[2] ?? '.cache/fixtures'} (${Date.now() - started} ms)`);
}
