import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { languageName } from '../../engine/languages';
import type { Segment, Transcript } from '../../engine/transcript';
import { WhisperSeekEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { clock } from '../../shared/clock';
import { styles } from './transcript-view.styles';

/**
 * @tagname wr-transcript-view
 * @summary The transcript as a list of timed segments, plus the text still being decoded.
 *
 * A segment's language is shown when it differs from the transcript's language, or on every
 * segment once more than one language occurs, so mixed-language recordings stay readable.
 *
 * @fires whisper-seek - `{ start: number, end: number }` (seconds) when a segment is activated.
 *
 * @csspart list - The `<ol>` of segments.
 * @csspart segment - A segment button; also `segment-active` on the one being played.
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
              (s, i) => this.renderSegment(s, i === active, withHours, showLanguage(s)),
            )}
          </ol>`
        : nothing}
      ${partial
        ? html`<p part="partial" class="partial" role="note" aria-label="in progress">${partial}</p>`
        : nothing}
    `;
  }

  private renderSegment(segment: Segment, active: boolean, withHours: boolean, badge: string | undefined) {
    return html`
      <li>
        <button
          part=${active ? 'segment segment-active' : 'segment'}
          class="segment"
          type="button"
          aria-current=${active ? 'true' : 'false'}
          @click=${() => this.dispatchEvent(new WhisperSeekEvent({ start: segment.start, end: segment.end }))}
        >
          <span part="time" class="time">[${clock(segment.start, withHours)}]</span>
          <span part="text" class="text" lang=${ifDefined(this.textLang(segment))}>${segment.text.trim()}</span>
          ${badge ? html`<span part="language" class="language" lang="en">${badge}</span>` : nothing}
        </button>
      </li>
    `;
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
