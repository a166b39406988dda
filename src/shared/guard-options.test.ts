import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDS, NO_GUARDS, readGuards, type GuardSetting } from './guard-options.ts';

const read = (values: Partial<Record<GuardSetting, string>>) => readGuards((name) => values[name]);

describe('readGuards', () => {
  it("gives openai/whisper's defaults for nothing, and no guards for guards=off", () => {
    expect(read({})).toEqual({ guards: DEFAULT_GUARDS, errors: [] });
    expect(read({ guards: 'off' }).guards).toEqual(NO_GUARDS);
  });

  it('reads every setting', () => {
    const { guards, errors } = read({
      temperatures: '0, 0.5,1', 'best-of': '3', 'compression-ratio-threshold': '2', 'logprob-threshold': '-0.8',
      'no-speech-threshold': '0.5', 'condition-on-previous-text': 'off',
    });
    expect(errors).toEqual([]);
    expect(guards).toEqual({ ...DEFAULT_GUARDS, temperatures: [0, 0.5, 1], bestOf: 3, compressionRatioThreshold: 2, logprobThreshold: -0.8, noSpeechThreshold: 0.5, conditionOnPreviousText: false });
  });

  it('reports what it cannot read and keeps the default for it', () => {
    const { guards, errors } = read({ 'no-speech-threshold': '2', temperatures: 'hot', guards: 'maybe' });
    expect(guards).toEqual(DEFAULT_GUARDS);
    expect(errors).toEqual([
      'Ignored guards=maybe: expected on or off.',
      'Ignored temperatures=hot: expected temperatures between 0 and 2, comma-separated (e.g. 0,0.2,0.4).',
      'Ignored no-speech-threshold=2: expected a probability from 0 to 1.',
    ]);
  });
});
