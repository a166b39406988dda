import { describe, expect, it } from 'vitest';
import { resolveModelSource } from '../models/model-source.ts';
import { LARGE_DOWNLOAD_BYTES, consentNeeded, declinedMessage, downloadKey, smallerModel, type ConsentFacts } from './load-consent.ts';

const page = 'http://localhost:4173/';
const TURBO = 'onnx-community/whisper-large-v3-turbo';
const Q8 = { encoder: 'q8', decoder: 'q8' } as const;
const F16_Q4 = { encoder: 'fp16', decoder: 'q4' } as const;

const facts = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  model: TURBO,
  source: resolveModelSource(over.model ?? TURBO, page),
  dtypes: Q8,
  stored: { bytes: 0, complete: false },
  trustedHosts: new Set(),
  agreedDownloads: new Set(),
  ...over,
});

describe('large first downloads', () => {
  it('asks before a catalogue download over 500 MB, with its size and a smaller model', () => {
    expect(consentNeeded(facts())).toEqual({
      kind: 'download',
      model: TURBO,
      label: 'Whisper Large v3 Turbo',
      bytes: 830_000_000,
      smaller: { model: 'onnx-community/whisper-small', label: 'Whisper Small', bytes: 250_000_000 },
      message: 'Whisper Large v3 Turbo is a download of about 830 MB, kept on this device for next time.',
    });
  });

  it('does not ask for small models, stored models, agreed downloads, or sizes it does not know', () => {
    expect(consentNeeded(facts({ model: 'onnx-community/whisper-small' }))).toBeNull();
    expect(consentNeeded(facts({ stored: { bytes: 830_000_000, complete: true } }))).toBeNull();
    expect(consentNeeded(facts({ agreedDownloads: new Set([downloadKey(TURBO, Q8)]) }))).toBeNull();
    expect(consentNeeded(facts({ model: '/models/whisper-large-v3-turbo' }))).toBeNull();
    // Where nothing can be stored, the size of what is missing is unknown.
    expect(consentNeeded(facts({ stored: null }))).toBeNull();
  });

  it('asks again for another precision, and counts what is stored already', () => {
    expect(consentNeeded(facts({ agreedDownloads: new Set([downloadKey(TURBO, F16_Q4)]) }))?.kind).toBe('download');
    const rest = consentNeeded(facts({ stored: { bytes: 200_000_000, complete: false } }));
    expect(rest?.message).toBe('Whisper Large v3 Turbo is a download of about 630 MB more, kept on this device for next time.');
    expect(consentNeeded(facts({ stored: { bytes: 400_000_000, complete: false } }))).toBeNull();
  });

  it('stays under the threshold with every model it offers instead', () => {
    for (const dtypes of [Q8, F16_Q4, { encoder: 'fp32', decoder: 'q4' } as const]) {
      const smaller = smallerModel(TURBO, dtypes);
      expect(smaller?.bytes).toBeLessThanOrEqual(LARGE_DOWNLOAD_BYTES);
    }
    expect(smallerModel('onnx-community/whisper-medium.en', Q8)?.model).toBe('onnx-community/whisper-small.en');
    expect(smallerModel('onnx-community/whisper-medium', { encoder: 'fp32', decoder: 'fp32' })?.model).toBe('onnx-community/whisper-base');
    expect(smallerModel('/models/x', Q8)).toBeNull();
  });
});

describe('foreign hosts', () => {
  const mirror = resolveModelSource(TURBO, page, 'https://mirror.example/models/');

  it('asks once per host before anything else, naming the host and not the hub id', () => {
    const consent = consentNeeded(facts({ source: mirror }));
    expect(consent).toEqual({
      kind: 'host',
      host: 'mirror.example',
      label: 'whisper-large-v3-turbo from mirror.example',
      message: 'whisper-large-v3-turbo from mirror.example comes from mirror.example, which is neither this site nor the Hugging Face hub. Its files will be downloaded from mirror.example and run on this device.',
    });
    const trusted = consentNeeded(facts({ source: mirror, trustedHosts: new Set(['mirror.example']) }));
    expect([trusted?.kind, trusted?.label]).toEqual(['download', 'whisper-large-v3-turbo from mirror.example']);
  });

  it('never asks about this site or the hub', () => {
    expect(consentNeeded(facts({ model: '/m/x', source: resolveModelSource('/m/x', page) }))).toBeNull();
    expect(consentNeeded(facts({ model: 'onnx-community/whisper-base', source: resolveModelSource('onnx-community/whisper-base', page) }))).toBeNull();
  });

  it('says what a refusal means', () => {
    expect(declinedMessage(consentNeeded(facts({ source: mirror }))!)).toBe(
      'whisper-large-v3-turbo from mirror.example was not loaded: models from mirror.example need your permission. Retry to be asked again.',
    );
    expect(declinedMessage(consentNeeded(facts())!)).toBe('Whisper Large v3 Turbo was not downloaded (about 830 MB). Retry to be asked again, or choose a smaller model.');
  });
});
