import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MODELS, type ModelInfo } from '../../models/catalogue';
import type { DtypePair } from '../../models/dtype';
import { SPEAKER_MODEL_LIST, type SpeakerModelInfo } from '../../models/speaker-models';
import { formatBytes, usageText } from '../../models/storage-space';
import { sharedStyles } from '../shared.styles';
import { styles } from './model-manager.styles';
import { ModelStoreController, type ModelRow, type RowState } from './model-store.controller';

const STATE_TEXT: Readonly<Record<RowState, string>> = {
  'not-downloaded': 'Not downloaded',
  partial: 'Partly downloaded',
  cached: 'Downloaded',
  downloading: 'Downloading',
  checking: 'Checking…',
};

/** "config.json is damaged (it is HTML, not JSON); Finish download replaces it." */
const damagedText = (row: ModelRow): string =>
  `${row.damaged.map((d) => `${d.file} is damaged (${d.problem})`).join('; ')}; ${row.state === 'not-downloaded' ? 'Download' : 'Finish download'} replaces ${row.damaged.length === 1 ? 'it' : 'them'}.`;

const sameDtypes = (a: DtypePair | undefined, b: DtypePair | undefined): boolean =>
  a?.encoder === b?.encoder && a?.decoder === b?.decoder;

/**
 * @tagname wr-model-manager
 * @summary The models on this device: size, precision and state of each, download for offline use with progress,
 * delete, and the site's storage use with a request for persistent storage.
 *
 * Lists the current model first, then the catalogue, then the two models speaker labels use (each in its own
 * precision, whatever `dtypes` says). A model counts as downloaded only when every file it needs
 * for `dtypes` is stored whole and well formed (the rule model loads use: sizes, JSON that parses, ONNX framing); a
 * damaged file is named and counts as missing. A download is checked against the space left before it starts, and
 * an interrupted one leaves only whole files, shown as "Partly downloaded" and resumable. A mirror on another host
 * is named with its host ("Whisper Base from mirror.example").
 *
 * @fires whisper-model-storage - `{ model: string, state: 'not-downloaded' | 'partial' | 'cached' }` after a
 * download ends (done, failed or cancelled) or a delete.
 *
 * @csspart panel - The `<details>` wrapper; `summary` - its always-visible line.
 * @csspart storage - The storage line; `usage-meter` - its `<meter>`; `history-usage` - the transcript history's size.
 * @csspart persist-button - "Keep downloads…" (persistent storage request); `persist-status` - its answer.
 * @csspart list - The `<ul>` of models; `model` - one row (also `model-<state>`).
 * @csspart name - Model name; `details` - precision and size; `state` - state text.
 * @csspart progress - Download `<progress>`; `error` - a row's error message.
 * @csspart button - Every row button; also `download-button`, `cancel-button`, `delete-button`.
 *
 * @cssproperty --whisper-accent - Progress colour and focus ring.
 * @cssproperty --whisper-error - Colour of error text.
 * @cssproperty --whisper-success - Colour of the "Downloaded" state.
 * @cssproperty --whisper-muted - Colour of secondary text.
 * @cssproperty --whisper-border - Row and button borders.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-font - Font family.
 */
export class WrModelManager extends LitElement {
  static override styles = [sharedStyles, styles];

