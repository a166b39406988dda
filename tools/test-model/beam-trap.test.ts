import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GUARDS } from '../../src/shared/guard-options.ts';
import { beamSearch } from './beam-probe.ts';
import { ModelProbe, mean } from './model-probe.ts';
import { BEAM_TRAP, FIXTURE_FILES, PASSAGE, PHRASES } from './spec.ts';
import { audio, openSession, prepare, sessionOptions, sidecar } from './test-setup.ts';

// The beam-search trap (issue 17.2): under a faint 3.5 kHz pilot, greedy decoding takes a likelier first word whose
// continuation is unsure, and nothing in the text tells the fallback rules; a beam search finds the better sentence.
const MODELS = '.cache/models-beam-trap';

let probe: ModelProbe;

beforeAll(async () => {
  await prepare(MODELS, { multilingual: { preset: 'test', multilingual: true } });
  probe = await ModelProbe.load('multilingual', true);
}, 120_000);

describe('greedy decoding falls in', () => {
  it('says the wrong word, confidently enough on average, in transformers.js', async () => {
    const trap = audio(FIXTURE_FILES.beamTrap);
    for (const timestamps of [true, false]) {
      const out = await probe.generate(trap, { timestamps });
      expect(out.text, `timestamps ${timestamps}`).toBe(BEAM_TRAP.greedy);
      const lps = await probe.logProbs(trap, { timestamps }, out.tokens);
      expect(mean(lps)).toBeGreaterThan(-0.5);
      const wrong = out.tokens.indexOf(probe.tokenizer.encode(BEAM_TRAP.wrongWord, { add_special_tokens: false })[0]!);
      expect(Math.exp(lps[wrong]!)).toBeCloseTo(1 / (1 + Math.exp(-BEAM_TRAP.wrongLead)), 2);
      expect(Math.exp(lps[wrong + 1]!)).toBeLessThan(0.15);
    }
    const { speechStartSeconds, speechEndSeconds } = sidecar<{ speechStartSeconds: number; speechEndSeconds: number }>('beam-trap.json');
    const segment = (await probe.generate(trap)).segments[0]!;
    expect(Math.abs(segment.start - speechStartSeconds)).toBeLessThan(0.1);
    expect(Math.abs(segment.end! - speechEndSeconds)).toBeLessThan(0.1);
  });

  it("passes the product's fallback rules: no fallback, the wrong text kept", async () => {
    const session = await openSession('multilingual');
    const result = await session.transcribe(1, audio(FIXTURE_FILES.beamTrap), sessionOptions());
    expect(result.text).toBe(BEAM_TRAP.greedy);
    expect(result.fallbacks).toBe(0);
    expect(result.stats.avgLogprob).toBeGreaterThan(DEFAULT_GUARDS.logprobThreshold);
    expect(result.stats.compressionRatio).toBeLessThan(DEFAULT_GUARDS.compressionRatioThreshold);
  });

  it('only with the pilot: the same speech without it, or with the other pilots, never says the wrong word', async () => {
    for (const name of ['speech.wav', 'low-confidence.wav']) expect((await probe.generate(audio(name))).text, name).toBe(PHRASES.transcribe);
    expect((await probe.generate(audio('repeat-trigger.wav'), { maxNewTokens: 40 })).text).not.toContain(BEAM_TRAP.wrongWord + ' ');
  });
});

describe('a beam search of 5 gets out', () => {
  it('ranks the right sentence first, by log-probability per token, with the KV cache reordered', async () => {
    const trap = audio(FIXTURE_FILES.beamTrap);
    for (const timestamps of [false, true]) {
      const prompt = probe.promptTokens({ timestamps });
      const beams = await beamSearch(probe.model, await probe.features(trap), prompt, { beams: 5, eot: probe.layout.eot, maxNewTokens: 40 });
      expect(probe.decode(beams[0]!.tokens.filter((t) => t < probe.layout.eot)), `timestamps ${timestamps}`).toBe(BEAM_TRAP.beam);
      const greedy = beams.find((b) => probe.decode(b.tokens.filter((t) => t < probe.layout.eot)) === BEAM_TRAP.greedy);
      expect(greedy, 'the greedy path is among the finished beams').toBeDefined();
      expect(beams[0]!.sum).toBeGreaterThan(greedy!.sum + 1);
    }
  });

  it("is what the product's decoding loop does with guards.beamSize 5, for the first temperature only", async () => {
    const session = await openSession('multilingual');
    const beam = { ...DEFAULT_GUARDS, beamSize: 5 };
    for (const timestamps of [true, false]) {
      const result = await session.transcribe(1, audio(FIXTURE_FILES.beamTrap), sessionOptions({ timestamps, guards: beam }));
      expect(result.text, `timestamps ${timestamps}`).toBe(BEAM_TRAP.beam);
      expect(result.fallbacks).toBe(0);
      expect(result.stats.temperature).toBe(0);
    }
    // A beam of 1 is greedy decoding again, trap and all.
    expect((await session.transcribe(2, audio(FIXTURE_FILES.beamTrap), sessionOptions({ guards: { ...beam, beamSize: 1 } }))).text).toBe(BEAM_TRAP.greedy);
    expect((await session.transcribe(3, audio('speech.wav'), sessionOptions({ guards: beam }))).text).toBe(PASSAGE[0]);
  });

  it('changes nothing where there is no trap', async () => {
    const beams = await beamSearch(probe.model, await probe.features(audio('speech.wav')), probe.promptTokens({ timestamps: false }), { beams: 5, eot: probe.layout.eot, maxNewTokens: 40 });
    expect(probe.decode(beams[0]!.tokens.filter((t) => t < probe.layout.eot))).toBe(PASSAGE[0]);
  });
});
