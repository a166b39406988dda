/**
 * The live figures from what the probe recorded (pure, so it is tested in Node): which final covers which utterance,
 * latencies, where they go, partial cadence, worker load and capture losses.
 */
import type { BenchAudio } from './audio.ts';
import { mainThreadReport, type MainThreadReport } from './main-thread.ts';
import { passSplit, type PassSplit } from './pass-split.ts';
import type { MicState, ProbeSnapshot, RecorderEvent } from './pages/probe-api.ts';
import { PHRASES } from './phrase.ts';
import { countPhrase, type Span } from './phrases.ts';
import { intervals, summarise, unionLength, type Summary } from './stats.ts';
import { SAMPLE_RATE } from '../src/shared/sample-rate.ts';

/** A played utterance at least this long counts as long for the cadence of partials: the longer half of the bench's
 * phrases (2.7–4.4 s, median 3.5 s), the ones in which partials have time to follow each other. */
export const LONG_UTTERANCE_SECONDS = 3.5;

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
  /** Recorder utterances with a final, and those whose final was revised later (a final with revision > 0). */
  finalUtterances?: number;
  revisedUtterances?: number;
  revisionRate?: number | null;
  /** Played utterances heard as two or more recorder utterances (each with a final of its own); null without times in the finals. */
  splitUtterances?: number | null;
  splitRate?: number | null;
  /** Utterance end → the first whisper-final covering it (a later revision does not count). */
  latencyMs?: Summary;
  /** Duration of the worker's transcribe calls while live that ran to the end (one pass of the model). */
  passMs?: Summary;
  /** Where the latency goes: utterance end → start of the pass that produced its final (end-of-speech detection,
   * waiting for a partial in flight), and that pass itself. */
  endToFinalPassMs?: Summary;
  finalPassMs?: Summary;
  /** latency p50 / pass p50, and the same at p95; latency − pass at p50 and at p95. */
  latencyOverPass?: number | null;
  latencyOverPassP95?: number | null;
  latencyMinusPassMs?: { p50: number | null; p95: number | null };
  /** Where the live passes' time went (features, encoder, decoder). */
  passSplit?: PassSplit;
  /** Between consecutive whisper-partial events of one utterance; and the same in utterances of LONG_UTTERANCE_SECONDS or more. */
  partialIntervalMs?: Summary;
  longPartialIntervalMs?: Summary;
  /** Start of an utterance in the played file → the first whisper-partial of the recorder utterance(s) that heard it. */
  firstPartialMs?: Summary;
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
    /** Finals also carry their span in the recording (seconds, on the file's clock once the shift is taken off) and text. */
    events: { type: string; t: number; utteranceId: number | null; span?: [number, number]; text?: string }[];
  };
}

export interface LiveTimes {
  /** getUserMedia resolved; the first sound arrived; stop was asked (page clock, ms). */
  streamAt: number;
  onsetAt: number;
  stopAt: number;
  framesAtStart: number;
}

interface PlayedUtterance {
  /** In the file's seconds, counting loops. */
  span: Span;
  /** Page times of its start and end. */
  startAt: number;
  endAt: number;
}

