import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Waveform } from '../../audio/waveform';
import type { TimeRange } from '../../shared/time-range';
import { WhisperPositionEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { clock } from '../../shared/clock';
import { fractionOf, keyTarget, timeAt, visibleSpan } from './timeline-span';
import { styles } from './timeline.styles';

/** Quiet recordings are drawn up to this many times larger, so speech at −30 dBFS still has a shape. */
const MAX_DRAW_GAIN = 10;
/** Opacity of each layer: the waveform stands out (above 0.8) from the speech band and segment bars below it. */
const ALPHA = { speech: 0.18, wave: 0.9, segment: 0.5 } as const;

const REDRAW: ReadonlySet<PropertyKey> = new Set(['waveform', 'waveformVersion', 'speech', 'segments', 'duration', 'live', 'windowSeconds']);

/**
 * @tagname wr-timeline
 * @summary A recording at a glance: its waveform, where speech was found, the transcript's segments, the playhead
 * and the word being played. Click or drag to move the playhead; or, focused, the arrow keys (5 s, 1 s with Shift),
 * Page Up/Down (30 s), Home and End.
 *
 * The waveform comes from a `Waveform` (the decode worker's envelope of a file, or a microphone's level), drawn on a
 * canvas that follows the element's size and the colour scheme. `live` shows the newest `window-seconds` of a
 * recording as it grows; with reduced motion it turns a page when full instead of scrolling.
 *
 * @fires whisper-position - `{ time }` (seconds) as the user moves the playhead, when `seekable`.
 *
 * @csspart track - The strip (a slider when seekable).
 * @csspart playhead - The playback position.
 * @csspart word - The span of the word being played.
 * @csspart times - The position and length below the strip.
 *
 * @cssproperty --whisper-waveform-color - The waveform (default: the text colour).
 * @cssproperty --whisper-speech-color - The band behind speech (default: the accent).
 * @cssproperty --whisper-accent - Segment bars, word span and focus ring.
 * @cssproperty --whisper-timeline-height - Height of the strip (default 4.5rem).
 * @cssproperty --whisper-radius - Corner radius.
 */
export class WrTimeline extends LitElement {
  static override styles = [sharedStyles, styles];

  /** Seconds the recording lasts (live: has lasted so far). */
  @property({ type: Number }) duration = 0;
  @property({ attribute: false }) waveform: Waveform | null = null;
  /** The waveform's `version`: it grows in place, so a new version is what says to draw again. */
  @property({ type: Number, attribute: false }) waveformVersion = 0;
  /** Where speech was found, seconds. */
  @property({ attribute: false }) speech: readonly TimeRange[] = [];
  @property({ attribute: false }) segments: readonly TimeRange[] = [];
  /** The playhead, seconds; negative hides it. */
  @property({ type: Number }) position = -1;
  /** The word being played, seconds. */
  @property({ attribute: false }) word: TimeRange | null = null;
  /** The playhead can be moved (there is audio to play). */
  @property({ type: Boolean }) seekable = false;
  @property({ type: Boolean, reflect: true }) live = false;
  @property({ type: Number, attribute: 'window-seconds' }) windowSeconds = 30;
  @property() label = 'Timeline';

  @state() private paged = false;
  @query('canvas') private canvas!: HTMLCanvasElement | null;
  @query('.track') private track!: HTMLElement | null;

  private readonly resize = new ResizeObserver(() => this.scheduleDraw());
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  private readonly darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
  private frame = 0;
  private dragging = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.paged = this.reducedMotion.matches;
    this.reducedMotion.addEventListener('change', this.onMotion);
    this.darkScheme.addEventListener('change', this.scheduleDraw);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.reducedMotion.removeEventListener('change', this.onMotion);
    this.darkScheme.removeEventListener('change', this.scheduleDraw);
    cancelAnimationFrame(this.frame);
  }

  protected override firstUpdated(): void {
    if (this.track) this.resize.observe(this.track);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ([...changed.keys()].some((k) => REDRAW.has(k) || k === 'paged')) this.scheduleDraw();
  }

  override render() {
    const span = this.span();
    const duration = Math.max(0, this.duration);
    const withHours = duration >= 3600;
    const position = Math.min(this.position, duration);
    const at = (t: number) => `${(fractionOf(t, span) * 100).toFixed(3)}%`;
    const playhead = !this.live && position >= 0;
    const word = this.word && !this.live ? this.word : null;
    const slider = this.seekable && !this.live;
    return html`
      <div
        part="track"
        class="track"
        role=${slider ? 'slider' : 'img'}
        tabindex=${slider ? '0' : nothing}
        aria-label=${this.label}
        aria-valuemin=${slider ? '0' : nothing}
        aria-valuemax=${slider ? duration.toFixed(1) : nothing}
        aria-valuenow=${slider ? Math.max(0, position).toFixed(1) : nothing}
        aria-valuetext=${slider ? `${clock(Math.max(0, position), withHours)} of ${clock(duration, withHours)}` : nothing}
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
        @keydown=${this.onKey}
      >
        <canvas aria-hidden="true"></canvas>
        ${word ? html`<div part="word" class="word" style=${styleMap({ left: at(word.start), width: `${Math.max(0, fractionOf(word.end, span) - fractionOf(word.start, span)) * 100}%` })}></div>` : nothing}
        ${playhead ? html`<div part="playhead" class="playhead" style=${styleMap({ left: at(position) })}></div>` : nothing}
      </div>
      <div part="times" class="times" aria-hidden="true">
        <span>${this.live ? clock(span.start, withHours) : clock(Math.max(0, position), withHours)}</span>
        <span>${clock(duration, withHours)}</span>
      </div>
      <span class="probe wave"></span><span class="probe speech"></span><span class="probe segment"></span>
    `;
  }

  private span(): TimeRange {
    return visibleSpan({ duration: this.duration, live: this.live, windowSeconds: this.windowSeconds, paged: this.paged });
  }

  private onMotion = (): void => {
    this.paged = this.reducedMotion.matches;
  };

  /** Draws at most once a frame, however many points arrive. */
  private scheduleDraw = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  };

  private draw(): void {
    const canvas = this.canvas;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    context.clearRect(0, 0, width, height);
    const span = this.span();
    const x = (t: number) => fractionOf(t, span) * width;
    const colour = (name: string) => getComputedStyle(this.renderRoot.querySelector(`.probe.${name}`) ?? this).color;
    const bar = Math.round(6 * dpr);
    const waveHeight = height - bar - Math.round(2 * dpr);

    context.fillStyle = colour('speech');
    context.globalAlpha = ALPHA.speech;
    for (const r of this.speech) if (r.end > span.start && r.start < span.end) context.fillRect(x(r.start), 0, Math.max(1, x(r.end) - x(r.start)), waveHeight);

    if (this.waveform) {
      const { min, max } = this.waveform.columns(span.start, span.end, width);
      let peak = 0;
      for (let c = 0; c < width; c++) if (!Number.isNaN(max[c]!)) peak = Math.max(peak, max[c]!, -min[c]!);
      const gain = Math.min(MAX_DRAW_GAIN, 1 / Math.max(peak, 1e-6));
      const mid = waveHeight / 2;
      const amplitude = mid - dpr;
      context.fillStyle = colour('wave');
      context.globalAlpha = ALPHA.wave;
      for (let c = 0; c < width; c++) {
        if (Number.isNaN(max[c]!)) continue;
        const top = mid - max[c]! * gain * amplitude;
        const bottom = mid - min[c]! * gain * amplitude;
        context.fillRect(c, top, 1, Math.max(dpr, bottom - top));
      }
    }

    context.fillStyle = colour('segment');
    context.globalAlpha = ALPHA.segment;
    for (const s of this.segments) {
      if (s.end <= span.start || s.start >= span.end) continue;
      context.fillRect(x(s.start), height - bar, Math.max(dpr, x(s.end) - x(s.start) - dpr), bar);
    }
    context.globalAlpha = 1;
  }

  private seekTo(e: PointerEvent): void {
    const rect = this.track?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    this.dispatchEvent(new WhisperPositionEvent({ time: timeAt((e.clientX - rect.left) / rect.width, this.span()) }));
  }

  private onPointerDown(e: PointerEvent): void {
    if (!this.seekable || this.live || e.button !== 0) return;
    this.track?.setPointerCapture(e.pointerId);
    this.dragging = true;
    this.seekTo(e);
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.dragging) this.seekTo(e);
  }

  private onPointerUp(): void {
    this.dragging = false;
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.seekable || this.live || e.altKey || e.ctrlKey || e.metaKey) return;
    const time = keyTarget(e.key, e.shiftKey, this.position, this.duration);
    if (time === null) return;
    e.preventDefault();
    this.dispatchEvent(new WhisperPositionEvent({ time }));
  }
}
