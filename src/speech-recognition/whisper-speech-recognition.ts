import type { Dtype } from '../models/dtype.ts';
import type { DeviceChoice } from '../shared/choices.ts';
import type { LiveErrorCode, LiveEvent, LiveSession, LiveSessionState } from '../engine/live-session.ts';
import { WHISPER_LANGUAGES } from '../engine/languages.ts';
import type { LoadConsent } from '../engine/load-consent.ts';
import { browserLoadRecords, trustingHosts } from '../engine/load-records.ts';
import { TranscriptionEngine } from '../engine/transcription-engine.ts';
import { authorHosts } from '../models/model-source.ts';
import { RecognitionBook, type RecognitionChange } from './recognition-results.ts';
import {
  WhisperSpeechRecognitionErrorEvent,
  WhisperSpeechRecognitionEvent,
  type RecognitionErrorCode,
  type WhisperSpeechRecognitionEventMap,
} from './speech-recognition-events.ts';

export interface WhisperSpeechRecognitionOptions {
  /** Share one engine (and one loaded model) with the rest of the page; by default all instances share their own. */
  engine?: TranscriptionEngine;
  /** Hub id, absolute URL or same-origin path; absent, the device plan chooses. */
  model?: string;
  device?: DeviceChoice;
  dtype?: Dtype | `${Dtype},${Dtype}`;
  /** Where hub ids are fetched from instead of the Hugging Face hub. */
  modelBaseUrl?: string;
  /** A microphone deviceId; the browser's default when absent. */
  microphone?: string;
  /**
   * Answers what a model load asks first (`consent.kind`: 'host', a model from a host other than this site, the
   * Hugging Face hub and the hosts of `model` and `modelBaseUrl`; 'download', a first download over 500 MB): true
   * lets it go ahead. Without it, recognition on the instances' own engine says no and fails with
   * 'service-not-allowed'; given an `engine`, the page answers `engine.status.consent` itself.
   */
  confirmLoad?: (consent: LoadConsent) => boolean | Promise<boolean>;
  /** Without `continuous`, how long to wait for speech before an 'no-speech' error ends recognition. Default 8000. */
  noSpeechTimeoutMs?: number;
}

type Handler<E extends Event> = ((this: WhisperSpeechRecognition, event: E) => unknown) | null;
type EventType = keyof WhisperSpeechRecognitionEventMap;

const EVENT_TYPES: readonly EventType[] = ['audiostart', 'soundstart', 'speechstart', 'speechend', 'soundend', 'audioend', 'result', 'nomatch', 'error', 'start', 'end'];
const LANGUAGE_CODES = new Set(WHISPER_LANGUAGES.map(([code]) => code));
const NO_SPEECH_TIMEOUT_MS = 8000;

/** The engine's fatal errors as the Web Speech API names them. */
const ERROR_CODES: Record<LiveErrorCode, RecognitionErrorCode> = {
  'permission-denied': 'not-allowed',
  'insecure-context': 'not-allowed',
  'no-microphone': 'audio-capture',
  'device-busy': 'audio-capture',
  'device-lost': 'audio-capture',
  'no-audio-track': 'audio-capture',
  unsupported: 'audio-capture',
  undecodable: 'audio-capture',
  // The model could not be downloaded or started: the recognition service is out of reach.
  'model-load': 'network',
  'worker-crashed': 'aborted',
  transcription: 'aborted',
};

/** One start() to its 'end'. */
interface Run {
  book: RecognitionBook;
  session: LiveSession | null;
  /** 'start' and 'audiostart' were fired. */
  listening: boolean;
  speaking: boolean;
  heardSpeech: boolean;
  /** stop() or abort() was asked for (or the first final came, without `continuous`). */
  stopping: boolean;
  /** Results are no longer told (abort(), an error, or the one result of a non-continuous run is out). */
  quiet: boolean;
  failed: boolean;
  finished: boolean;
  /** The load's question was answered no: its failure is 'service-not-allowed', not 'network'. */
  declined: boolean;
  /** Stops answering the engine's load questions. */
  unwatch: () => void;
  noSpeechTimer: ReturnType<typeof setTimeout> | undefined;
}

let sharedEngine: TranscriptionEngine | null = null;
/** Model hosts the page's code named to the instances sharing `sharedEngine`: its author chose them, so they are trusted. */
const namedHosts = new Set<string>();

