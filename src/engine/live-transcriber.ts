import { SampleBuffer } from '../audio/sample-buffer.ts';
import { SpeechSegmenter, type SegmenterEvent, type SegmenterOptions } from '../vad/speech-segmenter.ts';
import type { WindowResult } from './protocol.ts';
import { StreamingPolicy, type Hypothesis, type PolicyAction, type PolicyOptions } from './streaming-policy.ts';
import { shiftSegment, type Segment, type Word } from './transcript.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

export type LiveState = 'listening' | 'speaking' | 'processing';

/** A word timed a little before its utterance's pre-roll, or after its end, still belongs to it. */
const WORD_SLACK_SECONDS = 0.1;

export interface PartialDetail {
  text: string;
  utteranceId: number;
}

export interface FinalDetail {
  text: string;
  /** Seconds since the recording started. */
  start: number;
  end: number;
  utteranceId: number;
  language: string;
  /**
   * 0 for an utterance's first final. A final comes as soon as the speaker pauses; if they go on, the same
   * utteranceId comes again with the next revision and the whole utterance's text, replacing the earlier one
   * (an empty text takes it back).
   */
  revision: number;
  /**
   * How sure the model was, 0–1: the geometric mean of its token probabilities (exp of the average log-probability)
   * in the pass the text came from.
   */
  confidence: number;
  /**
   * Each word with its times (seconds since the recording started), where the model times words and its passes
   * heard the text as given.
   */
  words?: Word[];
}

export interface LiveTranscriberOptions {
  /**
   * `signal` aborts when the result is no longer wanted; the promise may then reject or resolve. A partial is thrown
   * away soon after, so it is decoded once, greedily; a final gets every guard (temperature fallback).
   */
  /**
   * `language` null detects it for each pass; `previousLanguage`, the last utterance's, stays unless another wins
   * clearly (src/shared/language-switch.ts).
   */
  transcribe(audio: Float32Array, options: { prompt: string; language: string | null; previousLanguage: string | null; kind: 'partial' | 'final'; signal: AbortSignal }): Promise<WindowResult>;
  /** Above this fallback temperature, a result's text is not given to later utterances as their prompt. */
  promptResetOnTemperature?: number;
  onPartial(detail: PartialDetail): void;
  onFinal(detail: FinalDetail): void;
  /** The utterance is over: no partial or revised final comes for it any more (it may never have had one). */
  onUtteranceEnd?(utteranceId: number): void;
  onState(state: LiveState): void;
  /** A transcription failed; the utterance still gets a final with what is known. */
  onError(error: unknown): void;
  /** Whether partial text is wanted at all (the model then only runs at the end of each utterance). */
  partials: boolean;
  /** A language code, or null to detect it on the first utterance with speech. */
  language: string | null;
  now?: () => number;
  segmenter?: Partial<SegmenterOptions>;
  policy?: Partial<PolicyOptions>;
}

export interface LiveBatch {
  frames: Float32Array;
  probabilities: Float32Array;
}

/** `finals` with `detail` applied: a new utterance's final appended, a revision replacing it (or removing it, if empty). */
export function applyFinal(finals: readonly FinalDetail[], detail: FinalDetail): FinalDetail[] {
  const at = finals.findIndex((f) => f.utteranceId === detail.utteranceId);
  if (at < 0) return detail.text ? [...finals, detail] : [...finals];
  return detail.text ? finals.map((f, i) => (i === at ? detail : f)) : finals.filter((_, i) => i !== at);
}

/**
 * Live audio to text: speech probabilities drive the segmenter (speech start/end with hysteresis, pre-roll,
 * minimum length, maximum length), the streaming policy decides what to transcribe and when (partials at a
 * computation-aware cadence, LocalAgreement commits for long utterances, exactly one final per utterance), and
 * the audio of utterances still open is kept in a buffer trimmed as they settle.
 */
export class LiveTranscriber {
  private readonly segmenter: SpeechSegmenter;
  private readonly policy: StreamingPolicy;
  private readonly buffer = new SampleBuffer();
  private readonly now: () => number;
  /** Utterances without a final yet → their first sample. */
  private readonly open = new Map<number, number>();
  private running: Promise<void> | null = null;
  private abortRunning: AbortController | null = null;
  private inSpeech = false;
  /** The language the user fixed, or null to detect it for every utterance. */
  private readonly language: string | null;
  /** What the model said the last pass was in: its final's language. */
  private heard = 'en';
  /** The language of the last pass with words, which the next one keeps unless another wins clearly. */
  private spoken: string | null = null;
  /** The latest pass's confidence, for the finals it gives. */
  private confidence = 0;
  private settled: (() => void)[] = [];
  /** The timed words the passes heard, in the recording's time: each pass's replace those from its start on. */
  private timed: Word[] = [];

  constructor(private readonly options: LiveTranscriberOptions) {
    this.segmenter = new SpeechSegmenter(options.segmenter);
    // Without partials, the only transcriptions are finals (and commits of very long utterances).
    this.policy = new StreamingPolicy(options.partials ? options.policy : { ...options.policy, minPartialIntervalMs: 10_000, minNewAudioMs: 25_000 });
    this.now = options.now ?? (() => performance.now());
    this.language = options.language;
  }

  push(batch: LiveBatch): void {
    this.buffer.append(batch.frames);
    for (const p of batch.probabilities) this.handleSegmenter(this.segmenter.process(Number.isNaN(p) ? 0 : p));
    if (this.inSpeech) this.handle(this.policy.audio(this.buffer.end, this.now()));
    this.trim();
    this.updateState();
  }

