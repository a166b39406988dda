/**
 * When to run Whisper on a live utterance, and which text is settled. Whisper re-reads the whole uncommitted audio each
 * time (it has no streaming mode), so the policy keeps that audio short: once two consecutive hypotheses agree on their
 * first words (LocalAgreement-2), those words are committed and the audio before them is never sent again. Pure: the
 * model, the audio and the clock are the caller's; time comes in as `nowMs`.
 */
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

import { PROMPT_CHARS, cutRepeats, isHallucination, joinText, lastChars, normalise } from './hypothesis-text.ts';

export interface PolicyOptions {
  /** Whisper's receptive field: no transcription is ever given more audio than this. */
  maxWindowSeconds: number;
  /**
   * Least time between the starts of two partials: where a pass is shorter, a partial comes this often. Measured from
   * the start, not the end, of the last one, so the cadence does not slow down by a pass; maxPartialLoad keeps the
   * model's time for finals.
   */
  minPartialIntervalMs: number;
  /**
   * A partial on almost the same audio would only repeat the last one. The first partial of an utterance waits for
   * this much speech after its onset: on the pre-roll alone a pass hears nothing and only holds up the next.
   */
  minNewAudioMs: number;
  /**
   * Partials only run while the model has time to spare: the share of the last loadWindowMs it would spend
   * transcribing, counting the partial about to start (taken to last as long as the last pass), must stay under this.
   * A partial cannot be stopped while the encoder runs, and the encoder is most of a pass, so a partial running when
   * speech ends delays the final; where passes are slow next to the pauses between utterances, finals come first.
   */
  maxPartialLoad: number;
  loadWindowMs: number;
  /**
   * The pass a pause starts is a guess that speech has ended, and a wrong guess (the speaker goes on after a gap
   * between words) costs the device a whole pass, whose encoder cannot be stopped. So a pause must last this share
   * of the last pass before it starts one (a 5 s pass waits 250 ms of quiet, a 200 ms one does not wait)...
   */
  pauseShareOfPass: number;
  /** ...but never longer than this: the end of speech is confirmed later anyway. */
  maxPauseWaitMs: number;
  /** Characters of earlier text given as the prompt (PROMPT_CHARS). */
  promptChars: number;
}

export const DEFAULT_POLICY_OPTIONS: Readonly<PolicyOptions> = Object.freeze({
  maxWindowSeconds: 30,
  minPartialIntervalMs: 400,
  minNewAudioMs: 250,
  maxPartialLoad: 0.5,
  loadWindowMs: 10_000,
  pauseShareOfPass: 0.05,
  maxPauseWaitMs: 300,
  promptChars: PROMPT_CHARS,
});

/** A transcription of the audio of a 'transcribe' action; times in seconds from that audio's start. */
export interface Hypothesis {
  words: { text: string; start: number; end: number }[];
}

/**
 * Texts are always the whole utterance so far (a display replaces, never appends); sample ranges of the commits and
 * the final of one utterance follow each other without gap or overlap, the final's covering the audio after the last commit.
 * 'cancel' asks to stop the transcription in flight (its `result` or `failed` is still due).
 *
 * A final comes as soon as a pass has heard the utterance up to a pause, without waiting for the quiet that confirms
 * its end; if the speaker goes on, a later final with the next `revision` replaces it (empty text: the utterance said
 * nothing after all). An utterance with no words gets no final. Every utterance ends with exactly one 'end'.
 */
export type PolicyAction =
  | { type: 'transcribe'; kind: 'partial' | 'final'; fromSample: number; toSample: number; prompt: string }
  | { type: 'cancel' }
  | { type: 'partial'; utteranceId: number; text: string }
  | { type: 'commit'; utteranceId: number; text: string; startSample: number; endSample: number }
  | { type: 'final'; utteranceId: number; text: string; startSample: number; endSample: number; revision: number }
  | { type: 'end'; utteranceId: number };

/** A last word ending closer than this to the end of the audio may be cut off mid-word. */
const EDGE_SECONDS = 1;

/** A word with its times in absolute samples, and its text normalised for comparison. */
interface Word { text: string; norm: string; start: number; end: number }

const wordsText = (words: readonly Word[]): string => joinText(words.map((w) => w.text));