/**
 * The Web Speech API's `SpeechRecognition`, answered by Whisper in the page: a page written for
 * `webkitSpeechRecognition` works with only its constructor changed. The microphone goes through the same engine
 * as `<whisper-recorder>`; nothing leaves the device.
 *
 * One result per utterance, with one alternative (`maxAlternatives` is accepted; Whisper gives one). An
 * utterance's result stays interim until the engine has confirmed the utterance is over, because Whisper may
 * revise a final when the speaker goes on after a pause, and the specification never changes a final result.
 * Without `continuous`, recognition ends after the first final result, as in browsers.
 *
 * @example
 * const recognition = new WhisperSpeechRecognition(); // was: new webkitSpeechRecognition()
 * recognition.interimResults = true;
 * recognition.onresult = (e) => console.log(e.results[e.resultIndex][0].transcript);
 * recognition.start();
 */
export class WhisperSpeechRecognition extends EventTarget {
  continuous = false;
  interimResults = false;
  /** A BCP 47 tag (`en-US`); its language subtag picks Whisper's language. Empty: the page's `lang`, else detected. */
  lang = '';
  /** Accepted for compatibility; every result has one alternative. */
  maxAlternatives = 1;
  /** Accepted for compatibility and ignored: Whisper takes no grammars. */
  grammars: unknown = null;

  onaudiostart: Handler<Event> = null;
  onsoundstart: Handler<Event> = null;
  onspeechstart: Handler<Event> = null;
  onspeechend: Handler<Event> = null;
  onsoundend: Handler<Event> = null;
  onaudioend: Handler<Event> = null;
  onresult: Handler<WhisperSpeechRecognitionEvent> = null;
  onnomatch: Handler<WhisperSpeechRecognitionEvent> = null;
  onerror: Handler<WhisperSpeechRecognitionErrorEvent> = null;
  onstart: Handler<Event> = null;
  onend: Handler<Event> = null;

  private run: Run | null = null;

  constructor(private readonly options: WhisperSpeechRecognitionOptions = {}) {
    super();
    if (!options.engine && typeof location !== 'undefined') {
      for (const host of authorHosts([options.model, options.modelBaseUrl], location.href)) namedHosts.add(host);
    }
    // The on… properties hear each event first, as event handler attributes set before any listener do.
    for (const type of EVENT_TYPES) {
      super.addEventListener(type, (event) => (this[`on${type}`] as Handler<Event>)?.call(this, event));
    }
  }

