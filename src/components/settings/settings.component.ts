import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { MODELS, type SettingsModelInfo } from '../../models/catalogue';
import { LANGUAGE_MODELS } from '../../models/language-models';
import { formatBytes } from '../../models/storage-space';
import type { DeviceChoice, Task } from '../../shared/choices';
import { VOCABULARY_MAX_CHARS, normalizeVocabulary } from '../../shared/vocabulary';
import { WhisperSettingsChangeEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { filterLanguages, type LanguageOption, languageOptions, withCurrent } from './language-options';
import { styles } from './settings.styles';

export type SettingsModel = SettingsModelInfo;

const DEVICES: ReadonlyArray<readonly [DeviceChoice, string]> = [
  ['auto', 'Automatic'],
  ['webgpu', 'WebGPU (graphics card)'],
  ['wasm', 'WASM (processor)'],
];

/**
 * @tagname wr-settings
 * @summary Model, device, language and task pickers, and the words to expect.
 *
 * The element updates its own properties on a change and then reports the whole state, so it
 * works both when the app mirrors the values back and when it does not. Picking an
 * English-only model switches the language to English. Translation stays selectable with models
 * that cannot translate: the engine then routes it to one that can and says so.
 *
 * "Words to expect" (names, jargon, spellings) go into the model's prompt, so it writes them the way the user does;
 * the change is reported when the field is left, not at every key.
 *
 * Speaker labels are off until switched on. Where their models are not stored yet, switching them on first asks
 * whether to download them, naming the size, and the change is reported only once the user agrees.
 *
 * @fires whisper-settings-change - `{ model: string, device: 'auto' | 'webgpu' | 'wasm', language: string, task: 'transcribe' | 'translate', vocabulary: string, speakers: boolean }` on any change; `language` is `auto` or a code.
 *
 * @csspart form - The wrapping row of fields.
 * @csspart field - Each labelled field; also `model-field`, `device-field`, `language-field`, `task-field`, `vocabulary-field`, `speakers-field`.
 * @csspart label - The visible label of a field.
 * @csspart select - Every `<select>`.
 * @csspart filter - The language filter box.
 * @csspart vocabulary - The words-to-expect text field; `hint` the line under it.
 * @csspart speakers-switch - The speaker labels checkbox; `speakers-status` - what their models are doing.
 * @csspart speakers-question - The download question; `button` - its buttons.
 *
 * @cssproperty --whisper-accent - Focus ring.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius of the controls.
 * @cssproperty --whisper-border - Border colour of the controls.
 * @cssproperty --whisper-muted - Colour of the labels.
 */
export class WrSettings extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) models: readonly SettingsModel[] = MODELS;
  /** Models made for one language or distilled for speed, offered in a group of their own. */
  @property({ attribute: false }) languageModels: readonly SettingsModel[] = LANGUAGE_MODELS;
  @property() model = '';
  @property() device: DeviceChoice = 'auto';
  /** `auto` or a Whisper language code. */
  @property() language = 'auto';
  @property() task: Task = 'transcribe';
  /** Words to expect in the audio, on one line. */
  @property() vocabulary = '';
  /** Codes the loaded model supports; empty while unknown, which offers every Whisper language. */
  @property({ attribute: false }) languages: string[] = [];
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Speaker labels are on (the user agreed to their models). */
  @property({ type: Boolean }) speakers = false;
  /** Bytes the speaker models still need to download: switching labels on asks first when this is above 0. */
  @property({ type: Number, attribute: false }) speakersDownloadBytes = 0;
  /** Ask now whether to download the speaker models, as if the user had switched labels on (e.g. `?speakers=on`). */
  @property({ type: Boolean, attribute: false }) speakersAsked = false;
  /** What the speaker models are doing, in words (downloading, or why they failed); empty hides it. */
  @property({ attribute: false }) speakersStatus = '';

  @state() private filter = '';
  @state() private confirming = false;

  private get catalogueEntry(): SettingsModel | undefined {
    return [...this.models, ...this.languageModels].find((m) => m.id === this.model);
  }

  /** The catalogue knows `.en` models before they load; otherwise trust what the loaded model reported. */
  private get englishOnly(): boolean {
    const entry = this.catalogueEntry;
    if (entry) return !entry.multilingual;
    return this.languages.length === 1 && this.languages[0] === 'en';
  }

  private get canTranslate(): boolean {
    return !this.englishOnly && (this.catalogueEntry?.canTranslate ?? true);
  }

  private get languageChoices(): LanguageOption[] {
    return languageOptions(this.englishOnly ? ['en'] : this.languages);
  }

  private get effectiveLanguage(): string {
    return this.englishOnly ? 'en' : this.language;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('speakersAsked') && this.speakersAsked && !this.speakers) this.confirming = true;
  }

  override render() {
    return html`
      <div part="form" class="form">
        ${this.renderModel()} ${this.renderDevice()} ${this.renderLanguage()} ${this.renderTask()} ${this.renderVocabulary()} ${this.renderSpeakers()}
      </div>
    `;
  }

  private renderSpeakers() {
    return html`
      <div part="field speakers-field" class="field speakers">
        <label class="switch">
          <input part="speakers-switch" type="checkbox" name="speakers" .checked=${this.speakers || this.confirming} ?disabled=${this.disabled} @change=${this.onSpeakers} />
          Speaker labels
        </label>
        ${this.confirming
          ? html`<p part="speakers-question" class="question" role="group" aria-label="Download the speaker models?">
              Speaker labels need two more models, ${formatBytes(this.speakersDownloadBytes)}. Download?
              <button part="button" type="button" ${ref(this.focusOnce)} @click=${() => this.answer(true)}>Download</button>
              <button part="button" type="button" @click=${() => this.answer(false)}>Not now</button>
            </p>`
          : this.speakersStatus
            ? html`<span part="speakers-status" class="label" role="status">${this.speakersStatus}</span>`
            : nothing}
      </div>
    `;
  }

  private renderModel() {
    const custom = this.model && !this.catalogueEntry;
    return html`
      <div part="field model-field" class="field">
        <label part="label" class="label" for="model">Model</label>
        <select part="select" id="model" name="model" ?disabled=${this.disabled} @change=${this.onModel}>
          ${this.models.map((m) => html`<option value=${m.id} .selected=${m.id === this.model}>${m.label}</option>`)}
          ${this.languageModels.length > 0
            ? html`<optgroup label="Made for one language, or faster">
                ${this.languageModels.map((m) => html`<option value=${m.id} .selected=${m.id === this.model}>${m.label}</option>`)}
              </optgroup>`
            : nothing}
          ${custom ? html`<option value=${this.model} .selected=${true}>${this.model}</option>` : nothing}
        </select>
      </div>
    `;
  }

  private renderDevice() {
    return html`
      <div part="field device-field" class="field">
        <label part="label" class="label" for="device">Device</label>
        <select part="select" id="device" name="device" ?disabled=${this.disabled} @change=${this.onDevice}>
          ${DEVICES.map(([value, label]) => html`<option value=${value} .selected=${value === this.device}>${label}</option>`)}
        </select>
      </div>
    `;
  }

  private renderLanguage() {
    const current = this.effectiveLanguage;
    const all = this.languageChoices;
    const shown = withCurrent(filterLanguages(all, this.filter), current);
    const single = all.length <= 1;
    return html`
      <div part="field language-field" class="field language">
        <label part="label" class="label" for="language">Language</label>
        <div class="language-controls">
          <input
            part="filter"
            type="search"
            placeholder="Filter…"
            aria-label="Filter languages"
            aria-controls="language"
            autocomplete="off"
            .value=${this.filter}
            ?hidden=${single}
            ?disabled=${this.disabled}
            @input=${this.onFilter}
            @keydown=${this.onFilterKey}
          />
          <select part="select" id="language" name="language" ?disabled=${this.disabled || single} @change=${this.onLanguage}>
            ${single ? nothing : html`<option value="auto" .selected=${current === 'auto'}>Auto-detect</option>`}
            ${shown.map((o) => html`<option value=${o.code} .selected=${o.code === current}>${o.label}</option>`)}
          </select>
        </div>
      </div>
    `;
  }

  private renderTask() {
    const canTranslate = this.canTranslate;
    return html`
      <div part="field task-field" class="field">
        <label part="label" class="label" for="task">Task</label>
        <select part="select" id="task" name="task" ?disabled=${this.disabled} @change=${this.onTask}>
          <option value="transcribe" .selected=${this.task === 'transcribe'}>Transcribe</option>
          <option value="translate" .selected=${this.task === 'translate'}>
            ${canTranslate ? 'Translate to English' : 'Translate to English (with another model)'}
          </option>
        </select>
      </div>
    `;
  }

  private renderVocabulary() {
    return html`
      <div part="field vocabulary-field" class="field vocabulary">
        <label part="label" class="label" for="vocabulary">Words to expect</label>
        <input
          part="vocabulary"
          id="vocabulary"
          name="vocabulary"
          type="text"
          autocomplete="off"
          spellcheck="false"
          maxlength=${VOCABULARY_MAX_CHARS}
          placeholder="Names, terms, spellings"
          aria-describedby="vocabulary-hint"
          .value=${this.vocabulary}
          ?disabled=${this.disabled}
          @change=${this.onVocabulary}
        />
        <span part="hint" id="vocabulary-hint" class="hint">Helps the model spell them as you do, e.g. "Ngozi, Kubernetes, kubectl".</span>
      </div>
    `;
  }

  private onVocabulary(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.vocabulary = normalizeVocabulary(input.value);
    input.value = this.vocabulary;
    this.emit();
  }

  private onModel(event: Event): void {
    this.model = (event.target as HTMLSelectElement).value;
    if (this.englishOnly) this.language = 'en';
    this.emit();
  }

  private onDevice(event: Event): void {
    this.device = (event.target as HTMLSelectElement).value as DeviceChoice;
    this.emit();
  }

  private onLanguage(event: Event): void {
    this.language = (event.target as HTMLSelectElement).value;
    this.emit();
  }

  private onTask(event: Event): void {
    this.task = (event.target as HTMLSelectElement).value as Task;
    this.emit();
  }

  /** The question takes the focus when it appears, so a keyboard user answers it next. */
  private readonly focusOnce = (el: Element | undefined) => {
    if (el instanceof HTMLElement) void this.updateComplete.then(() => el.focus());
  };

  private onSpeakers(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    if (on && this.speakersDownloadBytes > 0) {
      this.confirming = true;
      return;
    }
    this.confirming = false;
    this.speakers = on;
    this.emit();
  }

  private answer(download: boolean): void {
    this.confirming = false;
    if (!download) return;
    this.speakers = true;
    this.emit();
  }

  private onFilter(event: Event): void {
    this.filter = (event.target as HTMLInputElement).value;
  }

  /** Enter takes the best match, so a keyboard user can type "spa" + Enter without touching the list. */
  private onFilterKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const best = filterLanguages(this.languageChoices, this.filter)[0];
    if (!best || best.code === this.effectiveLanguage) return;
    this.language = best.code;
    this.filter = '';
    this.emit();
  }

  private emit(): void {
    const { model, device, task, vocabulary, speakers } = this;
    this.dispatchEvent(new WhisperSettingsChangeEvent({ model, device, language: this.effectiveLanguage, task, vocabulary, speakers }));
  }
}