interface Utterance {
  id: number;
  /** Audio before this is settled: the next transcription starts here. */
  trimSample: number;
  /** Where the next commit's (or the final's) range starts; behind trimSample when wordless audio was let go. */
  rangeStart: number;
  availableSample: number;
  /** Set once the VAD ended it: from then on only its final is run. */
  endSample: number | null;
  /** While the speaker pauses: where the speech so far ends. A hypothesis that heard up to here can be the final. */
  pausedSample: number | null;
  committed: string[];
  /** Uncommitted words of the latest hypothesis, and the end of the audio that hypothesis heard. */
  tail: Word[];
  tailEnd: number;
  /** End of the audio the last partial was asked for: what minNewAudioMs is measured from. */
  requestedSample: number;
  /** The text of the last final emitted for it (null before the first), and the next final's revision number. */
  said: string | null;
  revision: number;
}

interface Job {
  utterance: Utterance;
  kind: 'partial' | 'final';
  fromSample: number;
  toSample: number;
  /** Utterances that ended after `utterance` while the model was busy, heard in the same pass. */
  followers: Utterance[];
}

/**
 * One live utterance at a time, plus earlier ones whose final is still to run (speech resumes before Whisper is done).
 * At most one transcription is in flight; `result` or `failed` must answer each 'transcribe' action, in order.
 */
export class StreamingPolicy {
  private readonly opts: PolicyOptions;
  private readonly windowSamples: number;
  private readonly newAudioSamples: number;
  /** Oldest first; only the last can be live (not ended). */
  private utterances: Utterance[] = [];
  private job: Job | null = null;
  private lastPartialStartMs = Number.NEGATIVE_INFINITY;
  private jobStartedMs = 0;
  private lastPassMs = 0;
  /** When the model was busy lately, for maxPartialLoad. */
  private passes: { start: number; end: number }[] = [];
  /** Texts of the latest finals, oldest first: the prompt carries on across utterances, as a sentence often spans a pause. */
  private context: { utteranceId: number; text: string }[] = [];

  constructor(opts: Partial<PolicyOptions> = {}, private readonly sampleRate = SAMPLE_RATE) {
    this.opts = { ...DEFAULT_POLICY_OPTIONS, ...opts };
    if (!(this.opts.maxWindowSeconds > 0)) throw new RangeError(`maxWindowSeconds must be positive, got ${this.opts.maxWindowSeconds}`);
    this.windowSamples = Math.round(this.opts.maxWindowSeconds * sampleRate);
    this.newAudioSamples = Math.round((this.opts.minNewAudioMs * sampleRate) / 1000);
  }

  /** `startSample` includes the pre-roll; `onsetSample`, where speech was first heard, is what the first partial waits on. */
  speechStart(utteranceId: number, startSample: number, onsetSample = startSample): void {
    // A start without an end would otherwise leave the previous utterance without a final: end it where its audio ends.
    const live = this.live();
    if (live) live.endSample = Math.max(live.availableSample, live.trimSample);
    this.utterances.push({
      id: utteranceId, trimSample: startSample, rangeStart: startSample, availableSample: startSample,
      endSample: null, pausedSample: null, committed: [], tail: [], tailEnd: startSample,
      requestedSample: Math.max(startSample, onsetSample), said: null, revision: 0,
    });
  }

  audio(endSample: number, nowMs: number): PolicyAction[] {
    const live = this.live();
    if (live) live.availableSample = Math.max(live.availableSample, endSample);
    return this.schedule(nowMs);
  }

  /**
   * The speaker went quiet after `voicedEndSample`. Speech has probably ended, so the final comes now rather than when
   * the VAD confirms the end: if the last partial already heard every word, its text is the final at once; otherwise a
   * partial on older audio is cancelled, and a partial up to here runs at once, whose text is the final. If speech
   * resumes, that final is revised later.
   */
  speechPause(voicedEndSample: number, nowMs: number): PolicyAction[] {
    const live = this.live();
    if (!live) return [];
    live.pausedSample = voicedEndSample;
    return [...this.cancelStale(live), ...this.schedule(nowMs)];
  }

  speechResume(nowMs: number): PolicyAction[] {
    const live = this.live();
    if (live) live.pausedSample = null;
    return this.schedule(nowMs);
  }

