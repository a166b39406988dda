import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SPEAKER_MODELS } from '../../src/models/speaker-models.ts';
import { buildEmbedding, embeddingConfigs } from './embedding.ts';
import { buildSegmentation, segmentationConfigs } from './segmentation.ts';

/**
 * Writes the synthetic speaker models under `dir`, each in the folder its hub id names
 * (`dir/onnx-community/pyannote-segmentation-3.0/…`), so `dir` serves as a mirror (`?model-base-url=`) and as
 * transformers.js's `localModelPath`. Both carry `onnx/model.onnx` and `onnx/model_quantized.onnx`, as the hub does.
 * Returns the files written, relative to `dir`.
 */
export async function generateSpeakerModels(dir: string): Promise<string[]> {
  const segmentation = segmentationConfigs();
  const embedding = embeddingConfigs();
  const folders = [
    { id: SPEAKER_MODELS.segmentation.id, ...segmentation, graphs: { fp32: buildSegmentation(), q8: buildSegmentation() } },
    { id: SPEAKER_MODELS.embedding.id, ...embedding, graphs: { fp32: buildEmbedding('fp32'), q8: buildEmbedding('q8') } },
  ];
  const written: string[] = [];
  for (const { id, config, preprocessor, graphs } of folders) {
    await mkdir(join(dir, id, 'onnx'), { recursive: true });
    const files: [string, string | Uint8Array][] = [
      ['config.json', JSON.stringify(config, null, 2)],
      ['preprocessor_config.json', JSON.stringify(preprocessor, null, 2)],
      ['onnx/model.onnx', graphs.fp32.toModelBytes()],
      ['onnx/model_quantized.onnx', graphs.q8.toModelBytes()],
    ];
    for (const [name, content] of files) {
      await writeFile(join(dir, id, name), content);
      written.push(`${id}/${name}`);
    }
  }
  return written;
}
