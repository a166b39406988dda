import { html, LitElement } from 'lit';
import { property, query } from 'lit/decorators.js';
import { WhisperFilesEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { styles } from './drop-zone.styles';

/**
 * @tagname wr-drop-zone
 * @summary A drop area with a file picker button for audio and video files.
 *
 * The picker suggests audio and video, but any file is passed on: whether a file can be decoded
 * is only known after trying, and the app reports that per file.
 *
 * @fires whisper-files - `{ files: File[] }` when files are picked or dropped (never empty).
 *
 * @csspart zone - The drop area.
 * @csspart text - The instruction text.
 * @csspart button - The "Choose files" button.
 *
 * @cssproperty --whisper-accent - Highlight colour while dragging and focus ring.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-border - Border colour of the idle drop area.
 */
export class WrDropZone extends LitElement {
  static override styles = [sharedStyles, styles];

  /** Set while files are dragged over the element; reflected so page CSS can react too. */
  @property({ type: Boolean, reflect: true }) dragging = false;

  /** Disables picking and dropping, e.g. while the app cannot accept work. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @query('input') private input!: HTMLInputElement;

  /** dragenter/dragleave fire for every child crossed; counting them avoids flicker. */
  private depth = 0;

  constructor() {
    super();
    this.addEventListener('dragenter', this.onDragEnter);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
  }

  override render() {
    return html`
      <div part="zone" class="zone">
        <p part="text" class="text" id="text">Drop audio or video files here, or</p>
        <button part="button" type="button" ?disabled=${this.disabled} aria-describedby="text" @click=${this.openPicker}>
          Choose files
        </button>
        <input
          class="visually-hidden"
          type="file"
          multiple
          accept="audio/*,video/*"
          tabindex="-1"
          aria-label="Audio or video files"
          ?disabled=${this.disabled}
          @change=${this.onPicked}
        />
      </div>
    `;
  }

  private openPicker(): void {
    this.input.click();
  }

  private onPicked(): void {
    const files = Array.from(this.input.files ?? []);
    // Clearing lets the same file be picked again after, say, a failed attempt.
    this.input.value = '';
    this.emit(files);
  }

  private emit(files: File[]): void {
    if (files.length > 0) this.dispatchEvent(new WhisperFilesEvent({ files }));
  }

  private readonly onDragEnter = (event: DragEvent): void => {
    if (!this.carriesFiles(event)) return;
    event.preventDefault();
    this.depth += 1;
    this.dragging = !this.disabled;
  };

  private readonly onDragOver = (event: DragEvent): void => {
    if (!this.carriesFiles(event)) return;
    // Without preventDefault here the browser refuses the drop.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled ? 'none' : 'copy';
  };

  private readonly onDragLeave = (): void => {
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent): void => {
    this.depth = 0;
    this.dragging = false;
    if (!this.carriesFiles(event)) return;
    // Stops the browser from navigating to the dropped file, even when disabled.
    event.preventDefault();
    if (!this.disabled) this.emit(Array.from(event.dataTransfer?.files ?? []));
  };

  /** Dragged text or links are not ours to handle. */
  private carriesFiles(event: DragEvent): boolean {
    return event.dataTransfer?.types.includes('Files') ?? false;
  }
}
