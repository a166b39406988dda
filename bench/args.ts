/** The command line of `npm run bench`. */
import { parseArgs } from 'node:util';
import { DTYPES, parseDtypeChoice, type DtypePair } from '../src/models/dtype.ts';
import type { Backend } from '../src/shared/choices.ts';
import { PRESETS, type PresetName } from '../tools/test-model/spec.ts';

export const SECTIONS = ['files', 'live', 'memory', 'startup', 'noise'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  presets: PresetName[];
  devices: Backend[];
  webgpuSwiftshader: boolean;
  /** Both parts' dtypes, when given; otherwise q8 on WASM and fp16,q4 (fp32,q4 without shader-f16) on WebGPU. */
  dtype: DtypePair | null;
  sections: Section[];
  long: boolean;
  fileSeconds: number;
  /** Length of each non-speech file (noise, music, chord). */
  noiseSeconds: number;
  /** Runs of each file on each side; the medians are reported. */
  repeat: number;
  memorySeconds: number;
  liveSeconds: number;
  livePage: string;
  port: number;
  language: string;
  /** Accuracy mode. */
  model: string | null;
  audio: string | null;
  selfTest: boolean;
  numbersToWords: boolean;
  outDir: string;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]

Benchmarks the app against transformers.js's pipeline on the synthetic Whisper model (tiny/base dimensions).

  --preset tiny,base          model sizes (also: test, for a quick check)          default tiny,base
  --device wasm,webgpu        WebGPU runs only where a real GPU answers            default wasm,webgpu
  --webgpu-swiftshader        run WebGPU on SwiftShader (CPU) too
  --dtype q8 | fp32,q4        encoder[,decoder] weights    default q8 on WASM, fp16,q4 (fp32,q4) on WebGPU
  --only files,live,memory,startup,noise                                          default all
  --file-seconds N            length of the two speech files                        default 300
  --noise-seconds N           length of each non-speech file (noise, music, chord)  default 60
  --repeat N                  runs per file and side, alternating order; medians    default 1
  --live-seconds N            how long the fake microphone plays                     default 180
  --live-page PATH            page with <whisper-recorder>                            default /
  --memory-seconds N          length of the memory file                             default 600
  --long                      memory on a 2-hour file as well (slow)
  --port N                    vite preview port (the next free one if taken)         default 4183
  --language en               language of the speech
  --out DIR                   where the JSON goes                                   default bench-results

Accuracy (word error rate against a manifest of [{ file, lang, text }]):
  --model ID --audio DIR      a hub model (or /test-models/<name>) on the recordings in DIR/manifest.json
  --self-test                 the same on generated speech with the synthetic model (WER must be 0)
  --numbers-to-words          spell out digits before comparing`;

const list = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, not "${value}"`);
  return n;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], values: string[]): T[] {
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length) throw new Error(`--${name}: ${bad.join(', ')} is not one of ${allowed.join(', ')}`);
  return values as T[];
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      preset: { type: 'string', default: 'tiny,base' },
      device: { type: 'string', default: 'wasm,webgpu' },
      'webgpu-swiftshader': { type: 'boolean', default: false },
      dtype: { type: 'string' },
      only: { type: 'string', default: SECTIONS.join(',') },
      long: { type: 'boolean', default: false },
      'file-seconds': { type: 'string', default: '300' },
      'noise-seconds': { type: 'string', default: '60' },
      repeat: { type: 'string', default: '1' },
      'memory-seconds': { type: 'string', default: '600' },
      'live-seconds': { type: 'string', default: '180' },
      'live-page': { type: 'string', default: '/' },
      port: { type: 'string', default: '4183' },
      language: { type: 'string', default: 'en' },
      model: { type: 'string' },
      audio: { type: 'string' },
      'self-test': { type: 'boolean', default: false },
      'numbers-to-words': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const dtype = values.dtype === undefined ? null : parseDtypeChoice(values.dtype);
  if (dtype === undefined) throw new Error(`--dtype expects one of ${DTYPES.join(', ')} or encoder,decoder (e.g. fp32,q4), not "${values.dtype}"`);
  if ((values.model === undefined) !== (values.audio === undefined)) throw new Error('--model and --audio go together');
  return {
    presets: oneOf('preset', Object.keys(PRESETS) as PresetName[], list(values.preset)),
    devices: oneOf('device', ['wasm', 'webgpu'] as const, list(values.device)),
    webgpuSwiftshader: values['webgpu-swiftshader'],
    dtype,
    sections: oneOf('only', SECTIONS, list(values.only)),
    long: values.long,
    fileSeconds: positive('file-seconds', values['file-seconds']),
    noiseSeconds: positive('noise-seconds', values['noise-seconds']),
    repeat: Math.round(positive('repeat', values.repeat)),
    memorySeconds: positive('memory-seconds', values['memory-seconds']),
    liveSeconds: positive('live-seconds', values['live-seconds']),
    livePage: values['live-page'],
    port: positive('port', values.port),
    language: values.language,
    model: values.model ?? null,
    audio: values.audio ?? null,
    selfTest: values['self-test'],
    numbersToWords: values['numbers-to-words'],
    outDir: values.out,
    help: values.help,
  };
}
