import { describe, expect, it } from 'vitest';
import { authorHosts, isHubId, resolveModelSource } from './model-source.ts';

const page = 'http://localhost:4173/app/';

describe('resolveModelSource', () => {
  it('fetches hub ids from the Hugging Face hub, catalogue models from the export that times words', () => {
    expect(resolveModelSource('onnx-community/whisper-tiny', page)).toEqual({
      id: 'onnx-community/whisper-tiny_timestamped',
      host: 'https://huggingface.co/',
      pathTemplate: '{model}/resolve/{revision}/',
      label: 'onnx-community/whisper-tiny',
      foreignHost: null,
    });
  });

  it('fetches hub ids from a self-hosted mirror when a base URL is set', () => {
    const s = resolveModelSource('onnx-community/whisper-tiny', page, 'https://models.example.org/whisper');
    expect([s.host, s.pathTemplate, s.id]).toEqual(['https://models.example.org/whisper/', '{model}/', 'onnx-community/whisper-tiny_timestamped']);
    // A model the catalogue has no timestamped export of, or does not know, comes from its own id.
    expect(resolveModelSource('onnx-community/whisper-medium', page).id).toBe('onnx-community/whisper-medium');
    expect(resolveModelSource('KBLab/kb-whisper-small', page).id).toBe('KBLab/kb-whisper-small');
  });

  it('treats a same-origin path as the model folder', () => {
    const s = resolveModelSource('/models/synthetic-tiny/', page);
    expect([s.host, s.pathTemplate, s.id]).toEqual(['http://localhost:4173/models/', '{model}/', 'synthetic-tiny']);
  });

  it('resolves relative paths against the page', () => {
    expect(resolveModelSource('./m/tiny', page).host).toBe('http://localhost:4173/app/m/');
  });

  it('treats an absolute URL as the model folder', () => {
    const s = resolveModelSource('https://cdn.example.org/a/b/whisper-base', page);
    expect([s.host, s.id]).toEqual(['https://cdn.example.org/a/b/', 'whisper-base']);
  });
});

describe('foreign hosts', () => {
  it('names a mirror on another host with that host, never with the hub id it mirrors', () => {
    const s = resolveModelSource('onnx-community/whisper-base', page, 'https://mirror.example/models/');
    expect([s.foreignHost, s.label]).toEqual(['mirror.example', 'whisper-base from mirror.example']);
    const url = resolveModelSource('https://other.host:8443/x/', page);
    expect([url.foreignHost, url.label, url.id]).toEqual(['other.host:8443', 'x from other.host:8443', 'x']);
  });

  it('trusts this site and the Hugging Face hub', () => {
    for (const [model, base] of [
      ['onnx-community/whisper-base', undefined],
      ['onnx-community/whisper-base', '/test-models/'],
      ['onnx-community/whisper-base', 'http://localhost:4173/mirror/'],
      ['onnx-community/whisper-base', 'https://huggingface.co/'],
      ['/models/whisper-base', undefined],
      ['https://huggingface.co/onnx-community/whisper-base/resolve/main', undefined],
    ] as const) {
      const s = resolveModelSource(model, page, base);
      expect([s.foreignHost, s.label], `${model} ${base}`).toEqual([null, model]);
    }
  });

  it('counts another port or scheme of this host as another host', () => {
    expect(resolveModelSource('/m/x', page).foreignHost).toBeNull();
    expect(resolveModelSource('http://localhost:9000/m/x', page).foreignHost).toBe('localhost:9000');
    expect(resolveModelSource('http://127.0.0.1:4173/m/x', page).foreignHost).toBe('127.0.0.1:4173');
  });
});

describe('isHubId', () => {
  it('accepts owner/name with letters, digits, -, _ and .', () => {
    for (const id of ['onnx-community/whisper-tiny', 'Xenova/whisper-base.en', 'a1/b_2']) expect(isHubId(id)).toBe(true);
  });

  it('refuses leading punctuation, .. anywhere, and anything not two parts', () => {
    for (const id of ['.a/b', '_a/b', 'a/-b', 'a/b..c', 'a/..', 'a/b/c', 'a', '/a/b', './a']) expect(isHubId(id)).toBe(false);
  });

  it('makes resolveModelSource read a name with .. as a path, never as a hub id', () => {
    expect(resolveModelSource('owner/x..y', page).host).toBe('http://localhost:4173/app/owner/');
  });
});

describe('authorHosts', () => {
  it('names the foreign hosts of the URLs given, skipping hub ids, this site, the hub, blanks and non-URLs', () => {
    const page = 'https://app.example/dictate/';
    const named = ['onnx-community/whisper-base', 'https://models.example/whisper/', '/models/tiny', 'https://huggingface.co/x/y', undefined, '', 'http://[bad', 'https://mirror.example:8443/'];
    expect(authorHosts(named, page)).toEqual(['models.example', 'mirror.example:8443']);
  });
});
