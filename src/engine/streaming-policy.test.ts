import { describe, expect, it } from 'vitest';
import { StreamingPolicy, type Hypothesis, type PolicyAction } from './streaming-policy.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

const s = (seconds: number): number => Math.round(seconds * SAMPLE_RATE);
/** A hypothesis from [text, start, end] triples, times in seconds from the transcribed audio's start. */
const hyp = (...words: [string, number, number][]): Hypothesis => ({ words: words.map(([text, start, end]) => ({ text, start, end })) });
/** Words spread evenly over the first `seconds` of the audio: for tests where timing is not the point. */
const said = (text: string, seconds = 1): Hypothesis => {
  const parts = text.split(' ');
  return hyp(...parts.map((t, i): [string, number, number] => [` ${t}`, (i * seconds) / parts.length, ((i + 1) * seconds) / parts.length]));
};
const partial = (fromSample: number, toSample: number, prompt = ''): PolicyAction => ({ type: 'transcribe', kind: 'partial', fromSample, toSample, prompt });
const final = (fromSample: number, toSample: number, prompt = ''): PolicyAction => ({ type: 'transcribe', kind: 'final', fromSample, toSample, prompt });

describe('StreamingPolicy cadence', () => {
  it('runs one transcription at a time, partials at most every interval from the last one\'s start, each on new audio', () => {
    const policy = new StreamingPolicy({ maxPartialLoad: 1 });
    policy.speechStart(1, 0, s(0.3)); // 300 ms of pre-roll before the first speech frame
    expect(policy.audio(s(0.4), 100)).toEqual([]); // 100 ms of speech: the pre-roll alone would give nothing
    expect(policy.audio(s(0.55), 250)).toEqual([partial(0, s(0.55))]);
    expect(policy.audio(s(0.7), 400)).toEqual([]); // busy
    expect(policy.result(said('Hello'), 450)).toEqual([{ type: 'partial', utteranceId: 1, text: 'Hello' }]);
    expect(policy.audio(s(0.9), 600)).toEqual([]); // 350 ms since the last partial started
    expect(policy.audio(s(0.95), 650)).toEqual([partial(0, s(0.95))]);
    expect(policy.result(said('Hello world,'), 1000)).toEqual([{ type: 'partial', utteranceId: 1, text: 'Hello world,' }]);
    expect(policy.audio(s(1.1), 1050)).toEqual([]); // 400 ms since the start, but only 150 ms of new audio
    expect(policy.audio(s(1.2), 1150)).toEqual([partial(0, s(1.2))]);
    // A pass longer than the interval: the next starts as soon as it ends.
    expect(policy.audio(s(1.7), 1700)).toEqual([]);
    expect(policy.result(said('Hello world, how'), 1750)).toEqual([{ type: 'partial', utteranceId: 1, text: 'Hello world, how' }, partial(0, s(1.7))]);
    expect(policy.result(hyp(), 1800)).toEqual([{ type: 'partial', utteranceId: 1, text: '' }]);
    expect(policy.result(said('stray'), 1900)).toEqual([]); // nothing was asked
  });

  it('runs partials only while the model would be busy at most half of the last 10 s', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(0.3), 300)).toEqual([partial(0, s(0.3))]);
    expect(policy.result(said('One'), 2300)).toMatchObject([{ type: 'partial' }]); // a 2 s pass
    expect(policy.audio(s(2.6), 2600)).toEqual([partial(0, s(2.6))]); // 2 s + another 2 s of the last 10 s: fine
    expect(policy.result(said('One two'), 4600)).toMatchObject([{ type: 'partial' }]);
    expect(policy.audio(s(5), 5000)).toEqual([]); // 4 s + 2 s would be more than half
    expect(policy.audio(s(11.2), 11_200)).toEqual([]); // 1.1 s of the first pass is still inside the window
    expect(policy.audio(s(11.3), 11_300)).toEqual([partial(0, s(11.3))]); // 1 + 2 + 2 ≤ 5
    expect(policy.result(said('One two three'), 11_400)).toMatchObject([{ type: 'partial' }]); // a 100 ms pass
    expect(policy.audio(s(11.7), 11_700)).toEqual([partial(0, s(11.7))]); // short passes cost little
  });

  it('runs the pass at a pause, and the final, whatever the load', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(0.3), 300)).toEqual([partial(0, s(0.3))]);
    expect(policy.result(said('One'), 3300)).toMatchObject([{ type: 'partial' }]); // a 3 s pass
    expect(policy.audio(s(3.6), 3600)).toEqual([]); // 3 + 3 > 5
    // A 3 s pass is worth a guess that speech ended after 150 ms of quiet (5 %), not after 100.
    expect(policy.speechPause(s(3.5), 3600)).toEqual([]);
    expect(policy.audio(s(3.65), 3650)).toEqual([partial(0, s(3.65))]);
    expect(policy.speechResume(4000)).toEqual([]);
    expect(policy.result(said('One two'), 6600)).toMatchObject([{ type: 'partial' }]);
    expect(policy.speechEnd(s(7), 7000)).toEqual([final(0, s(7))]);
  });

  it('shows partials before the final, drops a partial that lands after the end, and runs the final at once', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(3, s(2));
    expect(policy.audio(s(3), 1000)).toEqual([partial(s(2), s(3))]);
    expect(policy.result(said('Good'), 1400)).toEqual([{ type: 'partial', utteranceId: 3, text: 'Good' }]);
    expect(policy.audio(s(3.5), 1800)).toEqual([partial(s(2), s(3.5))]);
    expect(policy.speechEnd(s(3.7), 2000)).toEqual([{ type: 'cancel' }]); // the partial in flight stops short of the end
    expect(policy.result(said('Good morning'), 2200)).toEqual([final(s(2), s(3.7))]); // it finished anyway: dropped
    expect(policy.result(said('Good morning, everyone.'), 2600)).toEqual([
      { type: 'final', utteranceId: 3, text: 'Good morning, everyone.', startSample: s(2), endSample: s(3.7), revision: 0 }, { type: 'end', utteranceId: 3 },
    ]);
    expect(policy.audio(s(4), 3000)).toEqual([]);
    expect(policy.speechEnd(s(4), 3000)).toEqual([]);
  });

  it('finishes the previous utterance first when speech resumes, and carries its text as the prompt', () => {
    const policy = new StreamingPolicy({ maxPartialLoad: 1 });
    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(1), 1000)).toEqual([final(0, s(1))]);
    policy.speechStart(2, s(1.5));
    expect(policy.audio(s(2), 2000)).toEqual([]);
    expect(policy.result(said('First one.'), 2100)).toEqual([
      { type: 'final', utteranceId: 1, text: 'First one.', startSample: 0, endSample: s(1), revision: 0 }, { type: 'end', utteranceId: 1 },
      partial(s(1.5), s(2), 'First one.'),
    ]);
  });

  it('ends an utterance that never got its end when the next one starts', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(1), 1000)).toEqual([partial(0, s(1))]);
    policy.speechStart(2, s(1.5));
    // That partial heard all of its audio, so it is the final.
    expect(policy.result(said('one'), 1200)).toEqual([{ type: 'final', utteranceId: 1, text: 'one', startSample: 0, endSample: s(1), revision: 0 }, { type: 'end', utteranceId: 1 }]);
  });

  it('keeps the last 200 characters of the context as the prompt, from a whole word', () => {
    const policy = new StreamingPolicy({ promptChars: 200 });
    const last200 = `a${Array.from({ length: 50 }, (_, i) => `n${i + 10}`).join(' ')}`;
    expect(last200).toHaveLength(200);
    policy.speechStart(1, 0);
    policy.speechEnd(s(1), 1000);
    policy.result(said(`first ${last200}`), 1500);
    policy.speechStart(2, s(2));
    expect(policy.speechEnd(s(3), 3000)).toEqual([final(s(2), s(3), last200)]);
    expect(policy.result(said('x'), 3500)).toMatchObject([{ type: 'final', text: 'x' }, { type: 'end' }]);
    policy.speechStart(3, s(4));
    expect(policy.speechEnd(s(5), 5000)).toEqual([final(s(4), s(5), `${last200.slice(5)} x`)]);
  });

  it('drops everything for a misfire', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(0.5), 500)).toEqual([partial(0, s(0.5))]);
    policy.discard(1);
    expect(policy.result(said('Hm'), 700)).toEqual([]);
    expect(policy.speechEnd(s(0.8), 800)).toEqual([]);
  });
});

