/** `smaller`: take the smaller model the question offered instead. */
export type LoadAnswer = 'accept' | 'decline' | 'smaller';

export interface LoadAnswerDetail {
  answer: LoadAnswer;
  /** The model offered instead, with `smaller`. */
  model?: string;
}

/** The user answered a load's question. Bubbles and is composed, like every `whisper-*` event. */
export class WhisperLoadAnswerEvent extends CustomEvent<LoadAnswerDetail> {
  static readonly eventName = 'whisper-load-answer';
  constructor(detail: LoadAnswerDetail) {
    super(WhisperLoadAnswerEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'whisper-load-answer': WhisperLoadAnswerEvent;
  }
}
