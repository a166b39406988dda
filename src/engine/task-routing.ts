import { findModel } from '../models/catalogue.ts';
import type { Backend, Task } from '../shared/choices.ts';

export interface Routed {
  model: string;
  /** Shown to the user when the model was switched; empty otherwise. */
  note: string;
}


/**
 * Translation needs a multilingual model trained to translate: large-v3-turbo was fine-tuned without translation
 * data and `.en` models know only English. Such a choice is switched, for the translate task only, to the nearest
 * model that can: the same size without `.en`, or for large-v3-turbo, Medium on WebGPU and Small on WASM (large-v3
 * itself is too big to be a sensible stand-in in a browser). A self-hosted copy (URL or path) of such a model is
 * switched to the sibling folder of the same name, so self-hosted setups stay self-hosted.
 */
export function routeTask(model: string, task: Task, device: Backend): Routed {
  if (task !== 'translate') return { model, note: '' };
  const trimmed = model.replace(/\/+$/, '');
  const name = trimmed.split('/').pop() ?? trimmed;
  const known = findModel(model) ?? findModel(`onnx-community/${name}`);
  if (!known || known.canTranslate) return { model, note: '' };
  const target = name.endsWith('.en')
    ? name.slice(0, -'.en'.length)
    : device === 'webgpu'
      ? 'whisper-medium'
      : 'whisper-small';
  const why = name.endsWith('.en') ? 'is English-only' : 'was trained without translation';
  const targetLabel = findModel(`onnx-community/${target}`)?.label ?? target;
  return {
    model: trimmed.slice(0, trimmed.length - name.length) + target,
    note: `Whisper ${known.label} ${why}, so Whisper ${targetLabel} translates instead.`,
  };
}