describe('StreamingPolicy at pauses', () => {
  it('cancels a partial that stops short of the pause, hears everything at once, and makes that the final', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(1), 1000)).toEqual([partial(0, s(1))]);
    expect(policy.audio(s(1.6), 1600)).toEqual([]);
    expect(policy.speechPause(s(1.5), 1600)).toEqual([{ type: 'cancel' }]);
    // The cancelled partial answers; the next runs at once, without waiting out the interval, and hears the pause.
    expect(policy.failed(1650)).toEqual([partial(0, s(1.6))]);
    expect(policy.audio(s(1.8), 1800)).toEqual([]);
    // That pass heard everything up to the pause: it is the final, before the quiet that confirms the end.
    expect(policy.result(said('Over here.'), 2000)).toEqual([{ type: 'final', utteranceId: 1, text: 'Over here.', startSample: 0, endSample: s(1.5), revision: 0 }]);
    // Nothing more to hear while silent; the end only retires the utterance.
    expect(policy.audio(s(2.1), 2100)).toEqual([]);
    expect(policy.speechEnd(s(1.65), 2100)).toEqual([{ type: 'end', utteranceId: 1 }]);
  });

  it('keeps a partial that already covers the pause, and makes it the final when it lands after the end', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(1.55), 1000)).toEqual([partial(0, s(1.55))]);
    expect(policy.speechPause(s(1.5), 1100)).toEqual([]);
    expect(policy.speechEnd(s(1.65), 1700)).toEqual([]);
    expect(policy.result(said('Just so.'), 2000)).toEqual([{ type: 'final', utteranceId: 1, text: 'Just so.', startSample: 0, endSample: s(1.65), revision: 0 }, { type: 'end', utteranceId: 1 }]);
  });

  it('makes the last partial the final at once when it already heard up to the pause', () => {
    const policy = new StreamingPolicy({ maxPartialLoad: 1 });
    policy.speechStart(1, 0);
    expect(policy.audio(s(1.6), 1000)).toEqual([partial(0, s(1.6))]);
    // It ran after the last word but before the quiet was long enough to make a pause.
    expect(policy.result(said('All done.'), 1100)).toEqual([{ type: 'partial', utteranceId: 1, text: 'All done.' }]);
    expect(policy.speechPause(s(1.5), 1200)).toEqual([{ type: 'final', utteranceId: 1, text: 'All done.', startSample: 0, endSample: s(1.5), revision: 0 }]);
    expect(policy.audio(s(1.8), 1300)).toEqual([]); // no pass, and the final is not said twice
    expect(policy.speechEnd(s(1.65), 1800)).toEqual([{ type: 'end', utteranceId: 1 }]);
  });

  it('waits for more quiet before guessing that speech ended where a pass costs more, 300 ms at most', () => {
    for (const [passMs, waitMs] of [[200, 64], [2000, 100], [5000, 250], [20_000, 300]] as const) {
      const policy = new StreamingPolicy({ maxPartialLoad: 1, minPartialIntervalMs: 100_000 });
      policy.speechStart(1, 0);
      expect(policy.audio(s(0.4), 400)).toEqual([partial(0, s(0.4))]);
      expect(policy.result(said('One'), 400 + passMs)).toMatchObject([{ type: 'partial' }]);
      expect(policy.audio(s(1.5), 1500 + passMs)).toEqual([]);
      // The VAD says "pause" after 64 ms of quiet: the voice stopped at 1.436 s.
      const pause = policy.speechPause(s(1.436), 1500 + passMs);
      expect(pause.some((a) => a.type === 'transcribe'), `${passMs} ms pass, at the pause`).toBe(waitMs === 64);
      if (waitMs === 64) continue;
      const at = (ms: number) => policy.audio(s(1.436 + ms / 1000), 1436 + passMs + ms);
      expect(at(waitMs - 10), `${passMs} ms pass, too soon`).toEqual([]);
      expect(at(waitMs), `${passMs} ms pass`).toEqual([partial(0, s(1.436 + waitMs / 1000))]);
    }
  });

  it('treats the pass started at a pause as a partial when speech resumes', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.speechPause(s(0.8), 900)).toEqual([]);
    expect(policy.audio(s(0.9), 900)).toEqual([partial(0, s(0.9))]);
    expect(policy.speechResume(1000)).toEqual([]);
    expect(policy.result(said('Well'), 1200)).toEqual([{ type: 'partial', utteranceId: 1, text: 'Well' }]);
    expect(policy.audio(s(1.4), 1500)).toEqual([partial(0, s(1.4))]);
    expect(policy.result(said('Well then'), 1700)).toEqual([{ type: 'partial', utteranceId: 1, text: 'Well then' }]);
    expect(policy.speechEnd(s(1.6), 1800)).toEqual([final(0, s(1.6))]);
  });
});

