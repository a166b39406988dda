/**
 * The live figures from what the probe recorded (pure, so it is tested in Node): which final covers which utterance,
 * latencies, where they go, partial cadence, worker load and capture losses.
 */
import type { BenchAudio } from './audio.ts';
import { mainThreadReport, type MainThreadReport } from './main-thread.ts';
import type { ProbeSnapshot, RecorderEvent } from './pages/probe-api.ts';
import { PHRASES } from './phrase.ts';
import { countPhrase, type Span } from './phrases.ts';
import { intervals, summarise, unionLength, type Summary } from './stats.ts';
import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';

export interface LiveResult {
  setup: string;
  /** Why nothing was measured, when so. */
  skipped?: string;
  page: string;
  startedBy?: string;
  recordSeconds?: number;
  /** Utterances that ended while recording; and those with no final covering them. */
  utterances?: number;
  missingFinals?: number;
  finals?: number;
  /** Utterance end → the whisper-final covering it. */
  latencyMs?: Summary;
  /** Duration of the worker's transcribe calls while live that ran to the end (one pass of the model). */
  passMs?: Summary;
  /** Where the latency goes: utterance end → start of the pass that produced its final (end-of-speech detection,
   * waiting for a partial in flight), and that pass itself. */
  endToFinalPassMs?: Summary;
  finalPassMs?: Summary;
  /** latency p50 / pass p50. */
  latencyOverPass?: number | null;
  /** Between consecutive whisper-partial events of one utterance. */
  partialIntervalMs?: Summary;
  /** Share of the recording during which the Whisper worker was transcribing (cancelled calls included). */
  workerBusy?: number;
  droppedFrames?: number;
  missingFrames?: number;
  capturedSeconds?: number;
  errors?: string[];
  /** Recording clock minus file clock at the first onset (≈ 0 when the fake device starts with the capture). */
  clockShiftSeconds?: number | null;
  mainThread?: MainThreadReport;
  /** What happened when, in ms since the stream opened, for reading one run closely. */
  timeline?: {
    utteranceEnds: number[];
    calls: { start: number; end: number; audioSeconds: number | null; failed: boolean }[];
    events: { type: string; t: number; utteranceId: number | null }[];
  };
}

export interface LiveTimes {
  /** getUserMedia resolved; the first sound arrived; stop was asked (page clock, ms). */
  streamAt: number;
  onsetAt: number;
  stopAt: number;
  framesAtStart: number;
}

/** Utterances of the looping file, as page times of their end, up to `until`. */
function utteranceEnds(audio: BenchAudio, fileZero: number, until: number): { span: Span; endAt: number }[] {
  const out: { span: Span; endAt: number }[] = [];
  for (let loop = 0; fileZero + loop * audio.durationSeconds * 1000 < until; loop++) {
    for (const u of audio.utterances) {
      const span = { start: u.start + loop * audio.durationSeconds, end: u.end + loop * audio.durationSeconds };
      const endAt = fileZero + span.end * 1000;
      if (endAt <= until) out.push({ span, endAt });
    }
  }
  return out;
}

/**
 * When each utterance got its final: the first final whose recording-time span (shifted onto the file's clock)
 * overlaps it; without times in the events, the final that brings the running count of phrases up to its number.
 */
function finalTimes(utterances: { span: Span }[], finals: RecorderEvent[], shiftSeconds: number): (number | null)[] {
  const timed = finals.every((f) => f.start !== null && f.end !== null);
  if (timed) {
    return utterances.map(({ span }) => finals.find((f) => f.start! - shiftSeconds < span.end && f.end! - shiftSeconds > span.start)?.t ?? null);
  }
  let count = 0;
  const reached: number[] = [];
  for (const f of finals) {
    count += countPhrase(f.text, PHRASES);
    while (reached.length < count) reached.push(f.t);
  }
  return utterances.map((_, k) => reached[k] ?? null);
}

export function analyseLive(setup: string, page: string, audio: BenchAudio, snap: ProbeSnapshot, times: LiveTimes): LiveResult {
  const first = audio.utterances[0]!;
  const fileZero = times.onsetAt - first.start * 1000;
  const shift = (times.onsetAt - times.streamAt) / 1000 - first.start;
  const utterances = utteranceEnds(audio, fileZero, times.stopAt);
  const finals = snap.recorder.filter((e) => e.type === 'final');
  const finalAt = finalTimes(utterances, finals, shift);
  const latencies = utterances.flatMap((u, k) => (finalAt[k] === null ? [] : [finalAt[k]! - u.endAt]));
  const partialGaps = [...new Set(snap.recorder.map((e) => e.utteranceId))].flatMap((id) =>
    intervals(snap.recorder.filter((e) => e.type === 'partial' && e.utteranceId === id).map((e) => e.t)),
  );
  const calls = snap.workerCalls.filter((c) => c.worker === 'whisper' && c.method === 'transcribe' && c.end !== null);
  // Partials cancelled part-way are not passes; they still kept the worker busy.
  const passes = calls.filter((c) => !c.failed);
  // The pass behind each final: the last transcribe call that ended before the final arrived.
  const finalPasses = utterances.flatMap((u, k) => {
    const at = finalAt[k];
    const call = at === null ? undefined : passes.filter((c) => c.end! <= at! + 1).at(-1);
    return call ? [{ wait: call.start - u.endAt, pass: call.end! - call.start }] : [];
  });
  const recordMs = times.stopAt - times.streamAt;
  const latency = summarise(latencies);
  const pass = summarise(passes.map((c) => c.end! - c.start));
  return {
    setup,
    page,
    recordSeconds: recordMs / 1000,
    utterances: utterances.length,
    missingFinals: finalAt.filter((t) => t === null).length,
    finals: finals.length,
    latencyMs: latency,
    passMs: pass,
    endToFinalPassMs: summarise(finalPasses.map((f) => f.wait)),
    finalPassMs: summarise(finalPasses.map((f) => f.pass)),
    latencyOverPass: latency.p50 !== null && pass.p50 ? latency.p50 / pass.p50 : null,
    partialIntervalMs: summarise(partialGaps),
    workerBusy: unionLength(calls.map((c) => ({ start: Math.max(c.start, times.streamAt), end: Math.min(c.end!, times.stopAt) }))) / recordMs,
    droppedFrames: snap.capture.dropped,
    missingFrames: snap.capture.missing,
    capturedSeconds: (snap.capture.frames * 512) / SAMPLE_RATE,
    errors: snap.recorder.filter((e) => e.type === 'error').map((e) => e.text),
    clockShiftSeconds: shift,
    mainThread: mainThreadReport(snap, times.streamAt, times.stopAt, times.framesAtStart),
    timeline: {
      utteranceEnds: utterances.map((u) => Math.round(u.endAt - times.streamAt)),
      calls: calls.map((c) => ({ start: Math.round(c.start - times.streamAt), end: Math.round(c.end! - times.streamAt), audioSeconds: c.audioSeconds ?? null, failed: c.failed })),
      events: snap.recorder.filter((e) => e.type !== 'error').map((e) => ({ type: e.type === 'state' ? e.text : e.type, t: Math.round(e.t - times.streamAt), utteranceId: e.utteranceId })),
    },
  };
}