/** Utterances of the looping file that ended by `until`. */
function utteranceEnds(audio: BenchAudio, fileZero: number, until: number): PlayedUtterance[] {
  const out: PlayedUtterance[] = [];
  for (let loop = 0; fileZero + loop * audio.durationSeconds * 1000 < until; loop++) {
    for (const u of audio.utterances) {
      const span = { start: u.start + loop * audio.durationSeconds, end: u.end + loop * audio.durationSeconds };
      const endAt = fileZero + span.end * 1000;
      if (endAt <= until) out.push({ span, startAt: fileZero + span.start * 1000, endAt });
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

/** The recorder utterances whose finals overlap `span` (recording-time spans shifted onto the file's clock). */
function heardAs(span: Span, finals: readonly RecorderEvent[], shiftSeconds: number): Set<number> {
  return new Set(
    finals.flatMap((f) =>
      f.utteranceId !== null && f.start !== null && f.end !== null && f.start - shiftSeconds < span.end && f.end - shiftSeconds > span.start ? [f.utteranceId] : [],
    ),
  );
}

/** Each recorder utterance's last final: what stands once revisions have replaced the earlier ones. */
function standingFinals(finals: readonly RecorderEvent[]): RecorderEvent[] {
  const last = new Map<number, RecorderEvent>();
  for (const f of finals) if (f.utteranceId !== null) last.set(f.utteranceId, f);
  return [...last.values()];
}

const ratio = (a: number | null, b: number | null): number | null => (a !== null && b ? a / b : null);
const difference = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? a - b : null);

export function analyseLive(setup: string, page: string, audio: BenchAudio, snap: ProbeSnapshot, times: LiveTimes): LiveResult {
  const first = audio.utterances[0]!;
  const fileZero = times.onsetAt - first.start * 1000;
  const shift = (times.onsetAt - times.streamAt) / 1000 - first.start;
  const utterances = utteranceEnds(audio, fileZero, times.stopAt);
  const finals = snap.recorder.filter((e) => e.type === 'final');
  const finalAt = finalTimes(utterances, finals, shift);
  const latencies = utterances.flatMap((u, k) => (finalAt[k] === null ? [] : [finalAt[k]! - u.endAt]));
  const partialTimes = (id: number | null) => snap.recorder.filter((e) => e.type === 'partial' && e.utteranceId === id).map((e) => e.t);
  const partialGaps = [...new Set(snap.recorder.map((e) => e.utteranceId))].flatMap((id) => intervals(partialTimes(id)));
  const timed = finals.length > 0 && finals.every((f) => f.start !== null && f.end !== null);
  const heard = utterances.map((u) => [...heardAs(u.span, finals, shift)]);
  const firstPartials = utterances.flatMap((u, k) => {
    const first = Math.min(...heard[k]!.flatMap(partialTimes));
    return Number.isFinite(first) ? [first - u.startAt] : [];
  });
  const longGaps = utterances.flatMap((u, k) => (u.span.end - u.span.start >= LONG_UTTERANCE_SECONDS ? heard[k]!.flatMap((id) => intervals(partialTimes(id))) : []));
  // A split leaves words in two finals; an utterance whose first final was taken back (empty text) is not one of them.
  const standing = standingFinals(finals).filter((f) => f.text.trim() !== '');
  const splits = utterances.filter((u) => heardAs(u.span, standing, shift).size > 1).length;
  const withFinal = finalAt.filter((t) => t !== null).length;
  const byUtterance = standingFinals(finals);
  const revised = new Set(finals.filter((f) => (f.revision ?? 0) > 0).map((f) => f.utteranceId)).size;
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
    finalUtterances: byUtterance.length,
    revisedUtterances: revised,
    revisionRate: byUtterance.length ? revised / byUtterance.length : null,
    splitUtterances: timed ? splits : null,
    splitRate: timed && withFinal ? splits / withFinal : null,
    latencyMs: latency,
    passMs: pass,
    endToFinalPassMs: summarise(finalPasses.map((f) => f.wait)),
    finalPassMs: summarise(finalPasses.map((f) => f.pass)),
    latencyOverPass: ratio(latency.p50, pass.p50),
    latencyOverPassP95: ratio(latency.p95, pass.p95),
    latencyMinusPassMs: { p50: difference(latency.p50, pass.p50), p95: difference(latency.p95, pass.p95) },
    passSplit: passSplit(passes),
    partialIntervalMs: summarise(partialGaps),
    longPartialIntervalMs: summarise(longGaps),
    firstPartialMs: summarise(firstPartials),
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
      events: snap.recorder.filter((e) => e.type !== 'error').map((e) => ({
        type: e.type === 'state' ? e.text : e.type,
        t: Math.round(e.t - times.streamAt),
        utteranceId: e.utteranceId,
        ...(e.type === 'final' && e.start !== null && e.end !== null ? { span: [e.start - shift, e.end - shift] as [number, number], text: e.text } : {}),
      })),
    },
  };
}


export interface FirstFinal {
  /** The model ready (the worker answered load()) → the first whisper-final. */
  readyToFinalMs: number | null;
  /** The model ready → getUserMedia resolved, and → the microphone's first sound (the recorder opens it once the
   * model is ready). */
  readyToStreamMs: number | null;
  readyToSoundMs: number | null;
  /** The model ready → the recorder's first 'listening' state (capture and speech detection running), and from there
   * → the first final. Speech played before 'listening' is not heard: the first final may be of a later utterance. */
  readyToListeningMs: number | null;
  listeningToFinalMs: number | null;
}

/** Start-up with live audio: how long after the model is ready the first final arrives, and where that time goes. */
export function firstFinalAfterReady(recorder: readonly RecorderEvent[], readyAt: number, mic: MicState): FirstFinal {
  const after = recorder.filter((e) => e.t >= readyAt);
  const final = after.find((e) => e.type === 'final');
  const listening = after.find((e) => e.type === 'state' && e.text === 'listening');
  return {
    readyToFinalMs: final ? final.t - readyAt : null,
    readyToStreamMs: mic.streamAt === null ? null : mic.streamAt - readyAt,
    readyToSoundMs: mic.onsetAt === null ? null : mic.onsetAt - readyAt,
    readyToListeningMs: listening ? listening.t - readyAt : null,
    listeningToFinalMs: final && listening ? final.t - listening.t : null,
  };
}