describe('StreamingPolicy revisions', () => {
  it('gives the final at the pause and revises it when the speaker goes on, re-hearing without its own text as prompt', () => {
    const policy = new StreamingPolicy({ maxPartialLoad: 1 });
    policy.speechStart(1, 0);
    policy.speechEnd(s(1), 1000);
    expect(policy.result(said('Before.'), 1200)).toMatchObject([{ type: 'final', utteranceId: 1 }, { type: 'end', utteranceId: 1 }]);
    policy.speechStart(2, s(2));
    expect(policy.audio(s(2.9), 2900)).toEqual([partial(s(2), s(2.9), 'Before.')]);
    expect(policy.speechPause(s(2.9), 3000)).toEqual([]); // the pass in flight already hears up to the pause
    expect(policy.result(said('Hello there.'), 3200)).toEqual([{ type: 'final', utteranceId: 2, text: 'Hello there.', startSample: s(2), endSample: s(2.9), revision: 0 }]);
    // The speaker goes on: the next pass re-hears the whole utterance with only the earlier text as prompt.
    expect(policy.speechResume(3300)).toEqual([]);
    expect(policy.audio(s(3.6), 3600)).toEqual([partial(s(2), s(3.6), 'Before.')]);
    expect(policy.result(said('Hello there, how'), 3800)).toEqual([{ type: 'partial', utteranceId: 2, text: 'Hello there, how' }]);
    expect(policy.speechEnd(s(4), 4000)).toEqual([final(s(2), s(4), 'Before.')]);
    expect(policy.result(said('Hello there, how are you?'), 4300)).toEqual([
      { type: 'final', utteranceId: 2, text: 'Hello there, how are you?', startSample: s(2), endSample: s(4), revision: 1 },
      { type: 'end', utteranceId: 2 },
    ]);
    // The next utterance's prompt has the revised text, once.
    policy.speechStart(3, s(5));
    expect(policy.speechEnd(s(6), 6000)).toEqual([final(s(5), s(6), 'Before. Hello there, how are you?')]);
  });

  it('does not repeat a final whose text did not change, and takes one back when the VAD calls it a misfire', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    policy.audio(s(0.3), 300);
    policy.speechPause(s(0.3), 300);
    expect(policy.result(said('Hm.'), 400)).toMatchObject([{ type: 'final', text: 'Hm.', revision: 0 }]);
    expect(policy.discard(1)).toEqual([{ type: 'final', utteranceId: 1, text: '', startSample: 0, endSample: s(0.3), revision: 1 }, { type: 'end', utteranceId: 1 }]);

    policy.speechStart(2, s(1));
    policy.audio(s(2), 2000);
    policy.speechPause(s(1.9), 2000);
    policy.result(said('Yes.'), 2100);
    expect(policy.speechEnd(s(2.2), 2700)).toEqual([{ type: 'end', utteranceId: 2 }]);
  });
});

