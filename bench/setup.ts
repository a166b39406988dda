/** What every measurement section is given: the served site, and one model × device combination to run. */
import type { Dtype } from '../src/models/dtype.ts';
import type { Backend } from '../src/shared/choices.ts';
import type { PresetName } from '../tools/test-model/spec.ts';
import type { AppParams } from './app-driver.ts';
import type { ReferenceLoadRequest } from './pages/reference-api.ts';
import type { Site } from './site.ts';

export interface RunSetup {
  site: Site;
  /** Label for tables: the preset, or the hub id in accuracy mode. */
  model: string;
  preset: PresetName | null;
  /** ?model= value: /test-models/<name> or a hub id. */
  modelPath: string;
  device: Backend;
  encoderDtype: Dtype;
  decoderDtype: Dtype;
  /** Extra Chromium flags for this device (WebGPU ones). */
  browserArgs: string[];
  language: string;
}

export const label = (s: RunSetup): string => `${s.model} ${s.device} ${s.encoderDtype === s.decoderDtype ? s.encoderDtype : `${s.encoderDtype}/${s.decoderDtype}`}`;

export function appParams(s: RunSetup): AppParams {
  return { model: s.modelPath, device: s.device, dtype: s.encoderDtype === s.decoderDtype ? s.encoderDtype : `${s.encoderDtype},${s.decoderDtype}`, language: s.language };
}

export function referenceRequest(s: RunSetup): ReferenceLoadRequest {
  return { model: s.modelPath, device: s.device, encoderDtype: s.encoderDtype, decoderDtype: s.decoderDtype, ortWasmUrl: `${s.site.origin}${s.site.ortWasmPath}` };
}

/** Generous: a slow machine may take several times real time, plus loading. */
export const timeoutFor = (audioSeconds: number): number => (300 + audioSeconds * 6) * 1000;
