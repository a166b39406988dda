import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Waveform } from '../../audio/waveform';
import type { Transcript } from '../../engine/transcript';
import type { TimeRange } from '../../shared/time-range';
import { WhisperUndoEvent, type WhisperPositionEvent, type WhisperSeekEvent } from '../events';
import '../export-bar/export-bar';
import { sharedStyles } from '../shared.styles';
import '../timeline/timeline';
import { findMatches, segmentAt, segmentText, wordAt, type Match } from '../transcript-view/segment-text';
import '../transcript-view/transcript-view';
import type { WrTranscriptView } from '../transcript-view/transcript-view';
import { SHORTCUTS, isTextField } from './shortcuts';
import { styles } from './transcript-panel.styles';

/**
 * @tagname wr-transcript-panel
 * @summary A transcript with everything to work on it: the recording's player and timeline, search, the segments
 * (played, followed word by word, corrected), exports, and the keyboard shortcuts.
 *
 * Playback follows the audio frame by frame while it plays: the timeline's playhead moves, and the transcript lights
 * the segment and word being heard. A segment or word plays to the segment's end; the timeline and the K key play on.
 * Corrections, speaker names and undos are not applied here: their events bubble to the page, which keeps the
 * transcript (and saves it) and hands it back.
 *
 * Shortcuts work while the focus is in the panel, outside text fields: K plays or pauses, J and L go to the previous
 * and next segment, / finds (listed in the "Keyboard shortcuts" disclosure).
 *
 * @fires whisper-segment-edit - (from the transcript view) a correction.
 * @fires whisper-speaker-rename - (from the transcript view) a speaker named.
 * @fires whisper-undo - Ctrl+Z in the transcript, or the Undo button.
 *
 * @csspart player - The `<audio>` element.
 * @csspart search - The search row; `search-input` its field, `match-count` how many hits.
 * @csspart undo-button - Takes back the last correction.
 * @csspart shortcuts - The "Keyboard shortcuts" disclosure.
 */
