/**
 * What a load must ask the user first: models from a host that is neither this site nor the Hugging Face hub
 * (once per host, remembered), and a first download larger than LARGE_DOWNLOAD_BYTES (with its size and a smaller
 * model to take instead). Pure; the engine waits for the answer and the components ask.
 */
import { MODELS, findModel, modelLabel } from '../models/catalogue.ts';
import type { DtypePair } from '../models/dtype.ts';
import type { ModelSource } from '../models/model-source.ts';
import { catalogueBytes, formatBytes } from '../models/storage-space.ts';

/**
 * Downloads above this are confirmed first. Whisper Small and below stay under it at every precision the plan
 * picks by default; Medium and Large v3 Turbo (0.8 to 3 GB) are over it except as q4f16.
 */
export const LARGE_DOWNLOAD_BYTES = 500_000_000;

/** A model to take instead of a large download. */
export interface SmallerModel {
  model: string;
  label: string;
  /** Its catalogue download for the same precision. */
  bytes: number;
}

export type LoadConsent =
  | {
      kind: 'host';
      /** `mirror.example` (with a port where one is given). */
      host: string;
      /** The model as the user reads it: "whisper-base from mirror.example". */
      label: string;
      message: string;
    }
  | {
      kind: 'download';
      model: string;
      label: string;
      /** What is still to download, from the catalogue's sizes. */
      bytes: number;
      smaller: SmallerModel | null;
      message: string;
    };

export interface ConsentFacts {
  /** The plan's model: a hub id, path or URL. */
  model: string;
  source: ModelSource;
  dtypes: DtypePair;
  /**
   * Bytes of the needed files stored whole, and whether that is all of them; null where the browser cannot store
   * models (no Cache API), so what is missing is unknown and no download is asked about.
   */
  stored: { bytes: number; complete: boolean } | null;
  trustedHosts: ReadonlySet<string>;
  /** downloadKey()s the user agreed to on this page; asked again after a reload only if still not stored. */
  agreedDownloads: ReadonlySet<string>;
}

export const downloadKey = (model: string, dtypes: DtypePair): string => `${model} ${dtypes.encoder} ${dtypes.decoder}`;

/** How a model is named in questions: its catalogue name, or the source's label for anything else or any mirror abroad. */
const nameOf = (model: string, source: ModelSource): string => (source.foreignHost || !findModel(model) ? source.label : modelLabel(model));

/** The largest catalogue model below `model` that speaks the same languages and downloads under the threshold. */
export function smallerModel(model: string, dtypes: DtypePair): SmallerModel | null {
  const index = MODELS.findIndex((m) => m.id === model);
  const current = MODELS[index];
  if (!current) return null;
  for (const m of MODELS.slice(index + 1)) {
    const bytes = catalogueBytes(m, dtypes);
    if (m.multilingual === current.multilingual && bytes !== null && bytes <= LARGE_DOWNLOAD_BYTES) {
      return { model: m.id, label: modelLabel(m.id), bytes };
    }
  }
  return null;
}

/** The first question this load must ask, or null when it may go ahead. */
export function consentNeeded(facts: ConsentFacts): LoadConsent | null {
  const { model, source, dtypes, stored } = facts;
  const host = source.foreignHost;
  if (host && !facts.trustedHosts.has(host)) {
    return {
      kind: 'host',
      host,
      label: source.label,
      message: `${source.label} comes from ${host}, which is neither this site nor the Hugging Face hub. Its files will be downloaded from ${host} and run on this device.`,
    };
  }
  if (!stored || stored.complete || facts.agreedDownloads.has(downloadKey(model, dtypes))) return null;
  const total = catalogueBytes(findModel(model), dtypes);
  if (total === null) return null;
  const bytes = Math.max(0, total - stored.bytes);
  if (bytes <= LARGE_DOWNLOAD_BYTES) return null;
  const label = nameOf(model, source);
  return {
    kind: 'download',
    model,
    label,
    bytes,
    smaller: smallerModel(model, dtypes),
    message: `${label} is a download of about ${formatBytes(bytes)}${stored.bytes > 0 ? ' more' : ''}, kept on this device for next time.`,
  };
}

/** The error of a load the user said no to. */
export function declinedMessage(consent: LoadConsent): string {
  return consent.kind === 'host'
    ? `${consent.label} was not loaded: models from ${consent.host} need your permission. Retry to be asked again.`
    : `${consent.label} was not downloaded (about ${formatBytes(consent.bytes)}). Retry to be asked again, or choose a smaller model.`;
}