  /** The model the app uses now (hub id, path or URL); listed first, even outside the catalogue. */
  @property() current = '';
  /** The precision downloads are for: the current plan's encoder and decoder dtypes. */
  @property({ attribute: false, hasChanged: (a?: DtypePair, b?: DtypePair) => !sameDtypes(a, b) })
  dtypes: DtypePair = { encoder: 'q8', decoder: 'q8' };
  /** Where hub ids come from when a mirror is configured (as the engine's `modelBaseUrl`). */
  @property({ attribute: 'model-base-url' }) modelBaseUrl: string | undefined = undefined;
  /** The catalogue to list. */
  @property({ attribute: false }) models: readonly Pick<ModelInfo, 'id'>[] = MODELS;
  /** The speaker label models to list after the Whisper models. */
  @property({ attribute: false }) speakerModels: readonly SpeakerModelInfo[] = SPEAKER_MODEL_LIST;
  /** Bytes the transcript history takes (shown beside the models' storage); null hides the line. */
  @property({ attribute: false }) historyBytes: number | null = null;
  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  private readonly store = new ModelStoreController(this);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (['current', 'dtypes', 'modelBaseUrl', 'models', 'speakerModels'].some((k) => changed.has(k))) {
      const models = [this.current, ...this.models.map((m) => m.id)];
      this.store.configure({ models, speakerModels: this.speakerModels, dtypes: this.dtypes, modelBaseUrl: this.modelBaseUrl });
    }
  }

  /** Reads the cache again, e.g. after the engine downloaded the current model itself. */
  refresh(): Promise<void> {
    return this.store.refresh();
  }

  override render() {
    const { estimate } = this.store;
    const storage = estimate.usage === undefined ? 'Storage use unknown' : usageText(estimate);
    return html`<details part="panel" ?open=${this.open} @toggle=${(e: Event) => (this.open = (e.target as HTMLDetailsElement).open)}>
      <summary part="summary">Models on this device <span class="muted">${storage}</span></summary>
      <div class="storage" part="storage">
        ${estimate.quota
          ? html`<meter part="usage-meter" min="0" max=${estimate.quota} .value=${estimate.usage ?? 0} aria-label="Storage used"></meter>`
          : nothing}
        ${this.historyBytes === null ? nothing : html`<span part="history-usage">Transcript history: ${formatBytes(this.historyBytes)}</span>`}
        ${this.renderPersist()}
      </div>
      <ul part="list" class="list" aria-label="Models">
        ${repeat(this.store.rows, (row) => row.id, (row) => this.renderRow(row))}
      </ul>
    </details>`;
  }

  private renderPersist() {
    const { persisted, persistMessage } = this.store;
    if (persisted === undefined) return nothing;
    if (persisted && !persistMessage) return html`<span part="persist-status">Storage is persistent.</span>`;
    return html`${persisted
        ? nothing
        : html`<button part="persist-button" type="button" @click=${() => void this.store.persist()}>Keep downloaded models when space runs low</button>`}
      ${persistMessage ? html`<span part="persist-status" role="status">${persistMessage}</span>` : nothing}`;
  }

  private sizeText(row: ModelRow): string {
    if (row.state === 'cached' || (row.expectedBytes === null && row.storedBytes > 0)) return `${formatBytes(row.storedBytes)} stored`;
    const expected = row.expectedBytes === null ? 'size unknown' : `about ${formatBytes(row.expectedBytes)}`;
    return row.storedBytes > 0 ? `${expected}, ${formatBytes(row.storedBytes)} stored` : expected;
  }

  private renderRow(row: ModelRow) {
    const { encoder, decoder } = this.dtypes;
    const dtype = row.own?.dtype ?? (encoder === decoder ? encoder : `${encoder} / ${decoder}`);
    const isCurrent = row.id === this.current;
    const percent = row.progress === null ? '' : ` ${Math.floor(row.progress * 100)} %`;
    const busy = row.state === 'downloading' || row.state === 'checking';
    return html`<li part="model model-${row.state}" class="row" data-model=${row.id} data-state=${row.state}>
      <span class="info">
        <span part="name" class="name">${row.label}${isCurrent ? html` <span class="muted">(current)</span>` : nothing}</span>
        <span part="details" class="muted">${dtype} · ${this.sizeText(row)}</span>
      </span>
      <span part="state" class="state ${row.state}" aria-live="polite">${STATE_TEXT[row.state]}${row.state === 'downloading' ? percent : ''}</span>
      <span class="actions">
        ${row.state === 'downloading'
          ? html`<button part="button cancel-button" type="button" aria-label="Cancel download of ${row.label}" @click=${() => this.store.cancel(row.id)}>Cancel</button>`
          : row.state !== 'cached'
            ? html`<button part="button download-button" type="button" ?disabled=${busy} aria-label="Download ${row.label} for offline use"
                @click=${() => void this.store.download(row.id)}>${row.state === 'partial' ? 'Finish download' : 'Download'}</button>`
            : nothing}
        ${row.storedBytes > 0 && !busy
          ? html`<button part="button delete-button" type="button" aria-label="Delete ${row.label}" @click=${() => void this.store.remove(row.id)}>Delete</button>`
          : nothing}
      </span>
      ${row.state === 'downloading'
        ? html`<progress part="progress" max="1" .value=${row.progress ?? 0} aria-label="Downloading ${row.label}"></progress>`
        : nothing}
      ${row.error || row.damaged.length > 0
        ? html`<p part="error" class="error" role="alert">${row.error || damagedText(row)}</p>`
        : nothing}
    </li>`;
  }
}
