import type { RecognitionResultList } from './recognition-results.ts';

/** The Web Speech API's error codes; see the README for which of ours each one stands for. */
export type RecognitionErrorCode =
  | 'no-speech'
  | 'aborted'
  | 'audio-capture'
  | 'network'
  | 'not-allowed'
  | 'service-not-allowed'
  | 'language-not-supported'
  | 'bad-grammar';

/** `result` (and `nomatch`): shaped like the browser's SpeechRecognitionEvent. */
export class WhisperSpeechRecognitionEvent extends Event {
  /** Always null, as in Chrome. */
  readonly interpretation = null;
  readonly emma = null;

  constructor(
    type: 'result' | 'nomatch',
    readonly resultIndex: number,
    readonly results: RecognitionResultList,
  ) {
    super(type);
  }
}

/** `error`: shaped like the browser's SpeechRecognitionErrorEvent. */
export class WhisperSpeechRecognitionErrorEvent extends Event {
  constructor(
    readonly error: RecognitionErrorCode,
    readonly message: string,
  ) {
    super('error');
  }
}

export interface WhisperSpeechRecognitionEventMap {
  audiostart: Event;
  soundstart: Event;
  speechstart: Event;
  speechend: Event;
  soundend: Event;
  audioend: Event;
  result: WhisperSpeechRecognitionEvent;
  nomatch: WhisperSpeechRecognitionEvent;
  error: WhisperSpeechRecognitionErrorEvent;
  start: Event;
  end: Event;
}