  speechEnd(endSample: number, nowMs: number): PolicyAction[] {
    const live = this.live();
    if (!live) return this.schedule(nowMs);
    // Commits may have settled words a little past the VAD's end; the final then covers nothing rather than going back.
    live.endSample = Math.max(endSample, live.trimSample);
    // The last hypothesis already heard every word: it is the final, with no further pass.
    if (!this.job && this.utterances[0] === live && live.tailEnd >= this.voicedEnd(live)) return [...this.finish(live), ...this.schedule(nowMs)];
    return [...this.cancelStale(live), ...this.schedule(nowMs)];
  }

  result(hyp: Hypothesis, nowMs: number): PolicyAction[] {
    const job = this.finishJob(nowMs);
    if (job && job.followers.length > 0) return [...this.hearBacklog(job, hyp), ...this.schedule(nowMs)];
    const u = job?.utterance;
    const actions: PolicyAction[] = [];
    // Results for a discarded utterance, or partials that end before the words do once the final is due, are dropped.
    const complete = u !== undefined && u.endSample !== null && job!.toSample >= this.voicedEnd(u);
    if (job && u && this.utterances.includes(u) && (job.kind === 'final' || u.endSample === null || complete)) {
      const agreed = this.hear(u, job, hyp);
      if (u.endSample !== null) {
        // A final longer than one window ran in pieces: schedule() commits this piece and runs the next.
        if (complete) actions.push(...this.finish(u));
      } else {
        if (agreed > 0 && u.availableSample - u.trimSample > this.windowSamples / 2) actions.push(this.commit(u, agreed));
        // Heard up to the pause: that is the final, unless the speaker goes on (then it is revised).
        if (u.pausedSample !== null && job.toSample >= u.pausedSample) actions.push(...this.emitFinal(u));
        else actions.push({ type: 'partial', utteranceId: u.id, text: this.textOf(u) });
      }
    }
    return [...actions, ...this.schedule(nowMs)];
  }

  failed(nowMs: number): PolicyAction[] {
    const job = this.finishJob(nowMs);
    // A failed final is not retried: the utterance ends with what is known (commits and the latest partial).
    const actions = job?.kind === 'final' && this.utterances.includes(job.utterance) ? this.finish(job.utterance) : [];
    return [...actions, ...this.schedule(nowMs)];
  }

  /** Drops an utterance the VAD called a misfire: nothing more is run for it, and a final it had is taken back. */
  discard(utteranceId: number): PolicyAction[] {
    const u = this.utterances.find((x) => x.id === utteranceId);
    if (!u) return [];
    this.utterances = this.utterances.filter((x) => x !== u);
    u.committed = [];
    u.tail = [];
    return [...this.emitFinal(u), { type: 'end', utteranceId }];
  }

  /** The text so far stops being the prompt of later utterances (it came from a hot fallback and may mislead). */
  forgetContext(): void {
    this.context = [];
  }

  /** Forgets everything; a transcription still running must not be answered with `result` or `failed`. */
  reset(): void {
    this.utterances = [];
    this.job = null;
    this.lastPartialStartMs = Number.NEGATIVE_INFINITY;
    this.lastPassMs = 0;
    this.passes = [];
    this.context = [];
  }

  /** Where the words of an ended utterance end: the VAD's end is padded with silence, a pause is not. */
  private voicedEnd(u: Utterance): number {
    return Math.min(u.endSample ?? u.availableSample, u.pausedSample ?? Number.POSITIVE_INFINITY);
  }

  /** A partial in flight on this utterance that stops short of the words it now has is wasted time: stop it. */
  private cancelStale(u: Utterance): PolicyAction[] {
    const job = this.job;
    return job?.utterance === u && job.kind === 'partial' && job.toSample < this.voicedEnd(u) ? [{ type: 'cancel' }] : [];
  }

  private live(): Utterance | undefined {
    const last = this.utterances.at(-1);
    return last && last.endSample === null ? last : undefined;
  }

  private finishJob(nowMs: number): Job | null {
    const job = this.job;
    this.job = null;
    if (job) {
      this.lastPassMs = nowMs - this.jobStartedMs;
      this.passes.push({ start: this.jobStartedMs, end: nowMs });
    }
    return job;
  }

