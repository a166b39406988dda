import { describe, expect, it } from 'vitest';
import { isModelLocation, parseUrlOptions } from './url-options';

describe('parseUrlOptions', () => {
  it('reads every option, with or without the leading ?', () => {
    const expected = {
      model: 'onnx-community/whisper-small', device: 'webgpu', dtype: 'fp16,q4', language: 'ja', task: 'translate', errors: [],
    };
    expect(parseUrlOptions('?model=onnx-community/whisper-small&device=webgpu&dtype=fp16,q4&language=ja&task=translate')).toEqual(expected);
    expect(parseUrlOptions('model=onnx-community%2Fwhisper-small&device=webgpu&dtype=fp16%2Cq4&language=ja&task=translate')).toEqual(expected);
  });

  it('returns only errors: [] for an empty query and ignores unknown or empty parameters', () => {
    expect(parseUrlOptions('')).toEqual({ errors: [] });
    expect(parseUrlOptions('?foo=bar&model=&device=')).toEqual({ errors: [] });
  });

  it('accepts single dtypes and normalises case and spaces', () => {
    expect(parseUrlOptions('?dtype=Q8').dtype).toBe('q8');
    expect(parseUrlOptions('?dtype=fp32%20,%20q4f16').dtype).toBe('fp32,q4f16');
    expect(parseUrlOptions('?device=WASM&task=Transcribe&language=EN')).toEqual({ device: 'wasm', task: 'transcribe', language: 'en', errors: [] });
  });

  it('reads speakers=on|off and reports anything else', () => {
    expect(parseUrlOptions('?speakers=on')).toEqual({ speakers: true, errors: [] });
    expect(parseUrlOptions('?speakers=OFF')).toEqual({ speakers: false, errors: [] });
    expect(parseUrlOptions('?speakers=yes')).toEqual({ errors: ['Ignored ?speakers=yes: expected on or off.'] });
  });

  it('accepts auto and every Whisper language code', () => {
    expect(parseUrlOptions('?language=auto').language).toBe('auto');
    expect(parseUrlOptions('?language=haw').language).toBe('haw');
    expect(parseUrlOptions('?language=yue').language).toBe('yue');
  });

  it('reports invalid values, naming the parameter and allowed values, and ignores them', () => {
    const options = parseUrlOptions('?model=javascript:alert(1)&device=gpu&dtype=int8&language=xx&task=summarise');
    expect(options).toEqual({
      errors: [
        'Ignored ?model=javascript:alert(1): expected a Hugging Face model id (owner/name), an absolute http(s) URL or a path on this site starting with /.',
        'Ignored ?device=gpu: expected one of auto, webgpu, wasm.',
        'Ignored ?dtype=int8: expected one of fp32, fp16, q8, q4, q4f16, or an encoder,decoder pair such as fp16,q4.',
        expect.stringMatching(/^Ignored \?language=xx: expected auto or a Whisper language code \(en, zh, de, .*, su, yue\)\.$/),
        'Ignored ?task=summarise: expected one of transcribe, translate.',
      ],
    });
  });

  it('rejects malformed dtype pairs', () => {
    for (const bad of ['fp16,', 'fp16,q4,q8', 'fp16;q4']) {
      const options = parseUrlOptions(`?dtype=${encodeURIComponent(bad)}`);
      expect(options.dtype).toBeUndefined();
      expect(options.errors).toHaveLength(1);
    }
  });

  it('keeps valid options when others are invalid', () => {
    expect(parseUrlOptions('?device=cuda&task=translate')).toEqual({
      task: 'translate', errors: ['Ignored ?device=cuda: expected one of auto, webgpu, wasm.'],
    });
  });
});

describe('isModelLocation', () => {
  it('accepts hub ids, absolute http(s) URLs and same-origin paths', () => {
    for (const ok of [
      'onnx-community/whisper-large-v3-turbo', 'Xenova/whisper-tiny.en', 'https://example.com/models/whisper',
      'http://localhost:8080/m', '/models/whisper-tiny', './models/whisper-tiny', '../models/w',
    ]) expect(isModelLocation(ok), ok).toBe(true);
  });

  it('rejects other schemes, protocol-relative URLs and odd ids', () => {
    for (const bad of [
      'whisper-tiny', 'a/b/c', '../', 'owner/../name', 'a..b/c', '-owner/name', '//evil.example/m', 'javascript:alert(1)',
      'data:text/plain,x', 'ftp://example.com/m', 'https://', '/', '/\\evil', 'models\\whisper',
    ]) expect(isModelLocation(bad), bad).toBe(false);
  });
});

describe('?model-base-url=', () => {
  it('accepts a self-hosted mirror by URL or path', () => {
    expect(parseUrlOptions('?model-base-url=https://models.example.org/hf').modelBaseUrl).toBe('https://models.example.org/hf');
    expect(parseUrlOptions('?model-base-url=/models/').modelBaseUrl).toBe('/models/');
  });

  it('refuses other schemes with a message naming the parameter', () => {
    const options = parseUrlOptions('?model-base-url=javascript:alert(1)');
    expect(options.modelBaseUrl).toBeUndefined();
    expect(options.errors[0]).toMatch(/^Ignored \?model-base-url=/);
  });
});

describe('the decoding guards', () => {
  it('are left to the engine unless a parameter names them, and report what they cannot read', () => {
    expect(parseUrlOptions('?model=a/b').guards).toBeUndefined();
    const options = parseUrlOptions('?guards=off&best-of=zero');
    expect(options.guards).toMatchObject({ temperatures: [0], bestOf: 1 });
    expect(options.errors).toEqual(['Ignored best-of=zero: expected a whole number from 1 to 10.']);
    expect(parseUrlOptions('?no-speech-threshold=0.4').guards?.noSpeechThreshold).toBe(0.4);
  });

  it('reads the live settings as the recorder takes them, and reports values out of its ranges', () => {
    expect(parseUrlOptions('?partial-interval=500&max-utterance=12.5&partial-load=1')).toEqual({ partialInterval: 500, maxUtterance: 12.5, partialLoad: 1, errors: [] });
    expect(parseUrlOptions('?partial-interval=0&max-utterance=30&partial-load=0')).toEqual({ partialInterval: 0, maxUtterance: 30, partialLoad: 0, errors: [] });
    expect(parseUrlOptions('?partial-interval=fast&max-utterance=45&partial-load=-0.1')).toEqual({
      errors: [
        'Ignored ?partial-interval=fast: expected a number from 0 to 60000 (milliseconds between partials).',
        'Ignored ?max-utterance=45: expected a number from 1 to 30 (seconds of speech before an utterance is cut).',
        'Ignored ?partial-load=-0.1: expected a number from 0 to 1 (the share of the model’s time partials may take).',
      ],
    });
  });
});

describe('?vocabulary=', () => {
  it('reads the words to expect as one line, and refuses a list too long for the prompt', () => {
    expect(parseUrlOptions('?vocabulary=%20Ngozi,%0A%20Kubernetes%20%20kubectl ').vocabulary).toBe('Ngozi, Kubernetes kubectl');
    expect(parseUrlOptions('?vocabulary=').vocabulary).toBeUndefined();
    const long = parseUrlOptions(`?vocabulary=${'word '.repeat(100)}`);
    expect(long.vocabulary).toBeUndefined();
    expect(long.errors).toEqual(['Ignored ?vocabulary=word word word word word word word word …: expected at most 300 characters of words to expect.']);
  });
});