  /** Ends an utterance in progress (stop() mid-speech) and resolves when every final is out. */
  async finish(): Promise<void> {
    this.handleSegmenter(this.segmenter.flush());
    if (this.open.size === 0 && !this.running) return;
    await new Promise<void>((resolve) => this.settled.push(resolve));
  }

  private handleSegmenter(events: SegmenterEvent[]): void {
    for (const e of events) {
      if (e.type === 'speech-start') {
        this.inSpeech = true;
        this.open.set(e.utteranceId, e.startSample);
        this.policy.speechStart(e.utteranceId, e.startSample, e.onsetSample);
      } else if (e.type === 'speech-pause') {
        this.handle(this.policy.speechPause(e.voicedEndSample, this.now()));
      } else if (e.type === 'speech-resume') {
        this.handle(this.policy.speechResume(this.now()));
      } else if (e.type === 'speech-end') {
        this.inSpeech = false;
        this.handle(this.policy.speechEnd(e.endSample, this.now()));
      } else if (e.type === 'misfire') {
        this.inSpeech = false;
        this.handle(this.policy.discard(e.utteranceId));
      }
    }
  }

  private handle(actions: PolicyAction[]): void {
    for (const action of actions) {
      if (action.type === 'transcribe') this.run(action);
      else if (action.type === 'cancel') this.abortRunning?.abort();
      else if (action.type === 'partial') {
        if (this.options.partials && action.text) this.options.onPartial({ text: action.text, utteranceId: action.utteranceId });
      } else if (action.type === 'final') {
        const start = this.open.get(action.utteranceId) ?? action.startSample;
        const { text, utteranceId, revision } = action;
        const confidence = this.confidence;
        const words = this.wordsOf(text, start / SAMPLE_RATE, action.endSample / SAMPLE_RATE);
        this.options.onFinal({ text, start: start / SAMPLE_RATE, end: action.endSample / SAMPLE_RATE, utteranceId, language: this.language ?? this.heard, revision, confidence, ...(words && { words }) });
      } else if (action.type === 'end') {
        this.open.delete(action.utteranceId);
        this.options.onUtteranceEnd?.(action.utteranceId);
      }
    }
    this.updateState();
  }

  private run(action: Extract<PolicyAction, { type: 'transcribe' }>): void {
    const audio = this.buffer.copy(action.fromSample, action.toSample);
    const abort = (this.abortRunning = new AbortController());
    this.running = this.options
      .transcribe(audio, { prompt: action.prompt, language: this.language, previousLanguage: this.spoken, kind: action.kind, signal: abort.signal })
      .then(
        (result) => {
          this.heard = result.language;
          if (result.segments.length > 0) this.spoken = result.language;
          this.confidence = Number.isFinite(result.stats.avgLogprob) ? Math.exp(result.stats.avgLogprob) : 0;
          this.running = null;
          const from = action.fromSample / SAMPLE_RATE;
          const heard = result.segments.flatMap((segment) => shiftSegment(segment, from).words ?? []);
          this.timed = [...this.timed.filter((w) => w.start < from), ...heard];
          this.handle(this.policy.result(toHypothesis(result.segments), this.now()));
          if (result.highestTemperature > (this.options.promptResetOnTemperature ?? Number.POSITIVE_INFINITY)) this.policy.forgetContext();
        },
        (error: unknown) => {
          this.running = null;
          if (!abort.signal.aborted) this.options.onError(error);
          this.handle(this.policy.failed(this.now()));
        },
      )
      .finally(() => {
        this.trim();
        if (!this.running && this.open.size === 0) for (const resolve of this.settled.splice(0)) resolve();
      });
  }

  /** Audio before every open utterance (and before the pre-roll of the next one) is no longer needed. */
  private trim(): void {
    const keepFrom = Math.min(...this.open.values(), this.buffer.end - SAMPLE_RATE);
    this.buffer.discardBefore(keepFrom);
    this.timed = this.timed.filter((w) => w.end >= keepFrom / SAMPLE_RATE);
  }

  /**
   * The timed words of a final between `start` and `end`, when they say exactly its text: a final joins what its
   * passes committed, and words are only given where they are the words of that text.
   */
  private wordsOf(text: string, start: number, end: number): Word[] | undefined {
    const words = this.timed.filter((w) => w.start >= start - WORD_SLACK_SECONDS && w.start < end + WORD_SLACK_SECONDS);
    const spaced = (t: string) => t.replace(/\s+/g, ' ').trim();
    return words.length > 0 && spaced(words.map((w) => w.text).join('')) === spaced(text) ? words : undefined;
  }

  private updateState(): void {
    this.options.onState(this.inSpeech ? 'speaking' : this.running || this.open.size > 0 ? 'processing' : 'listening');
  }
}

/** The policy compares words; Whisper gives segments, so each segment's time is shared out over its words. */
export function toHypothesis(segments: readonly Segment[]): Hypothesis {
  const words: Hypothesis['words'] = [];
  for (const s of segments) {
    const parts = s.text.trim().split(/\s+/).filter(Boolean);
    const step = (s.end - s.start) / Math.max(1, parts.length);
    parts.forEach((text, i) => words.push({ text, start: s.start + i * step, end: s.start + (i + 1) * step }));
  }
  return { words };
}