  /** Takes a hypothesis in as the utterance's tail; returns how many of its first words the previous tail agreed on. */
  private hear(u: Utterance, job: Job, hyp: Hypothesis): number {
    const toSample = (seconds: number): number =>
      Math.min(job.toSample, Math.max(job.fromSample, job.fromSample + Math.round(seconds * this.sampleRate)));
    const heard = hyp.words
      .map((w) => ({ text: w.text.trim(), norm: normalise(w.text), start: toSample(w.start), end: toSample(w.end) }))
      .filter((w) => w.text !== '');
    const words = cutRepeats(heard);
    const tail = isHallucination(wordsText(words)) ? [] : words;
    let agreed = 0;
    while (agreed < Math.min(tail.length, u.tail.length) && tail[agreed]!.norm === u.tail[agreed]!.norm) agreed++;
    u.tail = tail;
    u.tailEnd = job.toSample;
    return agreed;
  }

  /** One pass heard several ended utterances: each word goes to the one its middle falls in, and each gets its final. */
  private hearBacklog(job: Job, hyp: Hypothesis): PolicyAction[] {
    const group = [job.utterance, ...job.followers].filter((u) => this.utterances.includes(u));
    const middle = (w: Hypothesis['words'][number]): number => job.fromSample + ((w.start + w.end) / 2) * this.sampleRate;
    return group.flatMap((u, i) => {
      const next = group[i + 1];
      const words = hyp.words.filter((w) => (i === 0 || middle(w) >= u.rangeStart) && (!next || middle(w) < next.rangeStart));
      this.hear(u, job, { words });
      return this.finish(u);
    });
  }

  /**
   * Utterances that ended while the model was busy and fit in one window with `first`. Whisper reads 30 s whatever
   * the length, so one pass hears them all for the price of one, and a device slower than the speaker catches up
   * instead of falling further behind. Utterances with commits are left alone: their audio is partly settled.
   */
  private backlog(first: Utterance): Utterance[] {
    const out: Utterance[] = [];
    for (const u of this.utterances.slice(this.utterances.indexOf(first) + 1)) {
      if (u.endSample === null || u.committed.length > 0 || u.endSample - first.trimSample > this.windowSamples) break;
      out.push(u);
    }
    return out;
  }

  /** Settles the first `count` words of the tail; the audio up to the last one's end is never transcribed again. */
  private commit(u: Utterance, count: number): PolicyAction {
    const words = u.tail.slice(0, count);
    u.tail = u.tail.slice(count);
    const text = wordsText(words);
    const endSample = Math.min(u.tailEnd, Math.max(u.trimSample, words.at(-1)?.end ?? u.trimSample));
    const action: PolicyAction = { type: 'commit', utteranceId: u.id, text, startSample: u.rangeStart, endSample };
    u.committed.push(text);
    u.trimSample = u.rangeStart = endSample;
    return action;
  }

  /**
   * The uncommitted audio would outgrow the window: commits the tail up to its last complete word, and lets go of
   * wordless audio up to the word still being heard, so the window moves on even when the hypothesis says little.
   */
  private forceCommit(u: Utterance): PolicyAction[] {
    const before = u.trimSample;
    const edge = u.tailEnd - Math.round(Math.min(EDGE_SECONDS, this.opts.maxWindowSeconds / 2) * this.sampleRate);
    const last = u.tail.at(-1);
    const complete = last && last.end <= edge ? u.tail.length : u.tail.length - 1;
    const actions = complete > 0 ? [this.commit(u, complete)] : [];
    u.trimSample = Math.max(u.trimSample, Math.min(edge, u.tail[0]?.start ?? edge));
    // Timestamps that never move forward must not make the same full window run forever.
    if (u.trimSample === before && u.tailEnd - before >= this.windowSamples) {
      if (u.tail.length > 0) actions.push(this.commit(u, u.tail.length));
      u.trimSample = Math.max(u.trimSample, edge);
    }
    return actions;
  }