  override addEventListener<K extends EventType>(type: K, listener: (this: WhisperSpeechRecognition, event: WhisperSpeechRecognitionEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  /** Starts listening. Throws InvalidStateError if already started (until 'end'). */
  start(): void {
    if (this.run) throw new DOMException('SpeechRecognition: start() was called while recognition was already started.', 'InvalidStateError');
    const run: Run = {
      book: new RecognitionBook({ interim: this.interimResults, single: !this.continuous }),
      session: null,
      listening: false,
      speaking: false,
      heardSpeech: false,
      stopping: false,
      quiet: false,
      failed: false,
      finished: false,
      declined: false,
      unwatch: () => undefined,
      noSpeechTimer: undefined,
    };
    this.run = run;
    void this.begin(run);
  }

  /** Stops listening and returns what was heard: speech in progress becomes a final result, then 'end'. */
  stop(): void {
    const run = this.run;
    if (run) this.halt(run);
  }

  /** Stops listening at once; no more results, then 'end'. */
  abort(): void {
    const run = this.run;
    if (!run) return;
    run.quiet = true;
    this.halt(run);
  }

  private async begin(run: Run): Promise<void> {
    const language = this.whisperLanguage();
    if (language === null) {
      await Promise.resolve();
      this.fail(run, 'language-not-supported', `Whisper does not know the language of lang="${this.lang}".`);
      this.finish(run);
      return;
    }
    const engine = this.options.engine ?? (sharedEngine ??= new TranscriptionEngine({ records: trustingHosts(browserLoadRecords(), () => namedHosts) }));
    const answer = this.options.confirmLoad ?? (this.options.engine ? null : () => false);
    if (answer) run.unwatch = this.answerLoadQuestions(run, engine, answer);
    const { model, device, dtype, modelBaseUrl } = this.options;
    try {
      await engine.configure({
        ...(model ? { model } : {}),
        ...(device ? { device } : {}),
        ...(dtype ? { dtype } : {}),
        ...(modelBaseUrl ? { modelBaseUrl } : {}),
        language,
        task: 'transcribe',
      });
    } catch (error) {
      this.fail(run, 'service-not-allowed', error instanceof Error ? error.message : String(error));
      this.finish(run);
      return;
    }
    if (run.finished) return;
    run.session = engine.startLive({
      source: {
        kind: 'microphone',
        ...(this.options.microphone ? { deviceId: this.options.microphone } : {}),
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      },
      language: language === 'auto' ? null : language,
      partials: this.interimResults,
      onEvent: (event) => this.onEvent(run, event),
    });
    if (run.stopping) void run.session.stop();
  }

  private onEvent(run: Run, event: LiveEvent): void {
    if (run.finished) return;
    switch (event.type) {
      case 'state':
        this.onState(run, event.state);
        break;
      case 'partial':
        this.tell(run, run.book.partial(event.detail.utteranceId, event.detail.text));
        break;
      case 'final':
        this.tell(run, run.book.final(event.detail));
        break;
      case 'utterance-end':
        this.tell(run, run.book.end(event.utteranceId));
        // Without `continuous`, the first final result is the last.
        if (!this.continuous && run.book.settled) {
          run.quiet = true;
          this.halt(run);
        }
        break;
      case 'error':
        if (event.fatal) this.fail(run, run.declined && event.code === 'model-load' ? 'service-not-allowed' : ERROR_CODES[event.code], event.message);
        break;
    }
  }

  private onState(run: Run, state: LiveSessionState): void {
    if (state === 'listening' && !run.listening) {
      run.listening = true;
      this.fire('start');
      this.fire('audiostart');
      if (!this.continuous) {
        run.noSpeechTimer = setTimeout(() => {
          this.fail(run, 'no-speech', 'No speech was heard.');
          run.quiet = true;
          this.halt(run);
        }, this.options.noSpeechTimeoutMs ?? NO_SPEECH_TIMEOUT_MS);
      }
    }
    if (state === 'speaking' && !run.speaking) {
      run.speaking = true;
      run.heardSpeech = true;
      clearTimeout(run.noSpeechTimer);
      this.fire('soundstart');
      this.fire('speechstart');
    } else if (state !== 'speaking' && run.speaking) {
      this.speechEnded(run);
    }
    if (state === 'stopped' || state === 'error') this.finish(run);
  }

  /** Answers each question the engine's load asks while `run` lasts; returns how to stop. */
  private answerLoadQuestions(run: Run, engine: TranscriptionEngine, answer: (consent: LoadConsent) => boolean | Promise<boolean>): () => void {
    let asked: LoadConsent | null = null;
    const onStatus = (): void => {
      const consent = engine.status.consent;
      if (!consent || consent === asked) return;
      asked = consent;
      void Promise.resolve()
        .then(() => answer(consent))
        .catch(() => false)
        .then((yes) => {
          // Answered elsewhere meanwhile, or the settings changed and the load goes on with another plan.
          if (engine.status.consent !== consent) return;
          if (!yes) run.declined = true;
          engine.answerConsent(yes);
        });
    };
    engine.addEventListener('status', onStatus);
    onStatus();
    return () => engine.removeEventListener('status', onStatus);
  }

  private halt(run: Run): void {
    if (run.stopping) return;
    run.stopping = true;
    clearTimeout(run.noSpeechTimer);
    if (run.session) void run.session.stop();
    // Still configuring: nothing was opened, so it ends now (begin() sees it and starts nothing).
    else this.finish(run);
  }

  private speechEnded(run: Run): void {
    run.speaking = false;
    this.fire('speechend');
    this.fire('soundend');
  }

  private fail(run: Run, error: RecognitionErrorCode, message: string): void {
    if (run.failed || run.finished) return;
    run.failed = true;
    run.quiet = true;
    this.dispatchEvent(new WhisperSpeechRecognitionErrorEvent(error, message));
  }

  private tell(run: Run, change: RecognitionChange | null): void {
    if (change && !run.quiet) this.dispatchEvent(new WhisperSpeechRecognitionEvent('result', change.resultIndex, change.results));
  }

  private finish(run: Run): void {
    if (run.finished) return;
    run.finished = true;
    run.unwatch();
    clearTimeout(run.noSpeechTimer);
    if (run.speaking) this.speechEnded(run);
    if (run.listening) this.fire('audioend');
    // Speech was heard, recognition was not cut short, and yet no final result came of it.
    if (run.heardSpeech && !run.quiet && !run.book.settled) this.dispatchEvent(new WhisperSpeechRecognitionEvent('nomatch', 0, run.book.results));
    // Free before 'end', so a page may start() again from its onend.
    this.run = null;
    this.fire('end');
  }

  private fire(type: EventType): void {
    this.dispatchEvent(new Event(type));
  }

  /** `lang`'s language subtag if Whisper knows it (null if not); without `lang`, the page's, else 'auto'. */
  private whisperLanguage(): string | null {
    const explicit = this.lang.trim();
    const tag = explicit || (typeof document === 'undefined' ? '' : document.documentElement.lang.trim());
    const code = tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
    if (LANGUAGE_CODES.has(code)) return code;
    return explicit ? null : 'auto';
  }
}
