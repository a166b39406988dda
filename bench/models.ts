/**
 * The synthetic Whisper models the benchmark loads, generated into .cache/bench-models (served by `vite preview`
 * at /test-models/<name>). A folder is reused while its stamp matches: same preset, the dtypes asked for, and the
 * same generator source; otherwise it is generated again (tiny: ~7 s, base: ~15 s).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WeightFormat } from '../tools/test-model/layers.ts';
import { generateTestModel } from '../tools/test-model/generate.ts';
import type { PresetName } from '../tools/test-model/spec.ts';

export const MODELS_DIR = '.cache/bench-models';
const GENERATOR_DIR = 'tools/test-model';
const STAMP = 'bench-stamp.json';

interface Stamp {
  preset: PresetName;
  dtypes: WeightFormat[];
  generator: string;
}

/** Hash of the generator's source, so a changed generator means a fresh model. */
function generatorHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(GENERATOR_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
    hash.update(file).update(readFileSync(join(GENERATOR_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export const modelName = (preset: PresetName): string => `synthetic-whisper-${preset}`;
export const modelUrlPath = (preset: PresetName): string => `/test-models/${modelName(preset)}`;

/** Generates (or reuses) the multilingual synthetic model of `preset` with at least `dtypes`; returns its folder. */
export async function ensureModel(preset: PresetName, dtypes: readonly WeightFormat[]): Promise<string> {
  const dir = resolve(MODELS_DIR, modelName(preset));
  const generator = generatorHash();
  const stampPath = join(dir, STAMP);
  const stamp = existsSync(stampPath) ? (JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp) : null;
  if (stamp && stamp.generator === generator && dtypes.every((d) => stamp.dtypes.includes(d))) return dir;
  const wanted = [...new Set([...(stamp?.generator === generator ? stamp.dtypes : []), ...dtypes])];
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  await generateTestModel(dir, { preset, multilingual: true, dtypes: wanted });
  writeFileSync(stampPath, JSON.stringify({ preset, dtypes: wanted, generator } satisfies Stamp));
  console.info(`bench: generated ${modelName(preset)} (${wanted.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