  private transcribe(u: Utterance, kind: Job['kind'], targetSample: number, followers: Utterance[] = []): PolicyAction[] {
    const actions = targetSample - u.trimSample > this.windowSamples ? this.forceCommit(u) : [];
    const fromSample = u.trimSample;
    const toSample = Math.min(targetSample, fromSample + this.windowSamples);
    if (toSample <= fromSample) return kind === 'final' ? [...actions, ...this.finish(u)] : actions;
    this.job = { utterance: u, kind, fromSample, toSample, followers };
    // Earlier utterances' finals, not this one's own (a pass re-hearing it after a resume must not read it twice).
    const earlier = this.context.filter((c) => c.utteranceId !== u.id).map((c) => c.text);
    const prompt = lastChars(joinText([...earlier, ...u.committed]), this.opts.promptChars);
    return [...actions, { type: 'transcribe', kind, fromSample, toSample, prompt }];
  }

  /** Starts the next transcription if the model is idle: finals of ended utterances first, oldest first. */
  private schedule(nowMs: number): PolicyAction[] {
    const actions: PolicyAction[] = [];
    const idle = this.job === null;
    while (!this.job) {
      const ended = this.utterances.find((u) => u.endSample !== null);
      if (ended) {
        const followers = this.backlog(ended);
        const last = followers.at(-1) ?? ended;
        actions.push(...this.transcribe(ended, 'final', last.endSample ?? last.availableSample, followers));
        continue;
      }
      // No ended utterance is waiting, so the live one is the oldest: its final may come before the VAD's end.
      const live = this.live();
      if (live?.pausedSample != null) {
        if (!this.quietLongEnough(live)) break;
        // Likely the end. The last partial already heard every word: that is the final (emitFinal says nothing twice).
        if (live.tailEnd >= live.pausedSample) actions.push(...this.emitFinal(live));
        else if (live.requestedSample < live.pausedSample) {
          // Hear all of it now, once.
          live.requestedSample = live.availableSample;
          actions.push(...this.transcribe(live, 'partial', live.availableSample));
        }
      } else if (live && nowMs - this.lastPartialStartMs >= this.opts.minPartialIntervalMs && this.canAffordPartial(nowMs) && live.availableSample - live.requestedSample >= this.newAudioSamples) {
        live.requestedSample = live.availableSample;
        actions.push(...this.transcribe(live, 'partial', live.availableSample));
        this.lastPartialStartMs = nowMs;
      }
      break;
    }
    if (idle && this.job) this.jobStartedMs = nowMs;
    return actions;
  }

  /** Whether the speaker has been quiet long enough, for what a pass costs here, to guess that speech has ended. */
  private quietLongEnough(u: Utterance): boolean {
    const quietMs = ((u.availableSample - u.pausedSample!) * 1000) / this.sampleRate;
    return quietMs >= Math.min(this.opts.maxPauseWaitMs, this.lastPassMs * this.opts.pauseShareOfPass);
  }

  private canAffordPartial(nowMs: number): boolean {
    const from = nowMs - this.opts.loadWindowMs;
    this.passes = this.passes.filter((p) => p.end > from);
    const busy = this.passes.reduce((sum, p) => sum + p.end - Math.max(p.start, from), 0);
    return busy + this.lastPassMs <= this.opts.maxPartialLoad * this.opts.loadWindowMs;
  }

  /** Retires the utterance: its final if the text changed since the last one, then its end. */
  private finish(u: Utterance): PolicyAction[] {
    this.utterances = this.utterances.filter((other) => other !== u);
    return [...this.emitFinal(u), { type: 'end', utteranceId: u.id }];
  }

  private textOf(u: Utterance): string {
    return joinText([...u.committed, wordsText(u.tail)]);
  }

  /** The utterance's final, or its next revision when its text changed; nothing for an utterance that never said a word. */
  private emitFinal(u: Utterance): PolicyAction[] {
    const text = this.textOf(u);
    if (text === (u.said ?? '')) return [];
    u.said = text;
    this.context = this.context.filter((c) => c.utteranceId !== u.id);
    if (text !== '') this.context.push({ utteranceId: u.id, text });
    // The prompt needs only the last promptChars; older finals can go.
    while (this.context.length > 1 && joinText(this.context.slice(1).map((c) => c.text)).length >= this.opts.promptChars) this.context.shift();
    // Before the VAD's end, a final heard at a pause ends where the voice did.
    const endSample = u.endSample ?? u.pausedSample ?? u.availableSample;
    return [{ type: 'final', utteranceId: u.id, text, startSample: u.rangeStart, endSample, revision: u.revision++ }];
  }
}
