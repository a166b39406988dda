import { describe, expect, it } from 'vitest';
import { findModel } from './catalogue.ts';
import { catalogueBytes, checkSpace, formatBytes, spaceLeft, usageText } from './storage-space.ts';

describe('storage space', () => {
  it('is quota minus usage, never negative, unknown without a quota', () => {
    expect(spaceLeft({ usage: 30, quota: 100 })).toBe(70);
    expect(spaceLeft({ usage: 130, quota: 100 })).toBe(0);
    expect(spaceLeft({ usage: 30 })).toBeNull();
  });

  it('estimates catalogue sizes, halving each side for mixed dtypes', () => {
    const base = findModel('onnx-community/whisper-base');
    expect(catalogueBytes(base, { encoder: 'q8', decoder: 'q8' })).toBe(80_000_000);
    expect(catalogueBytes(base, { encoder: 'fp16', decoder: 'q4' })).toBe(127_500_000);
    expect(catalogueBytes(undefined, { encoder: 'q8', decoder: 'q8' })).toBeNull();
  });

  it('refuses a download that does not fit, and says how much is needed and free', () => {
    const check = checkSpace('Whisper Base', 80_000_000, { usage: 990_000_000, quota: 1_000_000_000 });
    expect(check).toEqual({
      ok: false,
      message: 'Whisper Base needs 80 MB but only 10 MB is free for this site. Delete a model or free up space on this device, then try again.',
    });
    expect(checkSpace('x', 80_000_000, { usage: 0, quota: 1_000_000_000 })).toEqual({ ok: true });
    expect(checkSpace('x', null, { usage: 0, quota: 1 })).toEqual({ ok: true });
    expect(checkSpace('x', 5, {})).toEqual({ ok: true });
  });

  it('formats bytes the way storage settings do', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(12_340_000)).toBe('12.3 MB');
    expect(formatBytes(2_000_000_000)).toBe('2 GB');
    expect(formatBytes(1_620_000_000)).toBe('1.62 GB');
    expect(formatBytes(Number.NaN)).toBe('?');
    expect(usageText({ usage: 1_200_000_000, quota: 50_000_000_000 })).toBe('Using 1.2 GB of 50 GB this site may store');
  });
});