export class WrTranscriptPanel extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) transcript: Transcript | null = null;
  @property() partial = '';
  /** The recording, to play; without it the transcript reads but does not play. */
  @property({ attribute: false }) file: File | null = null;
  /** Seconds the recording lasts, where known before the audio has loaded. */
  @property({ type: Number }) duration = 0;
  @property({ attribute: false }) waveform: Waveform | null = null;
  @property({ type: Number, attribute: false }) waveformVersion = 0;
  @property({ attribute: false }) speech: readonly TimeRange[] = [];
  @property({ type: Boolean }) editable = false;
  /** There is a correction to take back. */
  @property({ type: Boolean, attribute: 'can-undo' }) canUndo = false;
  @property({ attribute: 'empty-text' }) emptyText = 'No transcript yet. Add a file or start recording.';

  /** Playback position in seconds; -1 until something has been played. */
  @state() private time = -1;
  @state() private mediaDuration = 0;
  @state() private query = '';
  @state() private currentMatch = -1;
  @state() private url = '';
  private hits: Match[] = [];
  /** The file `url` plays. */
  private urlFile: File | null = null;
  /** Where a segment or word being played stops. */
  private stopAt = Infinity;
  private frame = 0;

  @query('audio') private audio!: HTMLAudioElement | null;
  @query('wr-transcript-view') private view!: WrTranscriptView | null;
  @query('input[type=search]') private searchInput!: HTMLInputElement | null;

  override connectedCallback(): void {
    super.connectedCallback();
    // A panel taken out and put back gets its file's URL again.
    if (this.file && !this.url) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.releaseUrl();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.urlFile !== this.file || (this.file && !this.url)) {
      this.releaseUrl();
      this.url = this.file ? URL.createObjectURL(this.file) : '';
      this.urlFile = this.file;
      this.time = -1;
      this.mediaDuration = 0;
      this.stopAt = Infinity;
    }
    if (changed.has('transcript') || changed.has('query')) {
      const texts = (this.transcript?.segments ?? []).map((s) => segmentText(s).text);
      this.hits = findMatches(texts, this.query);
      if (changed.has('query') || this.currentMatch >= this.hits.length) this.currentMatch = this.hits.length > 0 ? 0 : -1;
    }
  }

  override render() {
    const transcript = this.transcript;
    const segments = transcript?.segments ?? [];
    const duration = Math.max(this.duration, this.mediaDuration, this.waveform?.durationSeconds ?? 0, segments.at(-1)?.end ?? 0);
    const hasTimeline = segments.length > 0 || (this.waveform?.length ?? 0) > 0;
    return html`
      <div class="panel" @keydown=${this.onKey}>
        ${this.url
          ? html`<audio part="player" controls preload="metadata" src=${this.url}
              @play=${this.follow} @pause=${this.onTime} @seeked=${this.onTime} @timeupdate=${this.onTime}
              @loadedmetadata=${(e: Event) => (this.mediaDuration = (e.target as HTMLAudioElement).duration || 0)}></audio>`
          : nothing}
        ${hasTimeline
          ? html`<wr-timeline
              .duration=${duration}
              .waveform=${this.waveform}
              .waveformVersion=${this.waveformVersion}
              .speech=${this.speech}
              .segments=${segments}
              .position=${this.time}
              .word=${this.currentWord()}
              ?seekable=${!!this.url}
              label=${this.url ? 'Playback position' : 'Timeline of the recording'}
              @whisper-position=${this.onPosition}
            ></wr-timeline>`
          : nothing}
        ${segments.length > 0 ? this.renderTools() : nothing}
        <wr-transcript-view
          .transcript=${transcript}
          .partial=${this.partial}
          .activeTime=${this.time}
          .hits=${this.hits}
          .currentHit=${this.currentMatch}
          .emptyText=${this.emptyText}
          ?editable=${this.editable}
          @whisper-seek=${this.onSeek}
        ></wr-transcript-view>
        <wr-export-bar .transcript=${transcript}></wr-export-bar>
        <details part="shortcuts" class="shortcuts">
          <summary>Keyboard shortcuts</summary>
          <p>In the transcript, while the focus is not in a text field:</p>
          <dl>${SHORTCUTS.map(([keys, what]) => html`<div><dt>${keys.map((k, i) => html`${i ? ' / ' : ''}<kbd>${k}</kbd>`)}</dt><dd>${what}</dd></div>`)}</dl>
        </details>
      </div>
    `;
  }

  private renderTools() {
    const count = this.hits.length;
    const status = this.query.trim() ? (count > 0 ? `${this.currentMatch + 1} of ${count}` : 'No matches') : '';
    return html`<div class="tools">
      <div part="search" class="search" role="search" aria-label="Transcript">
        <input part="search-input" type="search" placeholder="Find in transcript" aria-label="Find in transcript" autocomplete="off"
          .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} @keydown=${this.onSearchKey} />
        <button type="button" aria-label="Previous match" ?disabled=${count === 0} @click=${() => this.stepMatch(-1)}>↑</button>
        <button type="button" aria-label="Next match" ?disabled=${count === 0} @click=${() => this.stepMatch(1)}>↓</button>
        <span part="match-count" class="count" role="status">${status}</span>
      </div>
      ${this.canUndo
        ? html`<button part="undo-button" type="button" aria-keyshortcuts="Control+Z" @click=${() => this.dispatchEvent(new WhisperUndoEvent())}>Undo edit</button>`
        : nothing}
    </div>`;
  }

  private releaseUrl(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = '';
    this.urlFile = null;
  }

  /** The span of the word being played, for the timeline. */
  private currentWord(): TimeRange | null {
    const segments = this.transcript?.segments ?? [];
    const s = segments[segmentAt(segments, this.time)];
    if (!s?.words || s.edited) return null;
    return s.words[wordAt(s.words, this.time)] ?? null;
  }

  private stepMatch(delta: 1 | -1): void {
    const count = this.hits.length;
    if (count > 0) this.currentMatch = (this.currentMatch + delta + count) % count;
  }

  private onSearchKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      this.stepMatch(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && this.query) {
      e.preventDefault();
      this.query = '';
    }
  }

  /** The panel's shortcuts; keys typed into a field are the field's. */
  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.composedPath()[0])) return;
    const key = e.key.toLowerCase();
    if (key === 'k') this.togglePlay();
    else if (key === 'j' || key === 'l') void this.stepSegment(key === 'l' ? 1 : -1);
    else if (e.key === '/') this.searchInput?.focus();
    else return;
    e.preventDefault();
  }

  private togglePlay(): void {
    const audio = this.audio;
    if (!audio) return;
    if (audio.paused) {
      this.stopAt = Infinity;
      void audio.play().catch(() => undefined);
    } else audio.pause();
  }

  /** Plays the segment before or after the one being played (or the first), and moves the focus to it. */
  private async stepSegment(delta: 1 | -1): Promise<void> {
    const segments = this.transcript?.segments ?? [];
    if (segments.length === 0) return;
    let current = -1;
    for (let i = 0; i < segments.length && segments[i]!.start <= this.time; i++) current = i;
    const next = Math.max(0, Math.min(segments.length - 1, current < 0 ? 0 : current + delta));
    const s = segments[next]!;
    // Playing on (K, the timeline) goes on playing; otherwise just that segment is heard.
    const continuous = !!this.audio && !this.audio.paused && this.stopAt === Infinity;
    this.play(s.start, continuous ? Infinity : s.end);
    await this.view?.focusSegment(next);
  }

  private onSeek(e: WhisperSeekEvent): void {
    this.play(e.detail.start, e.detail.end);
  }

  private onPosition(e: WhisperPositionEvent): void {
    const audio = this.audio;
    if (!audio) return;
    this.stopAt = Infinity;
    audio.currentTime = e.detail.time;
    this.time = e.detail.time;
  }

  private play(start: number, end: number): void {
    const audio = this.audio;
    if (!audio) return;
    audio.currentTime = start;
    this.time = start;
    this.stopAt = end;
    void audio.play().catch(() => undefined);
  }

  /** While the audio plays, every frame: the playhead and the lit word follow it, and a segment stops at its end. */
  private follow = (): void => {
    cancelAnimationFrame(this.frame);
    const audio = this.audio;
    if (!audio) return;
    this.onTime();
    if (!audio.paused) this.frame = requestAnimationFrame(this.follow);
  };

  private onTime = (): void => {
    const audio = this.audio;
    if (!audio) return;
    this.time = audio.currentTime;
    if (audio.currentTime >= this.stopAt) {
      audio.pause();
      this.stopAt = Infinity;
    }
  };
}
