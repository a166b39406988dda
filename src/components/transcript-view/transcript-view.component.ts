import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import { languageName } from '../../engine/languages';
import type { Segment, Transcript } from '../../engine/transcript';
import { WhisperSeekEvent, WhisperSpeakerRenameEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { segmentClock } from './clock';
import { styles } from './transcript-view.styles';

/**
 * @tagname wr-transcript-view
 * @summary The transcript as a list of timed segments, plus the text still being decoded.
 *
 * A segment's language is shown when it differs from the transcript's language, or on every
 * segment once more than one language occurs, so mixed-language recordings stay readable.
 *
 * Where speakers were told apart, each segment starts with its speaker's name (the label, or the name the
 * transcript's meta gives it); activating the name lets the user rename that speaker everywhere.
 *
 * @fires whisper-seek - `{ start: number, end: number }` (seconds) when a segment is activated.
 * @fires whisper-speaker-rename - `{ label: string, name: string }` when a speaker is renamed (an empty name
 * shows the label again).
 *
 * @csspart list - The `<ol>` of segments.
 * @csspart segment - A segment button; also `segment-active` on the one being played.
 * @csspart speaker - The speaker's name before a segment (a button that renames); `speaker-input` - its editor.
 * @csspart time - The `[mm:ss]` label.
 * @csspart text - The segment text.
 * @csspart language - The language badge.
 * @csspart partial - The text still being transcribed.
 * @csspart empty - The empty-state text.
 *
 * @cssproperty --whisper-accent - Active segment highlight and focus ring.
 * @cssproperty --whisper-muted - Colour of times and in-progress text.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 */
export class WrTranscriptView extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) transcript: Transcript | null = null;

  /** Text the decoder has produced for the window in progress; replaced as it grows. */
  @property() partial = '';

  /** Playback position in seconds; the segment containing it is highlighted. Negative: nothing plays. */
  @property({ type: Number, attribute: 'active-time' }) activeTime = -1;

  /** Text shown when there is neither a transcript nor partial text. */
  @property({ attribute: 'empty-text' }) emptyText = 'No transcript yet. Add a file or start recording.';

  /** The segment whose speaker name is being edited. */
  @state() private renaming = -1;

  override render() {
    const segments = this.transcript?.segments ?? [];
    const partial = this.partial.trim();
    if (segments.length === 0 && !partial) {
      return html`<p part="empty" class="empty">${this.emptyText}</p>`;
    }
    const withHours = segments.some((s) => s.start >= 3600);
    const showLanguage = this.languageBadgeRule(segments);
    const active = this.activeIndex(segments);
    return html`
      ${segments.length > 0
        ? html`<ol part="list" class="list" aria-label="Transcript">
            ${repeat(
              segments,
              (s, i) => `${i}:${s.start}`,
              (s, i) => this.renderSegment(s, i, i === active, withHours, showLanguage(s)),
            )}
          </ol>`
        : nothing}
      ${partial
        ? html`<p part="partial" class="partial" role="note" aria-label="in progress">${partial}</p>`
        : nothing}
    `;
  }

  private renderSegment(segment: Segment, index: number, active: boolean, withHours: boolean, badge: string | undefined) {
    return html`
      <li class=${segment.speaker ? 'spoken' : ''}>
        ${segment.speaker ? this.renderSpeaker(segment.speaker, index) : nothing}
        <button
          part=${active ? 'segment segment-active' : 'segment'}
          class="segment"
          type="button"
          aria-current=${active ? 'true' : 'false'}
          @click=${() => this.dispatchEvent(new WhisperSeekEvent({ start: segment.start, end: segment.end }))}
        >
          <span part="time" class="time">[${segmentClock(segment.start, withHours)}]</span>
          <span part="text" class="text" lang=${ifDefined(this.textLang(segment))}>${segment.text.trim()}</span>
          ${badge ? html`<span part="language" class="language" lang="en">${badge}</span>` : nothing}
        </button>
      </li>
    `;
  }

  private speakerName(label: string): string {
    return this.transcript?.meta.speakers?.[label]?.trim() || label;
  }

  private renderSpeaker(label: string, index: number) {
    const name = this.speakerName(label);
    if (this.renaming !== index) {
      return html`<button part="speaker" class="speaker" type="button" title="Rename ${name}" aria-label="${name}, rename speaker"
        @click=${() => (this.renaming = index)}>${name}</button>`;
    }
    const done = (input: HTMLInputElement, save: boolean) => {
      if (this.renaming !== index) return;
      this.renaming = -1;
      const value = input.value.trim();
      if (save && value !== name) this.dispatchEvent(new WhisperSpeakerRenameEvent({ label, name: value === label ? '' : value }));
    };
    return html`<input part="speaker-input" class="speaker-input" aria-label="Name for ${label}" .value=${name}
      ${ref((el) => el instanceof HTMLInputElement && void this.updateComplete.then(() => (el.focus(), el.select())))}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Enter' || e.key === 'Escape') done(e.target as HTMLInputElement, e.key === 'Enter');
      }}
      @blur=${(e: FocusEvent) => done(e.target as HTMLInputElement, true)} />`;
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

  private activeIndex(segments: readonly Segment[]): number {
    const t = this.activeTime;
    if (!Number.isFinite(t) || t < 0) return -1;
    return segments.findIndex((s) => t >= s.start && t < s.end);
  }
}
