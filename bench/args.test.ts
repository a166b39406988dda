import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args.ts';

describe('parseBenchArgs', () => {
  it('has defaults for a full run', () => {
    expect(parseBenchArgs([])).toMatchObject({
      presets: ['tiny', 'base'],
      devices: ['wasm', 'webgpu'],
      dtype: null,
      sections: ['files', 'live', 'memory', 'startup', 'noise'],
      long: false,
      fileSeconds: 300,
      noiseSeconds: 60,
      memorySeconds: 600,
      port: 4183,
      model: null,
      selfTest: false,
    });
  });

  it('reads lists, dtypes and the accuracy options', () => {
    const args = parseBenchArgs(['--preset', 'tiny', '--only', 'files,startup', '--dtype', 'fp32,q4', '--model', 'onnx-community/whisper-base', '--audio', '../shared/audio']);
    expect(args).toMatchObject({ presets: ['tiny'], sections: ['files', 'startup'], dtype: { encoder: 'fp32', decoder: 'q4' }, model: 'onnx-community/whisper-base', audio: '../shared/audio' });
  });

  it('runs the non-speech section alone, on files of the length given', () => {
    expect(parseBenchArgs(['--only', 'noise', '--noise-seconds', '30'])).toMatchObject({ sections: ['noise'], noiseSeconds: 30 });
    expect(() => parseBenchArgs(['--noise-seconds=0'])).toThrow(/positive/);
  });

  it('says what is wrong with bad values', () => {
    expect(() => parseBenchArgs(['--preset', 'huge'])).toThrow(/huge is not one of/);
    expect(() => parseBenchArgs(['--dtype', 'int3'])).toThrow(/--dtype expects/);
    expect(() => parseBenchArgs(['--file-seconds=0'])).toThrow(/positive/);
    expect(() => parseBenchArgs(['--model', 'x/y'])).toThrow(/go together/);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow();
  });
});
