import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { sharedStyles } from '../shared.styles';
import { styles } from './status.styles';

const DEVICE_LABELS: Readonly<Record<string, string>> = { webgpu: 'WebGPU', wasm: 'WASM' };

/**
 * @tagname wr-status
 * @summary One compact line about the engine: model, device, precision, threads, what it is doing and why.
 *
 * Only the phase text is a live region: progress ticks many times a second and would drown a
 * screen reader, while a phase change ("Warming up" → "Ready") is what a listener needs to hear.
 *
 * @csspart summary - The "model · device · dtype · threads" line.
 * @csspart phase - The phase text.
 * @csspart progress - The phase `<progress>` bar (absent when there is no progress to show).
 * @csspart reason - Why this model and device were chosen.
 * @csspart offline - The offline-availability badge.
 * @csspart words - The note that the loaded model gives segment times only, without word timings.
 *
 * @cssproperty --whisper-accent - Progress colour.
 * @cssproperty --whisper-muted - Colour of the reason and summary.
 * @cssproperty --whisper-success - Colour of the "Works offline" badge.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius of the badge.
 */
export class WrStatus extends LitElement {
  static override styles = [sharedStyles, styles];

  @property() model = '';
  /** `webgpu` or `wasm` (shown as WebGPU / WASM); any other text is shown as given. */
  @property() device = '';
  /** Weight precision as shown, e.g. "fp16 / q4". */
  @property() dtype = '';
  @property({ type: Number }) threads = 0;
  @property() phase = '';
  /** 0..1 of the current phase; null hides the bar. */
  @property({ attribute: false }) progress: number | null = null;
  @property() reason = '';
  /** Whether the loaded model times each word; undefined while none is loaded. */
  @property({ attribute: false }) wordTimings: boolean | undefined = undefined;
  /** Whether model and app are cached for offline use; undefined while not known. */
  @property({ attribute: false }) offlineReady: boolean | undefined = undefined;

  override render() {
    const parts = [
      this.model,
      DEVICE_LABELS[this.device] ?? this.device,
      this.dtype,
      this.threads > 0 ? `${this.threads} ${this.threads === 1 ? 'thread' : 'threads'}` : '',
    ].filter(Boolean);
    const progress = this.progress;
    const showBar = progress !== null && Number.isFinite(progress);
    return html`
      <div class="line">
        ${parts.length > 0 ? html`<span part="summary" class="summary">${parts.join(' · ')}</span>` : nothing}
        ${this.renderOffline()}
      </div>
      <div class="line">
        <span part="phase" class="phase" role="status" aria-live="polite">${this.phase}</span>
        ${showBar
          ? html`<progress part="progress" max="1" .value=${Math.min(1, Math.max(0, progress))}
              aria-label=${this.phase || 'Progress'}></progress>`
          : nothing}
      </div>
      ${this.reason ? html`<p part="reason" class="reason">${this.reason}</p>` : nothing}
      ${this.wordTimings === false
        ? html`<p part="words" class="reason">Segment times only: this model was exported without the cross-attention that times each word (a <code>_timestamped</code> export has it).</p>`
        : nothing}
    `;
  }

  private renderOffline() {
    if (this.offlineReady === undefined) return nothing;
    return this.offlineReady
      ? html`<span part="offline" class="offline ready">Works offline</span>`
      : html`<span part="offline" class="offline">Needs network</span>`;
  }
}