describe('StreamingPolicy behind a slow model', () => {
  it('hears the utterances that ended during a pass in one pass, and gives each its own words and final', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(2), 2000)).toEqual([final(0, s(2))]);
    // While that runs (5 s: slower than the speaker), two more utterances start and end.
    policy.speechStart(2, s(3));
    policy.speechEnd(s(4.5), 4500);
    policy.speechStart(3, s(5));
    policy.speechEnd(s(6.5), 6500);
    policy.speechStart(4, s(6.8)); // still speaking: not in the next pass
    expect(policy.result(said('First.', 2), 7000)).toEqual([
      { type: 'final', utteranceId: 1, text: 'First.', startSample: 0, endSample: s(2), revision: 0 }, { type: 'end', utteranceId: 1 },
      final(s(3), s(6.5), 'First.'),
    ]);
    // Times are from s(3): "Second" is in 2's audio, "one." ends just inside it, "Third" is in 3's.
    const both = hyp([' Second', 0.2, 0.8], [' one.', 0.9, 1.45], [' Third', 2.1, 2.6], [' one.', 2.7, 3.3]);
    expect(policy.result(both, 12_000)).toEqual([
      { type: 'final', utteranceId: 2, text: 'Second one.', startSample: s(3), endSample: s(4.5), revision: 0 }, { type: 'end', utteranceId: 2 },
      { type: 'final', utteranceId: 3, text: 'Third one.', startSample: s(5), endSample: s(6.5), revision: 0 }, { type: 'end', utteranceId: 3 },
    ]);
    expect(policy.speechEnd(s(8), 12_100)).toEqual([final(s(6.8), s(8), 'First. Second one. Third one.')]);
  });

  it('only gathers what fits in one window', () => {
    const policy = new StreamingPolicy({ maxWindowSeconds: 4 });
    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(1), 1000)).toEqual([final(0, s(1))]);
    policy.speechStart(2, s(1.5));
    policy.speechEnd(s(3), 3000);
    policy.speechStart(3, s(3.5));
    policy.speechEnd(s(5.8), 5800); // 5.8 - 1.5 > 4
    expect(policy.result(said('A.'), 6000)).toMatchObject([{ type: 'final', utteranceId: 1 }, { type: 'end', utteranceId: 1 }, final(s(1.5), s(3), 'A.')]);
  });
});

