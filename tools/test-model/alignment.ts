import type { ScriptTables } from './script-tables.ts';
import type { ScriptOps } from './script-ops.ts';
import type { ScriptState } from './script-state.ts';
import { MAX_SOURCE_POSITIONS, type TokenLayout } from './spec.ts';

/**
 * Frames a "." or a timestamp attends to: more than half the median filter (7 frames) that word timing runs over
 * the attention, which would erase a narrower peak.
 */
const MARK_FRAMES = 4;
/** Attention falls by e per frame over the first NEAR_FRAMES outside a token's frames, then by SHALLOW per frame. */
const NEAR_FRAMES = 10;
const SHALLOW = 0.02;

/**
 * Where the token just fed attends in the audio, `[B, 1500]`: what the alignment heads of a `_timestamped`
 * export show, and what word timing (dynamic time warping over those heads, as transformers.js's
 * `return_timestamps: 'word'` does) reads. transformers.js times token X by the row where X is the query, so each
 * token attends to its own frames:
 *
 * - the k-th word of a region's text to the k-th word island of the region (hearing.ts: energy islands between
 *   silences), or, when the region has not as many islands as the text has words, to the k-th of as many equal
 *   parts of the region;
 * - the final "." to the frames just after the last word, so that word ends where its sound ends;
 * - an opening timestamp to the frames just before its time, a closing one to those after the ".";
 * - every other token (the prompt, control tokens) evenly to all frames.
 *
 * Attention decays steeply (e per frame) just outside a token's frames and gently beyond, so that at every frame
 * the tokens nearest in order attend most: DTW then follows the tokens frame by frame, a gap between two words is
 * split at its middle, and no frame has every token attending alike (which would divide by zero in the
 * normalisation over tokens).
 */
export function buildAlignment(o: ScriptOps, s: ScriptState, tables: ScriptTables, layout: TokenLayout): string {
  const { g, int, f, op, and, or, where, gather, column, constant, toFloat, firstIndex } = o;
  const { frames } = s;
  const floor = (v: string) => op('Floor', v);
  const atOrAfter = (values: string, threshold: string) => toFloat(op('Greater', values, column(op('Sub', threshold, f(0.5)))));
  const cumulative = (v: string) => g.op('CumSum', [v, int(1)]);
  const sumWhere = (values: string, cond: string) => o.sum(op('Mul', values, toFloat(cond)));

  // The region of the token: in a timestamped text, the one its opening timestamp opens (or that a timestamp
  // itself opens or closes); without timestamps, the one after the regions already said.
  const lastFinal = gather(constant(tables.regionFinal, 'region_final_of_last'), o.max(s.last, int(0)));
  // The opening timestamp may come before its region starts (Whisper's first timestamp is at most 1 s into the
  // window): the region is the first one not over by then.
  const timedRegion = sumWhere(s.ends, op('Less', frames, column(op('Add', toFloat(s.lastTime), f(0.5)))));
  const region = where(s.noTimestamps, op('Sub', s.regionsDone, op('Mul', lastFinal, toFloat(s.lastIsText))), timedRegion);
  const regionStart = toFloat(firstIndex(atOrAfter(cumulative(s.starts), op('Add', region, f(1)))));
  const regionEnd = toFloat(firstIndex(atOrAfter(cumulative(s.ends), op('Add', region, f(1)))));
  const regionKnown = and(op('Greater', region, f(-0.5)), op('Less', region, op('Sub', s.regions, f(0.5))));

  // The token's place in its segment's text: k words before it, n words in all (a final "." not counted).
  const segmentStart = s.lastWhere(and(s.beforeLast, or(or(s.is(layout.sot), and(s.isTimestamp, s.sinceStart)), op('Greater', s.isRegionFinal, f(0.5))))).at;
  const k = o.count(and(s.beforeLast, op('Greater', s.position, column(segmentStart)), op('Less', s.ids, int(layout.eot))));
  const isPeriod = op('Equal', s.last, int(tables.period));
  const token = o.max(s.last, int(0));
  const code = gather(s.passageCode, token);
  const wordsLeft = where(
    op('Greater', code, int(0)),
    gather(constant(tables.wordsLeftByCode, 'words_left_by_code'), code),
    gather(constant(tables.fixedWordsLeft, 'fixed_words_left'), op('Add', token, s.rowOffset)),
  );
  const n = where(isPeriod, k, op('Add', op('Add', k, f(1)), wordsLeft));

  // Word islands in the region: the k-th is the (K0 + k + 1)-th of the window, K0 those before the region.
  const { starts: islandStarts, ends: islandEnds } = s.islands;
  const inRegion = and(op('Greater', frames, column(op('Sub', regionStart, f(0.5)))), op('Less', frames, column(op('Sub', regionEnd, f(0.5)))));
  const islandsBefore = sumWhere(islandStarts, op('Less', frames, column(op('Sub', regionStart, f(0.5)))));
  const matched = and(op('Equal', sumWhere(islandStarts, inRegion), n), op('Greater', n, f(0.5)));
  const nth = (edges: string, index: string) => toFloat(firstIndex(atOrAfter(cumulative(edges), op('Add', islandsBefore, index))));
  const part = (i: string) => op('Add', regionStart, floor(op('Div', op('Mul', i, op('Sub', regionEnd, regionStart)), o.max(n, f(1)))));
  const wordFrom = where(matched, nth(islandStarts, op('Add', k, f(1))), part(k));
  const wordTo = where(matched, nth(islandEnds, op('Add', k, f(1))), part(op('Add', k, f(1))));
  const speechEnd = where(matched, nth(islandEnds, n), regionEnd);
  const textFrom = where(isPeriod, speechEnd, wordFrom);
  const textTo = where(isPeriod, op('Add', speechEnd, f(MARK_FRAMES)), wordTo);

  // Timestamps: an opening one just before its time, a closing one after the "." that ends at its time.
  const time = toFloat(s.lastTime);
  const stampFrom = where(s.segmentOpen, op('Sub', time, f(MARK_FRAMES)), op('Add', time, f(MARK_FRAMES)));
  const stampTo = where(s.segmentOpen, time, op('Add', time, f(2 * MARK_FRAMES)));

  const attends = or(and(s.lastIsText, regionKnown), s.lastIsTimestamp);
  const from = o.min(o.max(where(s.lastIsText, textFrom, stampFrom), f(0)), f(MAX_SOURCE_POSITIONS - 1));
  const to = o.min(o.max(where(s.lastIsText, textTo, stampTo), op('Add', from, f(1))), f(MAX_SOURCE_POSITIONS));
  const frame = o.range(MAX_SOURCE_POSITIONS, 'alignment_frames');
  const distance = op('Add', op('Relu', op('Sub', column(from), frame)), op('Relu', op('Sub', frame, column(op('Sub', to, f(1))))));
  const score = op('Neg', op('Add', o.min(distance, f(NEAR_FRAMES)), op('Mul', distance, f(SHALLOW))));
  const focused = g.op('Softmax', [score], { axis: 1 });
  return where(column(attends), focused, f(1 / MAX_SOURCE_POSITIONS));
}
