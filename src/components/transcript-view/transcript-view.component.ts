import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { languageName } from '../../engine/languages';
import { speakerName } from '../../engine/speakers';
import type { Segment, Transcript } from '../../engine/transcript';
import { WhisperSeekEvent, WhisperSegmentEditEvent, WhisperSpeakerRenameEvent, WhisperUndoEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { clock } from '../../shared/clock';
import { segmentAt, segmentText, textPieces, wordAt, type Match, type SegmentText } from './segment-text';
import { styles } from './transcript-view.styles';

/** Words the model gave less than this probability are marked for checking. */
export const LOW_CONFIDENCE = 0.5;

/** Long enough to read, short enough that a second copy shows fresh feedback. */
const MESSAGE_MS = 2500;

const isUndo = (e: KeyboardEvent): boolean => (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z';

/**
 * @tagname wr-transcript-view
 * @summary The transcript as a list of timed segments, plus the text still being decoded; the word being played
 * lit, uncertain words marked, corrections typed in place.
 *
 * A segment's language is shown when it differs from the transcript's language, or on every segment once more
 * than one language occurs, so mixed-language recordings stay readable. Where the model timed the words, a click
 * on a word plays from it, the word being played is lit, and words below `low-confidence` are underlined and read
 * out as "unsure". A speaker's name opens each of their turns.
 *
 * The list is one stop for Tab: ↑/↓ (Home/End) move between segments, Enter plays one, F2 corrects it (`editable`),
 * Ctrl+Z asks to take back the last correction.
 *
 * @fires whisper-seek - `{ start: number, end: number }` (seconds) when a segment, or a word, is activated.
 * @fires whisper-segment-edit - `{ index, text }` when a correction is saved.
 * @fires whisper-speaker-rename - `{ label, name }` when a speaker is named.
 * @fires whisper-undo - when Ctrl+Z is pressed outside a text field.
 *
 * @csspart list - The `<ol>` of segments.
 * @csspart segment - A segment button; also `segment-active` on the one being played.
 * @csspart time - The `[mm:ss]` label.
 * @csspart text - The segment text.
 * @csspart word - A timed word; also `word-current` (being played) and `word-low` (uncertain).
 * @csspart match - A search hit; also `match-current`.
 * @csspart speaker - A speaker's name (a rename button when `editable`).
 * @csspart edited - The "edited" badge of a corrected segment.
 * @csspart language - The language badge.
 * @csspart actions - A segment's Edit and Copy buttons (`edit-button`, `copy-button`).
 * @csspart editor - The correction form; `editor-input` its text field.
 * @csspart partial - The text still being transcribed.
 * @csspart message - What a copy did.
 * @csspart empty - The empty-state text.
 *
 * @cssproperty --whisper-accent - Active segment and word highlight, focus ring.
 * @cssproperty --whisper-warning - Underline of uncertain words.
 * @cssproperty --whisper-highlight - Background of search hits.
 * @cssproperty --whisper-muted - Colour of times and in-progress text.
 * @cssproperty --whisper-transcript-max-height - Height after which the list scrolls (default: none).
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 */
export class WrTranscriptView extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) transcript: Transcript | null = null;

  /** Text the decoder has produced for the window in progress; replaced as it grows. */
  @property() partial = '';

  /** Playback position in seconds; the segment and word containing it are lit. Negative: nothing plays. */
  @property({ type: Number, attribute: 'active-time' }) activeTime = -1;

  /** Text shown when there is neither a transcript nor partial text. */
  @property({ attribute: 'empty-text' }) emptyText = 'No transcript yet. Add a file or start recording.';

  /** Segments can be corrected and speakers named; the page applies and keeps what the events report. */
  @property({ type: Boolean }) editable = false;

  /** Words below this probability (0–1) are marked as uncertain. */
  @property({ type: Number, attribute: 'low-confidence' }) lowConfidence = LOW_CONFIDENCE;

  /** Search hits to highlight (see findMatches), and the index of the current one (-1: none). */
  @property({ attribute: false }) hits: readonly Match[] = [];
  @property({ type: Number, attribute: false }) currentHit = -1;

  @state() private editing = -1;
  @state() private renaming: { label: string; index: number } | null = null;
  /** The segment whose controls Tab reaches (a roving tab stop). */
  @state() private focusIndex = 0;
  @state() private message = '';

  private readonly shownText = new WeakMap<Segment, SegmentText>();
  private lit: [segment: number, word: number] = [-1, -1];
  private messageTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.messageTimer);
  }

  /** Moves keyboard focus to segment `index` (it becomes the list's tab stop). */
  async focusSegment(index: number): Promise<void> {
    this.focusIndex = index;
    await this.updateComplete;
    this.segmentButton(index)?.focus();
  }

  /** Playback moves every frame, but the list only redraws when another word or segment lights up. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has('activeTime')) {
      const next = this.litAt(this.activeTime);
      return next[0] !== this.lit[0] || next[1] !== this.lit[1];
    }
    return true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('transcript')) {
      const count = this.transcript?.segments.length ?? 0;
      if (this.focusIndex >= count) this.focusIndex = Math.max(0, count - 1);
      if (this.editing >= count) this.editing = -1;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = this.lit[0];
    this.lit = this.litAt(this.activeTime);
    if (this.lit[0] >= 0 && this.lit[0] !== before) this.reveal(this.renderRoot.querySelector(`li[data-index="${this.lit[0]}"]`));
    if (changed.has('currentHit') || changed.has('hits')) this.reveal(this.renderRoot.querySelector('mark.current'));
  }

  override render() {
    const segments = this.transcript?.segments ?? [];
    const partial = this.partial.trim();
    if (segments.length === 0 && !partial) {
      return html`<p part="empty" class="empty">${this.emptyText}</p>`;
    }
    const withHours = segments.some((s) => s.start >= 3600);
    const showLanguage = this.languageBadgeRule(segments);
    const [active, word] = this.litAt(this.activeTime);
    const hitMap = this.hitsBySegment();
    return html`
      ${segments.length > 0
        ? html`<ol part="list" class="list" aria-label="Transcript" @keydown=${this.onListKey} @focusin=${this.onFocusIn}>
            ${repeat(
              segments,
              (s, i) => `${i}:${s.start}`,
              (s, i) => html`<li data-index=${i} class=${i === this.focusIndex ? 'focus' : ''}>
                ${s.speaker && s.speaker !== segments[i - 1]?.speaker ? this.renderSpeaker(s.speaker, i) : nothing}
                <div class="row">
                  ${this.editing === i
                    ? this.renderEditor(s, i, withHours)
                    : this.renderSegment(s, i, { active: i === active, word: i === active ? word : -1, withHours, badge: showLanguage(s), hits: hitMap.get(i) ?? [] })}
                  ${this.renderActions(s, i, withHours)}
                </div>
              </li>`,
            )}
          </ol>`
        : nothing}
      ${partial
        ? html`<p part="partial" class="partial" role="note" aria-label="in progress">${partial}</p>`
        : nothing}
      <p part="message" class="message" role="status">${this.message}</p>
    `;
  }

  private renderSegment(segment: Segment, i: number, o: { active: boolean; word: number; withHours: boolean; badge: string | undefined; hits: { start: number; end: number; current: boolean }[] }) {
    const shown = this.textOf(segment);
    const words = segment.words ?? [];
    return html`
      <button
        part=${o.active ? 'segment segment-active' : 'segment'}
        class="segment"
        type="button"
        data-index=${i}
        tabindex=${i === this.focusIndex ? 0 : -1}
        aria-current=${o.active ? 'true' : 'false'}
        @click=${(e: Event) => this.play(e, segment, i)}
      >
        <span part="time" class="time">[${clock(segment.start, o.withHours)}]</span>
        <span part="text" class="text" lang=${ifDefined(this.textLang(segment))}>${textPieces(shown, o.hits).map((piece) => {
          const runs = piece.runs.map((r) => (r.highlight === 'none' ? r.text : html`<mark part=${r.highlight === 'current' ? 'match match-current' : 'match'} class=${r.highlight}>${r.text}</mark>`));
          if (piece.word < 0) return runs;
          const low = words[piece.word]!.probability < this.lowConfidence;
          const current = piece.word === o.word;
          const parts = ['word', ...(current ? ['word-current'] : []), ...(low ? ['word-low'] : [])].join(' ');
          return html`<span part=${parts} class="word ${current ? 'current' : ''} ${low ? 'low' : ''}" data-word=${piece.word}>${runs}${low ? html`<span class="visually-hidden"> (unsure)</span>` : nothing}</span>`;
        })}</span>
        ${segment.edited ? html`<span part="edited" class="badge">edited</span>` : nothing}
        ${o.badge ? html`<span part="language" class="badge" lang="en">${o.badge}</span>` : nothing}
      </button>
    `;
  }

  private renderActions(segment: Segment, i: number, withHours: boolean) {
    if (this.editing === i) return nothing;
    const at = clock(segment.start, withHours);
    const tabindex = i === this.focusIndex ? 0 : -1;
    return html`<div part="actions" class="actions">
      ${this.editable
        ? html`<button part="edit-button" type="button" tabindex=${tabindex} aria-label="Edit segment at ${at}" @click=${() => void this.startEdit(i)}>Edit</button>`
        : nothing}
      <button part="copy-button" type="button" tabindex=${tabindex} aria-label="Copy segment at ${at}" @click=${() => void this.copy(segment, at)}>Copy</button>
    </div>`;
  }

  private renderEditor(segment: Segment, i: number, withHours: boolean) {
    const at = clock(segment.start, withHours);
    return html`<div part="editor" class="editor">
      <textarea
        part="editor-input"
        rows="2"
        aria-label="Text at ${at}"
        aria-describedby="edit-hint"
        .value=${segment.text.replace(/\s+/g, ' ').trim()}
        @keydown=${(e: KeyboardEvent) => this.onEditorKey(e, i)}
      ></textarea>
      <div class="editor-actions">
        <button type="button" @click=${() => void this.saveEdit(i)}>Save</button>
        <button type="button" @click=${() => void this.endEdit(i)}>Cancel</button>
        <span id="edit-hint" class="hint">Enter saves, Escape cancels.</span>
      </div>
    </div>`;
  }

  private renderSpeaker(label: string, i: number) {
    const name = speakerName(label, this.transcript?.meta.speakers);
    if (this.renaming?.index === i) {
      return html`<form class="rename" @submit=${(e: Event) => this.saveRename(e, label, i)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.endRename(i)}>
        <input name="name" aria-label="Name for ${name}" .value=${name} />
        <button type="submit">Save</button>
        <button type="button" @click=${() => this.endRename(i)}>Cancel</button>
      </form>`;
    }
    if (!this.editable) return html`<p part="speaker" class="speaker">${name}</p>`;
    return html`<button part="speaker" class="speaker" type="button" data-speaker=${i} tabindex=${i === this.focusIndex ? 0 : -1} aria-label="Rename ${name}" @click=${() => void this.startRename(label, i)}>${name}</button>`;
  }

  /** A click on a timed word plays from that word; anywhere else, from the segment's start. */
  private play(e: Event, segment: Segment, index: number): void {
    // Touch browsers that do not focus a tapped button still make it the current segment.
    this.focusIndex = index;
    const target = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-word]') : null;
    const word = target ? segment.words?.[Number(target.dataset.word)] : undefined;
    this.dispatchEvent(new WhisperSeekEvent({ start: word?.start ?? segment.start, end: segment.end }));
  }

  private onListKey(e: KeyboardEvent): void {
    const field = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
    if (field) return;
    if (isUndo(e)) {
      e.preventDefault();
      this.dispatchEvent(new WhisperUndoEvent());
      return;
    }
    const count = this.transcript?.segments.length ?? 0;
    const from = this.focusIndex;
    const to = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: count - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      void this.focusSegment(Math.max(0, Math.min(count - 1, to)));
    } else if (e.key === 'F2' && this.editable) {
      e.preventDefault();
      void this.startEdit(from);
    }
  }

  private onFocusIn(e: FocusEvent): void {
    const row = e.target instanceof Element ? e.target.closest<HTMLElement>('li[data-index]') : null;
    if (row) this.focusIndex = Number(row.dataset.index);
  }

  private async startEdit(i: number): Promise<void> {
    if (!this.editable) return;
    this.focusIndex = i;
    this.editing = i;
    await this.updateComplete;
    const field = this.renderRoot.querySelector('textarea');
    field?.focus();
    field?.select();
  }

  private onEditorKey(e: KeyboardEvent, i: number): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      void this.endEdit(i);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.saveEdit(i);
    }
  }

  private async saveEdit(i: number): Promise<void> {
    const text = this.renderRoot.querySelector('textarea')?.value ?? '';
    this.dispatchEvent(new WhisperSegmentEditEvent({ index: i, text }));
    await this.endEdit(i);
  }

  /** Closes the editor and gives focus back to the segment. */
  private async endEdit(i: number): Promise<void> {
    this.editing = -1;
    await this.focusSegment(i);
  }

  private async startRename(label: string, index: number): Promise<void> {
    this.renaming = { label, index };
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('form.rename input');
    input?.focus();
    input?.select();
  }

  private saveRename(e: Event, label: string, i: number): void {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    this.dispatchEvent(new WhisperSpeakerRenameEvent({ label, name: input.value }));
    void this.endRename(i);
  }

  private async endRename(i: number): Promise<void> {
    this.renaming = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-speaker="${i}"]`)?.focus();
  }

  private async copy(segment: Segment, at: string): Promise<void> {
    const text = this.textOf(segment).text;
    const line = segment.speaker ? `${speakerName(segment.speaker, this.transcript?.meta.speakers)}: ${text}` : text;
    try {
      // Absent outside secure contexts, which is a failure to report, not a crash.
      if (!navigator.clipboard) throw new Error('the clipboard is not available on this page');
      await navigator.clipboard.writeText(line);
      this.show(`Copied the segment at ${at}.`);
    } catch (error) {
      this.show(`Could not copy: ${error instanceof Error && error.message ? error.message : 'permission was denied'}.`);
    }
  }

  private show(message: string): void {
    this.message = message;
    clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => (this.message = ''), MESSAGE_MS);
  }

  private textOf(segment: Segment): SegmentText {
    let shown = this.shownText.get(segment);
    if (!shown) this.shownText.set(segment, (shown = segmentText(segment)));
    return shown;
  }

  private hitsBySegment(): Map<number, { start: number; end: number; current: boolean }[]> {
    const hits = new Map<number, { start: number; end: number; current: boolean }[]>();
    this.hits.forEach((m, i) => {
      const list = hits.get(m.segment) ?? [];
      list.push({ start: m.start, end: m.end, current: i === this.currentHit });
      hits.set(m.segment, list);
    });
    return hits;
  }

  private litAt(t: number): [number, number] {
    const segments = this.transcript?.segments ?? [];
    if (!Number.isFinite(t) || t < 0) return [-1, -1];
    const segment = segmentAt(segments, t);
    const s = segments[segment];
    return [segment, s && !s.edited && s.words ? wordAt(s.words, t) : -1];
  }

  /** Scrolls `el` into view only as far as needed: smoothly, unless the user asked for less motion. */
  private reveal(el: Element | null): void {
    if (!el || this.editing >= 0) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }

  private segmentButton(index: number): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`button.segment[data-index="${index}"]`);
  }

  /** Returns the badge text for a segment, or undefined when its language goes without saying. */
  private languageBadgeRule(segments: readonly Segment[]): (s: Segment) => string | undefined {
    const main = this.transcript?.meta.language;
    const seen = new Set(segments.map((s) => s.language).filter((l): l is string => !!l));
    const mixed = seen.size > 1;
    return (s) => {
      if (!s.language) return undefined;
      if (mixed || (main !== undefined && s.language !== main)) return languageName(s.language);
      return undefined;
    };
  }

  /** Translated text is English whatever language was spoken. */
  private textLang(segment: Segment): string | undefined {
    return this.transcript?.meta.task === 'translate' ? 'en' : segment.language;
  }
}
