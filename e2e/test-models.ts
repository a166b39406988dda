import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTestModel } from '../tools/test-model/generate.ts';
import type { GenerateOptions } from '../tools/test-model/spec.ts';

export interface TestModel extends GenerateOptions {
  /** Its folder below /test-models/. */
  name: string;
  /** For a stand-in of a catalogue model: the id the app knows it by, which it fetches from the folder `name`. */
  hubId?: string;
}

/** The synthetic models the end-to-end tests load, by role. Served at /test-models/<name>. */
export const TEST_MODELS = {
  // A `_timestamped` export: its decoder also outputs the cross-attention that word timing reads.
  multilingual: { name: 'synthetic-whisper-test', preset: 'test', multilingual: true, timestamped: true, dtypes: ['fp32', 'fp16', 'q8', 'q4'] },
  // A plain export: segment times only.
  english: { name: 'synthetic-whisper-test.en', preset: 'test', multilingual: false, dtypes: ['fp32', 'q8'] },
  // Stand-ins under real hub names (the `_timestamped` exports the catalogue fetches its models from), served below
  // /test-models/ as a self-hosted mirror (?model-base-url=). They "hear" Spanish, so auto-detection has something to find.
  turbo: { hubId: 'onnx-community/whisper-large-v3-turbo', name: 'onnx-community/whisper-large-v3-turbo_timestamped', preset: 'test', multilingual: true, timestamped: true, language: 'es', dtypes: ['fp32', 'q8'] },
  small: { hubId: 'onnx-community/whisper-small', name: 'onnx-community/whisper-small_timestamped', preset: 'test', multilingual: true, timestamped: true, language: 'es', dtypes: ['fp32', 'q8'] },
  // Hears Swedish: the app then suggests the model made for Swedish.
  swedish: { name: 'synthetic-whisper-test.sv', preset: 'test', multilingual: true, language: 'sv', dtypes: ['q8'] },
  // What WASM plans by default after Whisper Base crashed the tab.
  tiny: { hubId: 'onnx-community/whisper-tiny', name: 'onnx-community/whisper-tiny_timestamped', preset: 'test', multilingual: true, timestamped: true, dtypes: ['q8'] },
} satisfies Record<string, TestModel>;

export const modelPath = (m: TestModel): string => `/test-models/${m.name}`;

export async function makeTestModels(dir: string, models: TestModel[]): Promise<void> {
  for (const m of models) {
    await rm(join(dir, m.name), { recursive: true, force: true });
    await generateTestModel(join(dir, m.name), m);
  }
}