describe('StreamingPolicy failures', () => {
  it('retries a failed partial at the usual cadence', () => {
    const policy = new StreamingPolicy({ maxPartialLoad: 1 });
    policy.speechStart(1, 0);
    expect(policy.audio(s(1), 1000)).toEqual([partial(0, s(1))]);
    expect(policy.failed(1200)).toEqual([]);
    expect(policy.audio(s(1.3), 1300)).toEqual([]);
    expect(policy.audio(s(1.4), 1400)).toEqual([partial(0, s(1.4))]);
  });

  it('still runs the final when the partial before it failed', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    expect(policy.audio(s(1), 1000)).toEqual([partial(0, s(1))]);
    expect(policy.speechEnd(s(1.2), 1100)).toEqual([{ type: 'cancel' }]);
    expect(policy.failed(1500)).toEqual([final(0, s(1.2))]);
    expect(policy.result(said('Still here.'), 1900)).toEqual([
      { type: 'final', utteranceId: 1, text: 'Still here.', startSample: 0, endSample: s(1.2), revision: 0 }, { type: 'end', utteranceId: 1 },
    ]);
  });

  it('ends with the latest partial when the final fails, once, and with nothing when nothing was heard', () => {
    const policy = new StreamingPolicy();
    policy.speechStart(1, 0);
    policy.audio(s(1), 1000);
    policy.result(said('Almost there'), 1200);
    expect(policy.speechEnd(s(1.4), 1400)).toEqual([final(0, s(1.4))]);
    expect(policy.failed(1800)).toEqual([{ type: 'final', utteranceId: 1, text: 'Almost there', startSample: 0, endSample: s(1.4), revision: 0 }, { type: 'end', utteranceId: 1 }]);
    expect(policy.failed(1900)).toEqual([]);

    policy.speechStart(2, s(2));
    expect(policy.speechEnd(s(3), 3000)).toEqual([final(s(2), s(3), 'Almost there')]);
    // Nothing heard: no final, but the utterance ends.
    expect(policy.failed(3500)).toEqual([{ type: 'end', utteranceId: 2 }]);
    expect(policy.audio(s(4), 4000)).toEqual([]);
  });
});

