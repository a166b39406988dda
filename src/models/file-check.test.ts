import { describe, expect, it } from 'vitest';
import { DType, Graph } from '../../tools/test-model/onnx-graph.ts';
import { damagedFilesMessage, storedFileProblem, type StoredFile } from './file-check.ts';

/** A stored file over bytes, as the Cache API adapter gives it; `declared` is its Content-Length. */
function stored(bytes: Uint8Array | string, declared: number | null = null): StoredFile & { bytesRead: number } {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const file = {
    bytesRead: 0,
    declaredSize: declared,
    read: async (n: number) => {
      const head = body.slice(0, Math.min(n, body.length));
      file.bytesRead += head.length;
      return { bytes: head, whole: head.length === body.length };
    },
  };
  return file;
}

/** A real ModelProto, as the synthetic model generator writes them (ir_version, producer, graph, opsets). */
function onnxModel(weights = 1000): Uint8Array {
  const g = new Graph('tiny');
  const x = g.input('x', DType.float, [weights]);
  g.output(g.alias(g.op('Add', [x, g.weight('w', new Float32Array(weights), [weights])]), 'y'), DType.float);
  return g.toModelBytes();
}

describe('storedFileProblem: JSON files', () => {
  it('accepts a JSON object', async () => {
    expect(await storedFileProblem('config.json', stored('{"model_type":"whisper"}'))).toBeNull();
  });

  it('names HTML stored in place of JSON, and other non-JSON', async () => {
    expect(await storedFileProblem('config.json', stored('<!doctype html><html><body>Not found</body></html>'))).toBe('it is HTML, not JSON');
    expect(await storedFileProblem('config.json', stored('\n  <html>'))).toBe('it is HTML, not JSON');
    expect(await storedFileProblem('tokenizer.json', stored('{"model": {'))).toBe('it is not valid JSON');
    expect(await storedFileProblem('config.json', stored('[1, 2]'))).toBe('it is not a JSON object');
    expect(await storedFileProblem('config.json', stored(''))).toBe('it is empty');
  });
});

describe('storedFileProblem: sizes', () => {
  const json = `{"a":"${'x'.repeat(992)}"}`;

  it('compares a body read whole with the size it was stored with', async () => {
    expect(await storedFileProblem('config.json', stored(json.slice(0, 500), 1000))).toBe('it is cut short (500 bytes of 1 kB)');
    expect(await storedFileProblem('config.json', stored(json + json, 1000))).toBe('it is 2 kB, not the 1 kB it was stored as');
    expect(await storedFileProblem('config.json', stored(json, 1000))).toBeNull();
    expect(await storedFileProblem('config.json', stored(json))).toBeNull();
  });

  it('does not read external data, whose only check would be reading it whole', async () => {
    const data = stored(new Uint8Array(1000), 2000);
    expect(await storedFileProblem('onnx/encoder_model.onnx_data', data)).toBeNull();
    expect(data.bytesRead).toBe(0);
    expect(await storedFileProblem('onnx/encoder_model.onnx_data', stored(new Uint8Array(0), 0))).toBe('it is empty');
  });
});

describe('storedFileProblem: ONNX files', () => {
  it('accepts a whole ModelProto, reading only its first 64 kB', async () => {
    const model = onnxModel(100_000);
    expect(model[0]).toBe(0x08);
    const file = stored(model, model.length);
    expect(await storedFileProblem('onnx/encoder_model.onnx', file)).toBeNull();
    expect(file.bytesRead).toBe(64 * 1024);
    // A small model is read whole: every field is checked, to the last byte.
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(onnxModel()))).toBeNull();
  });

  it('finds a model cut short even when its stored size agrees, from the lengths in its own framing', async () => {
    const model = onnxModel(100_000);
    const half = model.slice(0, model.length >> 1);
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(half, half.length))).toBe('it is cut short (200 kB of at least 400 kB)');
    // Read whole, a small file needs no stored size; here it is cut inside the fields in front of the graph.
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(model.slice(0, 5)))).toBe('it is cut short (5 bytes of at least 46 bytes)');
    const small = onnxModel();
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(small.slice(0, 3000)))).toMatch(/^it is cut short \(3 kB of at least 4\.\d+ kB\)$/);
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(small, small.length + 10))).toMatch(/^it is cut short \(4\.\d+ kB of 4\.\d+ kB\)$/);
  });

  it('cannot tell a large model cut short without the size it was stored with', async () => {
    const half = onnxModel(100_000).slice(0, 200_000);
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(half))).toBeNull();
  });

  it('finds a file with bytes after the model', async () => {
    const model = onnxModel();
    const longer = new Uint8Array(model.length + 3);
    longer.set(model);
    longer.set([0xff, 0xff, 0xff], model.length);
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(longer))).toBe('it is not an ONNX model');
  });

  it('refuses HTML, other formats, and protobufs without a graph', async () => {
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored('<!DOCTYPE html><title>502</title>'))).toBe('it is HTML, not an ONNX model');
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored('version https://git-lfs.github.com/spec/v1\noid sha256:ab'))).toBe('it is not an ONNX model');
    // ir_version and a producer name, but no field 7.
    expect(await storedFileProblem('onnx/encoder_model.onnx', stored(Uint8Array.of(0x08, 0x08, 0x12, 0x01, 0x61)))).toBe('it is not an ONNX model');
  });
});

describe('damagedFilesMessage', () => {
  it('names the file, the model, the problem and what Retry does', () => {
    expect(damagedFilesMessage('onnx-community/whisper-base', [{ file: 'config.json', problem: 'it is HTML, not JSON' }])).toBe(
      "config.json of onnx-community/whisper-base is damaged in this browser's storage (it is HTML, not JSON); it was removed — Retry downloads it again.",
    );
  });

  it('lists several files', () => {
    const damaged = [
      { file: 'config.json', problem: 'it is HTML, not JSON' },
      { file: 'tokenizer.json', problem: 'it is empty' },
      { file: 'onnx/encoder_model.onnx', problem: 'it is not an ONNX model' },
    ];
    expect(damagedFilesMessage('/m', damaged)).toBe(
      "config.json (it is HTML, not JSON), tokenizer.json (it is empty) and onnx/encoder_model.onnx (it is not an ONNX model) of /m are damaged in this browser's storage; they were removed — Retry downloads them again.",
    );
  });
});
