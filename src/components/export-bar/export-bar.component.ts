import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Transcript } from '../../engine/transcript';
import { EXPORT_MIME, exportFileName, formatTranscript, type ExportFormat } from '../../export/index';
import { WhisperExportedEvent } from '../events';
import { sharedStyles } from '../shared.styles';
import { styles } from './export-bar.styles';

const DOWNLOADS: ReadonlyArray<readonly [format: ExportFormat, label: string, description: string]> = [
  ['txt', 'TXT', 'plain text'],
  ['srt', 'SRT', 'SubRip subtitles'],
  ['vtt', 'WebVTT', 'WebVTT subtitles'],
  ['json', 'JSON', 'JSON with timings and metadata'],
];

/** Long enough to read, short enough that a second copy shows fresh feedback. */
const FEEDBACK_MS = 2500;

/**
 * @tagname wr-export-bar
 * @summary Copy the transcript to the clipboard or download it as TXT, SRT, WebVTT or JSON.
 *
 * Copy puts the same text as the TXT download on the clipboard (timestamps included), so what
 * is pasted matches what would be saved.
 *
 * @fires whisper-exported - `{ format: 'txt' | 'srt' | 'vtt' | 'json' }` after a download starts.
 *
 * @csspart group - The button row.
 * @csspart button - Every button; also `copy-button` and `download-button`.
 * @csspart message - The feedback text ("Copied", or why copying failed).
 *
 * @cssproperty --whisper-accent - Focus ring and hover border.
 * @cssproperty --whisper-error - Colour of a failure message.
 * @cssproperty --whisper-muted - Colour of the feedback text.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 */
export class WrExportBar extends LitElement {
  static override styles = [sharedStyles, styles];

  @property({ attribute: false }) transcript: Transcript | null = null;

  @state() private message = '';
  @state() private failed = false;

  private clearTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.clearTimer);
  }

  override render() {
    const disabled = !this.transcript || this.transcript.segments.length === 0;
    return html`
      <div part="group" class="group" role="group" aria-label="Export transcript">
        <button part="button copy-button" type="button" ?disabled=${disabled} @click=${this.copy}>Copy</button>
        ${DOWNLOADS.map(
          ([format, label, description]) => html`
            <button
              part="button download-button"
              type="button"
              data-format=${format}
              aria-label="Download ${label}"
              title="Download as ${description}"
              ?disabled=${disabled}
              @click=${() => this.download(format)}
            >
              ${label}
            </button>
          `,
        )}
        <span part="message" class="message ${this.failed ? 'failed' : ''}" aria-live="polite">${this.message}</span>
      </div>
    `;
  }

  private async copy(): Promise<void> {
    const transcript = this.transcript;
    if (!transcript) return;
    try {
      // Absent outside secure contexts, which is a failure to report, not a crash.
      if (!navigator.clipboard) throw new Error('the clipboard is not available on this page');
      await navigator.clipboard.writeText(formatTranscript(transcript, 'txt'));
      this.show('Copied', false);
    } catch (error) {
      const why = error instanceof Error && error.message ? error.message : 'permission was denied';
      this.show(`Could not copy: ${why}. Use the TXT download instead.`, true);
    }
  }

  private download(format: ExportFormat): void {
    const transcript = this.transcript;
    if (!transcript) return;
    const blob = new Blob([formatTranscript(transcript, format)], { type: EXPORT_MIME[format] });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(transcript.meta.source, format);
    link.hidden = true;
    // Some browsers ignore clicks on links that are not in a document.
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the download before the browser has read the blob.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.dispatchEvent(new WhisperExportedEvent({ format }));
  }

  private show(message: string, failed: boolean): void {
    this.message = message;
    this.failed = failed;
    clearTimeout(this.clearTimer);
    // Failures stay until the next attempt: the user may need time to read the workaround.
    if (!failed) this.clearTimer = setTimeout(() => (this.message = ''), FEEDBACK_MS);
  }
}