describe('StreamingPolicy guards', () => {
  const partialText = (policy: StreamingPolicy, h: Hypothesis): string => {
    policy.speechStart(1, 0);
    policy.audio(s(5), 1000);
    const action = policy.result(h, 2000)[0];
    policy.reset();
    return action?.type === 'partial' ? action.text : `no partial: ${JSON.stringify(action)}`;
  };

  it('cuts a word or phrase repeated four times or more to one', () => {
    const policy = new StreamingPolicy();
    expect(partialText(policy, said('I I I I I think so', 3))).toBe('I think so');
    expect(partialText(policy, said('go to the go to the go to the go to the store', 3))).toBe('go to the store');
    expect(partialText(policy, said('it was a b c d a b c d a b c d a b c d end', 3))).toBe('it was a b c d end');
    expect(partialText(policy, said('Na, na, na, na, na, na, na, na, hey', 3))).toBe('Na, hey');
    expect(partialText(policy, said('no no no I said no', 3))).toBe('no no no I said no');
  });

  it('treats a lone silence hallucination as nothing, and ends its utterance without a final', () => {
    const policy = new StreamingPolicy();
    expect(partialText(policy, said('Thank you.'))).toBe('');
    expect(partialText(policy, said('Thank you. Thank you. Thank you. Thank you.'))).toBe('');
    expect(partialText(policy, hyp(['[BLANK_AUDIO]', 0, 1]))).toBe('');
    expect(partialText(policy, said('Subtitles by the Amara.org community'))).toBe('');
    expect(partialText(policy, said('Thank you, Anna.'))).toBe('Thank you, Anna.');

    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(1), 1000)).toEqual([final(0, s(1))]);
    policy.speechStart(2, s(2));
    expect(policy.result(said('Thanks for watching!'), 1500)).toEqual([{ type: 'end', utteranceId: 1 }]);
    // Utterance 1 is done and gave no context.
    expect(policy.speechEnd(s(3), 3000)).toEqual([final(s(2), s(3))]);
  });
});

