import type { LiveEvent } from '../engine/live-session.ts';
import type { TranscriptMeta } from '../engine/transcript.ts';
import { recordMeta } from './history-record.ts';
import type { HistoryStore, TranscriptWriter } from './history-store.ts';

const recordingName = (at: Date): string => `Recording ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at)}`;

/**
 * One live session in the history, fed its events in order: the record appears with the first final (a session in
 * which nothing was said leaves nothing behind), every final is appended as it comes (a revision replaces it), and
 * the session's end closes it.
 */
export class LiveHistory {
  private writer: TranscriptWriter | null = null;
  private error = '';
  /** Where each utterance's final is stored, so a revision replaces it. */
  private readonly places = new Map<number, number>();

  constructor(
    private readonly store: HistoryStore,
    /** How the transcript is being made, asked at the first final. */
    private readonly meta: () => TranscriptMeta,
    private readonly name: () => string = () => recordingName(new Date()),
  ) {}

  observe(event: LiveEvent): void {
    if (event.type === 'final') {
      const { start, end, text, language, utteranceId } = event.detail;
      this.writer ??= this.store.start({ kind: 'live', name: this.name(), ...recordMeta(this.meta()), language });
      const place = this.places.get(utteranceId);
      if (place === undefined) this.places.set(utteranceId, this.writer.append([{ start, end, text, language }], { durationSeconds: end }));
      else this.writer.revise(place, { start, end, text, language }, { durationSeconds: end });
    } else if (event.type === 'error' && event.fatal) {
      this.error = event.message;
    } else if (event.type === 'state' && (event.state === 'stopped' || event.state === 'error')) {
      this.writer?.finish(event.state === 'error' ? 'error' : 'done', this.error ? { error: this.error } : {});
      this.writer = null;
      this.places.clear();
    }
  }
}
