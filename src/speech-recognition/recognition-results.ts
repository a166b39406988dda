/**
 * The Web Speech API's view of a live session's text, kept apart from any DOM so it can be tested alone: one
 * result per utterance, in order, each with one alternative.
 *
 * Whisper's finals may be revised: the engine gives an utterance's final at the first pause and a revision if the
 * speaker goes on. The Web Speech API says a result with `isFinal` never changes again, so here an utterance's
 * result stays interim, carrying the latest final's text, until the engine says the utterance is over
 * ('utterance-end'); only then is it final. Interim results may change or disappear (a final taken back), as the
 * specification allows for them.
 */
import type { FinalDetail } from '../engine/live-transcriber.ts';

export interface RecognitionAlternative {
  readonly transcript: string;
  /** 0–1; interim results say 0 (not estimated), as Chrome's do. */
  readonly confidence: number;
}

export interface RecognitionResult extends ReadonlyArray<RecognitionAlternative> {
  readonly isFinal: boolean;
  item(index: number): RecognitionAlternative | null;
}

export interface RecognitionResultList extends ReadonlyArray<RecognitionResult> {
  item(index: number): RecognitionResult | null;
}

/** What a `result` event carries: the whole list and the first index that changed. */
export interface RecognitionChange {
  resultIndex: number;
  results: RecognitionResultList;
}

export interface RecognitionBookOptions {
  /** `interimResults`: interim results are part of the list (and changes to them are told). */
  interim: boolean;
  /** Not `continuous`: only the first utterance with words gets a result. */
  single: boolean;
}

interface Slot {
  utteranceId: number;
  /** What is shown: the latest partial or final. */
  text: string;
  /** The latest final's text; null before the first. Partials alone never make a final result. */
  finalText: string | null;
  language: string;
  final: boolean;
  confidence: number;
}

/** Scripts written without spaces between words: their results are joined without one. */
const UNSPACED = new Set(['zh', 'yue', 'ja', 'th', 'lo', 'my', 'km', 'bo']);

export class RecognitionBook {
  private slots: Slot[] = [];

  constructor(private readonly options: RecognitionBookOptions) {}

  /** A final result has been given: in single mode, nothing more will be. */
  get settled(): boolean {
    return this.slots.some((s) => s.final);
  }

  /** The results as they stand. */
  get results(): RecognitionResultList {
    return this.list();
  }

  /** Text in progress for an utterance. */
  partial(utteranceId: number, text: string, language = ''): RecognitionChange | null {
    return this.interim(utteranceId, text, language, 0);
  }

  /** An utterance's final (or a revision of it): interim until `end`. */
  final(detail: FinalDetail): RecognitionChange | null {
    const change = this.interim(detail.utteranceId, detail.text, detail.language, detail.confidence);
    const slot = this.slots.find((s) => s.utteranceId === detail.utteranceId);
    if (slot && !slot.final) {
      slot.finalText = detail.text;
      slot.confidence = detail.confidence;
    }
    return change;
  }

  /** The utterance is over: its result becomes final (always told), or goes if it has no words. */
  end(utteranceId: number): RecognitionChange | null {
    const at = this.slots.findIndex((s) => s.utteranceId === utteranceId);
    const slot = this.slots[at];
    if (!slot || slot.final) return null;
    if (!slot.finalText) return this.remove(at);
    slot.text = slot.finalText;
    slot.final = true;
    return this.change(slot);
  }

  private interim(utteranceId: number, text: string, language: string, confidence: number): RecognitionChange | null {
    const at = this.slots.findIndex((s) => s.utteranceId === utteranceId);
    const slot = this.slots[at];
    if (slot?.final) return null;
    if (!slot) {
      if (!text || (this.options.single && this.slots.length > 0)) return null;
      const added: Slot = { utteranceId, text, finalText: null, language, final: false, confidence };
      this.slots.push(added);
      return this.options.interim ? this.change(added) : null;
    }
    if (!text) return this.remove(at);
    if (slot.text === text) return null;
    slot.text = text;
    if (language) slot.language = language;
    return this.options.interim ? this.change(slot) : null;
  }

  private remove(at: number): RecognitionChange | null {
    const [slot] = this.slots.splice(at, 1);
    if (!slot || !this.options.interim) return null;
    return { resultIndex: Math.min(this.visible().length, this.visibleIndex(at)), results: this.list() };
  }

  private change(slot: Slot): RecognitionChange {
    return { resultIndex: this.visible().indexOf(slot), results: this.list() };
  }

  private visible(): Slot[] {
    return this.options.interim ? this.slots : this.slots.filter((s) => s.final);
  }

  /** Where slot `at` is (or was) in the visible list. */
  private visibleIndex(at: number): number {
    return this.options.interim ? at : this.slots.slice(0, at).filter((s) => s.final).length;
  }

  private list(): RecognitionResultList {
    const results = this.visible().map((slot, i) => {
      // As Chrome does, results after the first start with a space, so pages that concatenate them read well.
      const spaced = i > 0 && !UNSPACED.has(slot.language);
      const alternative: RecognitionAlternative = { transcript: `${spaced ? ' ' : ''}${slot.text}`, confidence: slot.final ? slot.confidence : 0 };
      return listOf([alternative], { isFinal: slot.final });
    });
    return listOf(results, {});
  }
}

function listOf<T, E extends object>(items: T[], extra: E): ReadonlyArray<T> & E & { item(index: number): T | null } {
  return Object.freeze(Object.assign(items, extra, { item: (index: number) => items[index] ?? null }));
}