describe('StreamingPolicy window limit', () => {
  it('force-commits up to the last complete word when hypotheses never agree, and lets wordless audio go', () => {
    const policy = new StreamingPolicy({ maxWindowSeconds: 4 });
    policy.speechStart(1, 0);
    expect(policy.audio(s(1), 1000)).toEqual([partial(0, s(1))]);
    expect(policy.result(hyp(['a', 0.1, 0.4], ['b', 0.5, 0.9]), 1200)).toMatchObject([{ type: 'partial', text: 'a b' }]);
    expect(policy.audio(s(3), 3000)).toEqual([partial(0, s(3))]);
    const second = hyp(['eh', 0.1, 0.4], ['bee', 0.5, 0.9], ['sea', 1.2, 2], ['dee', 2.5, 2.9]);
    expect(policy.result(second, 3200)).toMatchObject([{ type: 'partial', text: 'eh bee sea dee' }]);
    // 5 s of uncommitted audio would not fit: "dee" ends within 1 s of what that hypothesis heard, so it may be cut off.
    expect(policy.audio(s(5), 5000)).toEqual([
      { type: 'commit', utteranceId: 1, text: 'eh bee sea', startSample: 0, endSample: s(2) },
      partial(s(2), s(5), 'eh bee sea'),
    ]);
    expect(policy.result(hyp(), 5500)).toEqual([{ type: 'partial', utteranceId: 1, text: 'eh bee sea' }]);
    // 2–5 s held no words: let go up to 1 s before its end, without a commit.
    expect(policy.audio(s(8), 8000)).toEqual([partial(s(4), s(8), 'eh bee sea')]);
    expect(policy.result(hyp(['eff', 1, 1.5]), 8500)).toMatchObject([{ type: 'partial', text: 'eh bee sea eff' }]);
    // 4.5 s still uncommitted at the end: "eff" is complete; the silence after it, up to 1 s before the end of what
    // was heard, goes with it.
    expect(policy.speechEnd(s(8.5), 8600)).toEqual([
      { type: 'commit', utteranceId: 1, text: 'eff', startSample: s(2), endSample: s(5.5) },
      final(s(7), s(8.5), 'eh bee sea eff'),
    ]);
    expect(policy.result(hyp(['gee.', 0.5, 1.4]), 9000)).toEqual([
      { type: 'final', utteranceId: 1, text: 'eh bee sea eff gee.', startSample: s(5.5), endSample: s(8.5), revision: 0 }, { type: 'end', utteranceId: 1 },
    ]);
  });

  it('runs a final longer than the window in pieces, committing each', () => {
    const policy = new StreamingPolicy({ maxWindowSeconds: 4 });
    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(10), 100)).toEqual([final(0, s(4))]);
    expect(policy.result(hyp(['a', 0, 1], ['b', 1.5, 2.5], ['c', 3.5, 4]), 500)).toEqual([
      { type: 'commit', utteranceId: 1, text: 'a b', startSample: 0, endSample: s(2.5) },
      final(s(3), s(7), 'a b'), // "c" touches the piece's end: heard again, from a little before it
    ]);
    expect(policy.result(hyp(['c', 0.5, 1], ['d.', 2, 3]), 900)).toEqual([
      { type: 'commit', utteranceId: 1, text: 'c d.', startSample: s(2.5), endSample: s(6) },
      final(s(6), s(10), 'a b c d.'),
    ]);
    expect(policy.result(hyp(['E', 1, 2]), 1300)).toEqual([
      { type: 'final', utteranceId: 1, text: 'a b c d. E', startSample: s(6), endSample: s(10), revision: 0 }, { type: 'end', utteranceId: 1 },
    ]);
  });

  it('does not stall on a word that fills the whole window', () => {
    const policy = new StreamingPolicy({ maxWindowSeconds: 4 });
    policy.speechStart(1, 0);
    expect(policy.speechEnd(s(10), 100)).toEqual([final(0, s(4))]);
    expect(policy.result(hyp(['Mmmmmm', 0, 4]), 500)).toEqual([
      { type: 'commit', utteranceId: 1, text: 'Mmmmmm', startSample: 0, endSample: s(4) },
      final(s(4), s(8), 'Mmmmmm'),
    ]);
  });
});

