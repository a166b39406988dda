/**
 * Space on the device for models: how much a model needs, how much is left, and the words for both. Pure; the
 * numbers come from `navigator.storage.estimate()` and the catalogue.
 */
import type { ModelInfo } from './catalogue.ts';
import type { DtypePair } from './dtype.ts';

/** The two fields of `StorageEstimate` this uses; either may be missing in some browsers. */
export interface StorageNumbers {
  usage?: number;
  quota?: number;
}

const MB = 1_000_000;

/** Bytes this origin may still write, or null when the browser does not say. */
export function spaceLeft(estimate: StorageNumbers): number | null {
  if (estimate.quota === undefined || !Number.isFinite(estimate.quota)) return null;
  return Math.max(0, estimate.quota - (estimate.usage ?? 0));
}

/**
 * The catalogue gives a download size with encoder and decoder in the same dtype; with two dtypes, half of each is
 * a fair guess (the decoder is about as big as the encoder in every Whisper size).
 */
export function catalogueBytes(info: Pick<ModelInfo, 'downloadMb'> | undefined, dtypes: DtypePair): number | null {
  if (!info) return null;
  return Math.round(((info.downloadMb[dtypes.encoder] + info.downloadMb[dtypes.decoder]) / 2) * MB);
}

/** 1000-based like the browser's and the OS's storage settings, so the numbers match what people see there. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits).replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${units[unit]}`;
}

export type SpaceCheck = { ok: true } | { ok: false; message: string };

/** Refuses a download that cannot fit, before a single byte is fetched; unknown numbers are let through. */
export function checkSpace(label: string, neededBytes: number | null, estimate: StorageNumbers): SpaceCheck {
  const left = spaceLeft(estimate);
  if (neededBytes === null || left === null || neededBytes <= left) return { ok: true };
  return {
    ok: false,
    message: `${label} needs ${formatBytes(neededBytes)} but only ${formatBytes(left)} is free for this site. Delete a model or free up space on this device, then try again.`,
  };
}

/** "Using 1.2 GB of 50 GB" (or only the usage when the quota is unknown). */
export function usageText(estimate: StorageNumbers): string {
  const used = formatBytes(estimate.usage ?? 0);
  return estimate.quota === undefined ? `Using ${used}` : `Using ${used} of ${formatBytes(estimate.quota)} this site may store`;
}
