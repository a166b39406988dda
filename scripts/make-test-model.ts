import { parseArgs } from 'node:util';
import { generateTestModel } from '../tools/test-model/generate.ts';
import { PRESETS, type PresetName } from '../tools/test-model/spec.ts';
import type { WeightFormat } from '../tools/test-model/layers.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.cache/models/synthetic-whisper-test' },
    preset: { type: 'string', default: 'test' },
    'english-only': { type: 'boolean', default: false },
    language: { type: 'string', default: 'en' },
    dtypes: { type: 'string', default: 'fp32,fp16,q8,q4' },
    'encoder-dtypes': { type: 'string' },
    'decoder-dtypes': { type: 'string' },
    timestamped: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
  },
});
const formats = (list: string) => list.split(',') as WeightFormat[];
if (!(values.preset in PRESETS)) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
const started = performance.now();
const files = await generateTestModel(values.out, {
  preset: values.preset as PresetName,
  multilingual: !values['english-only'],
  language: values.language,
  dtypes: formats(values.dtypes),
  ...(values['encoder-dtypes'] ? { encoderDtypes: formats(values['encoder-dtypes']) } : {}),
  ...(values['decoder-dtypes'] ? { decoderDtypes: formats(values['decoder-dtypes']) } : {}),
  timestamped: values.timestamped,
  seed: Number(values.seed),
});
console.info(`wrote ${files.length} files to ${values.out} in ${Math.round(performance.now() - started)} ms`);
