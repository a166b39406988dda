import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { clock } from '../../shared/clock';
import { WhisperCancelEvent, WhisperRetryEvent, WhisperSelectEvent, WhisperStartOverEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { styles } from './file-queue.styles';
import { isActive, STATE_LABELS, type QueueItem } from './queue-item';

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/** Seconds stay exact under a minute, where the user is waiting; beyond that minutes are honest enough. */
export function formatEta(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.ceil(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

function progressText(item: QueueItem): string {
  const percent = `${Math.floor(clamp01(item.progress) * 100)} %`;
  const parts = [
    item.state === 'transcribing' ? `${percent} of audio` : item.state === 'loading-model' ? `${percent} downloaded` : percent,
  ];
  if (item.etaSeconds !== undefined && Number.isFinite(item.etaSeconds) && item.etaSeconds > 0) {
    parts.push(formatEta(item.etaSeconds));
  }
  return parts.join(' · ');
}

/** Where the file carries on from: ahead of a run, while it runs, and once it is done. */
function resumeText(item: QueueItem & { resume: NonNullable<QueueItem['resume']> }): string {
  const { fromSeconds, keptSegments } = item.resume;
  const kept = `${keptSegments} segment${keptSegments === 1 ? '' : 's'} kept`;
  const at = clock(fromSeconds, fromSeconds >= 3600);
  if (item.state === 'done') return `Resumed from ${at} (${kept}).`;
  if (item.state === 'error' || item.state === 'cancelled') return `Retry resumes from ${at} (${kept}).`;
  return `Resuming from ${at} (${kept})`;
}

/**
 * @tagname wr-file-queue
 * @summary The list of files being transcribed: state, phase progress, errors and per-file actions.
 *
 * @fires whisper-cancel - `{ id: string }` from the Cancel button of a queued or active item.
 * @fires whisper-retry - `{ id: string }` from the Retry button of a failed or cancelled item; it carries on where
 * the run stopped.
 * @fires whisper-start-over - `{ id: string }` from the Start over button of an item that carries on an earlier run.
 * @fires whisper-select - `{ id: string }` from the Show button of a finished item.
 *
 * @csspart list - The `<ul>` holding the rows.
 * @csspart item - One row; also `item-<state>` (e.g. `item-error`) for per-state styling.
 * @csspart name - The file name.
 * @csspart state - The state label.
 * @csspart progress - The phase `<progress>` bar.
 * @csspart progress-text - Percentage and time left.
 * @csspart error - The error message of a failed item.
 * @csspart note - The note line (e.g. a fallback that happened).
 * @csspart resume - Where the file carries on from an earlier run ("Resuming from 03:12 (24 segments kept)").
 * @csspart actions - The button group of a row.
 * @csspart button - Every row button; also `cancel-button`, `retry-button`, `start-over-button`, `show-button`.
 *
 * @cssproperty --whisper-accent - Progress colour and focus ring.
 * @cssproperty --whisper-error - Colour of error text and border.
 * @cssproperty --whisper-muted - Colour of secondary text.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-border - Border colour of rows and buttons.
 */
export class WrFileQueue extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) items: QueueItem[] = [];

  override render() {
    if (this.items.length === 0) return nothing;
    return html`
      <ul part="list" class="list" aria-label="Files">
        ${repeat(this.items, (item) => item.id, (item) => this.renderItem(item))}
      </ul>
    `;
  }

  private renderItem(item: QueueItem) {
    const label = STATE_LABELS[item.state] ?? item.state;
    const active = isActive(item.state);
    return html`
      <li part="item item-${item.state}" class="item" data-state=${item.state}>
        <div class="head">
          <span part="name" class="name">${item.name}</span>
          <!-- Live per row, not on the list: state changes are worth announcing, progress ticks are not. -->
          <span part="state" class="state" aria-live="polite">${label}</span>
        </div>
        ${active
          ? html`
              <div class="progress">
                <progress part="progress" max="1" .value=${clamp01(item.progress)} aria-label="${label}: ${item.name}"></progress>
                <span part="progress-text" class="progress-text">${progressText(item)}</span>
              </div>
            `
          : nothing}
        ${item.state === 'error'
          ? html`<p part="error" class="error" role="alert">${item.error || 'Transcription failed.'}</p>`
          : nothing}
        ${item.resume ? html`<p part="resume" class="note">${resumeText({ ...item, resume: item.resume })}</p>` : nothing}
        ${item.note ? html`<p part="note" class="note">${item.note}</p>` : nothing}
        <div part="actions" class="actions">${this.renderActions(item, active)}</div>
      </li>
    `;
  }

  private renderActions(item: QueueItem, active: boolean) {
    const startOver = item.resume && item.state !== 'done'
      ? html`<button part="button start-over-button" type="button" aria-label="Start ${item.name} over"
          @click=${() => this.dispatchEvent(new WhisperStartOverEvent({ id: item.id }))}>Start over</button>`
      : nothing;
    if (active || item.state === 'queued') {
      return html`<button part="button cancel-button" type="button" aria-label="Cancel ${item.name}"
        @click=${() => this.dispatchEvent(new WhisperCancelEvent({ id: item.id }))}>Cancel</button>${startOver}`;
    }
    if (item.state === 'error' || item.state === 'cancelled') {
      return html`<button part="button retry-button" type="button" aria-label="Retry ${item.name}"
        @click=${() => this.dispatchEvent(new WhisperRetryEvent({ id: item.id }))}>Retry</button>${startOver}`;
    }
    if (item.state === 'done') {
      return html`<button part="button show-button" type="button" aria-label="Show transcript of ${item.name}"
        @click=${() => this.dispatchEvent(new WhisperSelectEvent({ id: item.id }))}>Show</button>`;
    }
    return nothing;
  }
}