describe('StreamingPolicy on a long utterance', () => {
  type Transcribe = Extract<PolicyAction, { type: 'transcribe' }>;
  /** 140 words, one every 0.5 s from 2 s to 72 s, each 0.4 s long. */
  const WORDS = Array.from({ length: 140 }, (_, i) => ({ text: ` w${i}`, start: s(2 + i / 2 + 0.05), end: s(2 + i / 2 + 0.45) }));
  const text = (from: number, to: number): string => WORDS.slice(from, to).map((w) => w.text.trim()).join(' ');
  /** Hears the words inside the audio it is given; a word cut off at the end comes out as a guess ("uh"). */
  const model = ({ fromSample, toSample }: Transcribe): Hypothesis => ({
    words: WORDS.filter((w) => w.start >= fromSample && w.start < toSample).map((w) =>
      w.end <= toSample
        ? { text: w.text, start: (w.start - fromSample) / SAMPLE_RATE, end: (w.end - fromSample) / SAMPLE_RATE }
        : { text: ' uh', start: (w.start - fromSample) / SAMPLE_RATE, end: (toSample - fromSample) / SAMPLE_RATE },
    ),
  });

  it('commits settled words as it goes, passes them as the prompt, and finals only the rest', () => {
    const policy = new StreamingPolicy({ maxWindowSeconds: 30, maxPartialLoad: 1, promptChars: 200 });
    const requests: Transcribe[] = [];
    const out: PolicyAction[] = [];
    let running: { action: Transcribe; doneAt: number } | null = null;
    const take = (actions: PolicyAction[], nowMs: number): void => {
      for (const a of actions) {
        if (a.type !== 'transcribe') out.push(a);
        else {
          expect(running).toBeNull(); // never two at once
          requests.push(a);
          // Whisper's time grows with the audio it reads: 100 ms + 20 ms per second.
          running = { action: a, doneAt: nowMs + 100 + (20 * (a.toSample - a.fromSample)) / SAMPLE_RATE };
        }
      }
    };
    const deliver = (nowMs: number): void => {
      if (running && running.doneAt <= nowMs) {
        const { action } = running;
        running = null;
        take(policy.result(model(action), nowMs), nowMs);
      }
    };

    policy.speechStart(1, s(2));
    for (let ms = 2100; ms <= 72000; ms += 100) {
      deliver(ms);
      take(policy.audio(s(ms / 1000), ms), ms);
    }
    take(policy.speechEnd(s(72), 72000), 72000);
    for (let ms = 72100; running; ms += 100) deliver(ms);

    const end = (i: number): number => WORDS[i]!.end;
    expect(out.filter((a) => a.type === 'commit' || a.type === 'final')).toEqual([
      { type: 'commit', utteranceId: 1, text: text(0, 29), startSample: s(2), endSample: end(28) },
      { type: 'commit', utteranceId: 1, text: text(29, 58), startSample: end(28), endSample: end(57) },
      { type: 'commit', utteranceId: 1, text: text(58, 86), startSample: end(57), endSample: end(85) },
      { type: 'commit', utteranceId: 1, text: text(86, 114), startSample: end(85), endSample: end(113) },
      { type: 'final', utteranceId: 1, text: text(0, 140), startSample: end(113), endSample: s(72), revision: 0 },
    ]);
    // Each transcription starts where the last commit ended, with the committed text (its last 200 characters,
    // from a word start) as the prompt.
    expect(requests.find((r) => r.fromSample === end(28))?.prompt).toBe(text(0, 29));
    expect(requests.find((r) => r.fromSample === end(57))?.prompt).toBe(text(7, 58));
    expect(requests.at(-1)).toEqual(final(end(113), s(72), text(68, 114)));
    expect([text(7, 58).length, text(6, 58).length, text(68, 114).length, text(67, 114).length]).toEqual([200, 203, 197, 201]);
    for (const r of requests) expect(r.toSample - r.fromSample).toBeLessThanOrEqual(s(30));
    // Partials grow, then jump back to the committed text plus a new tail; none comes after the final.
    const shown = out.flatMap((a) => (a.type === 'partial' ? [a.text] : []));
    expect(shown[0]).toBe('uh'); // 0.25 s in, w0 is half heard
    expect(shown.at(-1)?.startsWith(text(0, 112))).toBe(true);
    expect(out.slice(-2).map((a) => a.type)).toEqual(['final', 'end']);
  });
});
