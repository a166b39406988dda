import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { languageName } from '../../engine/languages';
import type { HistoryRecord, HistoryState } from '../../history/history-record';
import type { HistoryStore } from '../../history/history-store';
import { formatBytes } from '../../models/storage-space';
import { sharedStyles } from '../shared.styles';
import { clock } from '../../shared/clock';
import { HistoryListController } from './history-list.controller';
import { styles } from './history.styles';

const STATE_TEXT: Readonly<Record<HistoryState, string>> = {
  'in-progress': 'In progress',
  done: 'Done',
  interrupted: 'Interrupted',
  error: 'Failed',
};

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `onnx-community/whisper-base` → `whisper-base`: the list has room for the model's own name only. */
const modelName = (model: string): string => model.split('/').filter(Boolean).at(-1) ?? model;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * @tagname wr-history
 * @summary The transcripts saved on this device: reopen, rename, delete one, or delete all of them.
 *
 * Lists every file transcript and live session in the store, newest first, with its date, length, model,
 * language and state; an interrupted one (the page closed while it ran) keeps the segments finished before. Works
 * offline: everything comes from IndexedDB. Says so when the browser refuses to store more.
 *
 * @fires whisper-history-open - `{ record, transcript }` when a transcript is opened.
 * @fires whisper-history-change - `{ records, bytes }` after every change to the saved transcripts.
 *
 * @csspart summary - How many transcripts, and their size.
 * @csspart problem - Why transcripts are not being saved.
 * @csspart confirm - The "delete all" confirmation.
 * @csspart list - The `<ul>` of transcripts; `item` - one transcript (also `item-<state>`, `item-current`).
 * @csspart name - Its name; `details` - kind, date, length, model and language; `state` - its state.
 * @csspart rename-form - The rename form; `rename-input` - its text field.
 * @csspart button - Every button; also `open-button`, `rename-button`, `delete-button`, `delete-all-button`,
 * `confirm-button`, `save-button`, `cancel-button`.
 * @csspart empty - The text shown when nothing is saved.
 *
 * @cssproperty --whisper-accent - Focus ring and the current transcript's border.
 * @cssproperty --whisper-error - Colour of the problem's border.
 * @cssproperty --whisper-muted - Colour of secondary text.
 * @cssproperty --whisper-border - Item and button borders.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-font - Font family.
 */
export class WrHistory extends LitElement {
  static override styles = [sharedStyles, styles];

  /** Where the transcripts are; nothing is listed without one. */
  @property({ attribute: false }) store: HistoryStore | null = null;
  /** The id of the transcript the page shows now. */
  @property() current = '';
  @property({ attribute: 'empty-text' }) emptyText = 'Nothing saved yet. Transcripts of files and recordings are kept here, on this device only.';

  @state() private editing: string | null = null;
  @state() private confirming = false;

  private readonly list = new HistoryListController(this);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('store')) this.list.setStore(this.store);
  }

  override render() {
    const { records, problem, loaded } = this.list;
    return html`
      <div class="toolbar">
        <p part="summary" class="summary" aria-live="polite">
          ${loaded ? `${plural(records.length, 'transcript', 'transcripts')} · ${formatBytes(this.list.bytes)} on this device` : 'Reading saved transcripts…'}
        </p>
        ${records.length > 0 && !this.confirming
          ? html`<button part="button delete-all-button" type="button" @click=${this.askDeleteAll}>Delete all</button>`
          : nothing}
      </div>
      ${this.confirming ? this.renderConfirm(records.length) : nothing}
      ${problem ? html`<p part="problem" class="problem" role="alert">${problem}</p>` : nothing}
      ${loaded && records.length === 0
        ? html`<p part="empty" class="empty">${this.emptyText}</p>`
        : html`<ul part="list" class="list" aria-label="Saved transcripts">
            ${repeat(records, (r) => r.id, (r) => this.renderItem(r))}
          </ul>`}
    `;
  }

  private renderConfirm(count: number) {
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">Delete all ${plural(count, 'saved transcript', 'saved transcripts')} from this device? This cannot be undone.</p>
      <button part="button confirm-button" type="button" @click=${this.deleteAll}>Yes, delete all</button>
      <button part="button cancel-button" type="button" class="keep" @click=${this.cancelDeleteAll}>Keep them</button>
    </div>`;
  }

  private renderItem(r: HistoryRecord) {
    const current = r.id === this.current;
    const length = clock(r.durationSeconds, r.durationSeconds >= 3600);
    const details = [
      r.kind === 'live' ? 'Microphone' : 'File',
      html`<time datetime=${new Date(r.createdAt).toISOString()}>${DATE.format(r.createdAt)}</time>`,
      length,
      modelName(r.model),
      ...(r.language ? [languageName(r.language)] : []),
    ];
    return html`<li part="item item-${r.state}${current ? ' item-current' : ''}" class="item ${current ? 'current' : ''}" data-id=${r.id} data-state=${r.state}>
      <div class="info">
        <span part="name" class="name">${r.name}</span>
        <span part="details" class="muted">${details.map((d, i) => html`${i ? ' · ' : ''}${d}`)}</span>
      </div>
      <span part="state" class="state">${STATE_TEXT[r.state]} · ${plural(r.segmentCount, 'segment', 'segments')}</span>
      <div class="actions">
        <button part="button open-button" type="button" aria-label="Open ${r.name}" aria-current=${current ? 'true' : 'false'} @click=${() => void this.list.open(r.id)}>Open</button>
        <button part="button rename-button" type="button" aria-label="Rename ${r.name}" @click=${() => this.startRename(r.id)}>Rename</button>
        <button part="button delete-button" type="button" aria-label="Delete ${r.name}" @click=${() => void this.deleteOne(r.id)}>Delete</button>
      </div>
      ${this.editing === r.id ? this.renderRename(r) : nothing}
    </li>`;
  }

  private renderRename(r: HistoryRecord) {
    return html`<form part="rename-form" class="rename" @submit=${(e: Event) => this.saveRename(e, r.id)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.endRename(r.id)}>
      <input part="rename-input" name="name" required aria-label="New name for ${r.name}" .value=${r.name} />
      <button part="button save-button" type="submit">Save</button>
      <button part="button cancel-button" type="button" @click=${() => this.endRename(r.id)}>Cancel</button>
    </form>`;
  }

  private async startRename(id: string): Promise<void> {
    this.editing = id;
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=name]');
    input?.focus();
    input?.select();
  }

  private async saveRename(event: Event, id: string): Promise<void> {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    if (await this.list.rename(id, input.value)) this.endRename(id);
  }

  /** Closes the form and gives focus back to the button that opened it. */
  private async endRename(id: string): Promise<void> {
    this.editing = null;
    await this.updateComplete;
    this.button(id, 'rename-button')?.focus();
  }

  private async deleteOne(id: string): Promise<void> {
    // Focus goes to the next transcript (or the one before): the button that had it is about to go.
    const ids = this.list.records.map((r) => r.id);
    const at = ids.indexOf(id);
    const neighbour = ids[at + 1] ?? ids[at - 1];
    await this.list.remove(id);
    await this.updateComplete;
    if (neighbour) this.button(neighbour, 'delete-button')?.focus();
  }

  private async askDeleteAll(): Promise<void> {
    this.confirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.keep')?.focus();
  }

  private cancelDeleteAll(): void {
    this.confirming = false;
  }

  private async deleteAll(): Promise<void> {
    this.confirming = false;
    await this.list.removeAll();
  }

  private button(id: string, part: string): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(id)}"] button[part~="${part}"]`);
  }
}
