import { describe, expect, it } from 'vitest';
import { isHubId, resolveModelSource } from './model-source.ts';

const page = 'http://localhost:4173/app/';

describe('resolveModelSource', () => {
  it('fetches hub ids from the Hugging Face hub', () => {
    expect(resolveModelSource('onnx-community/whisper-tiny', page)).toEqual({
      id: 'onnx-community/whisper-tiny',
      host: 'https://huggingface.co/',
      pathTemplate: '{model}/resolve/{revision}/',
      label: 'onnx-community/whisper-tiny',
    });
  });

  it('fetches hub ids from a self-hosted mirror when a base URL is set', () => {
    const s = resolveModelSource('onnx-community/whisper-tiny', page, 'https://models.example.org/whisper');
    expect([s.host, s.pathTemplate, s.id]).toEqual(['https://models.example.org/whisper/', '{model}/', 'onnx-community/whisper-tiny']);
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
