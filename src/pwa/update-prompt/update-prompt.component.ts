import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { promptStyles, sharedStyles } from '../../components/shared.styles';
import { PwaController } from '../pwa.controller';
import { styles } from './update-prompt.styles';

/**
 * @summary "A new version is ready — Reload": shown when an updated service worker waits; the user picks the moment.
 *
 * Nothing reloads by itself, so a transcription in progress is never cut off; with `busy` set the prompt also says
 * that reloading now would stop it. The same bar offers a reload when it would turn on multi-threading (the service
 * worker adds the cross-origin isolation headers a static host could not send). Renders nothing otherwise.
 *
 * @csspart prompt - The bar (a `role="status"` region).
 * @csspart message - The sentence.
 * @csspart warning - The "this stops the transcription" note while `busy`.
 * @csspart button - Both buttons; also `reload-button`, `dismiss-button`.
 *
 * @cssproperty --whisper-accent - Border and focus colour.
 * @cssproperty --whisper-font - Font family.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-border - Button border colour.
 */
export class WrUpdatePrompt extends LitElement {
  static override styles = [sharedStyles, promptStyles, styles];

  /** Something is running that a reload would stop (a transcription, a recording). */
  @property({ type: Boolean }) busy = false;

  private readonly pwa = new PwaController(this);

  private message(): string | null {
    const { needRefresh, updatedElsewhere, isolationAfterReload } = this.pwa.value;
    if (needRefresh) return 'A new version is ready.';
    if (updatedElsewhere) return 'A new version was installed from another tab.';
    if (isolationAfterReload) return 'Reload to transcribe with all processor cores.';
    return null;
  }

  override render() {
    const message = this.message();
    // The region stays in the DOM so screen readers announce the message when it appears.
    return html`<div part="prompt" class="prompt" role="status" ?hidden=${message === null}>
      ${message === null
        ? nothing
        : html`<span part="message">${message}</span>
            ${this.busy ? html`<span part="warning" class="warning">Reloading now stops the transcription in progress.</span>` : nothing}
            <span class="actions">
              <button part="button reload-button" type="button" @click=${() => void this.pwa.applyUpdate()}>Reload</button>
              <button part="button dismiss-button" type="button" aria-label="Not now, reload later" @click=${() => this.pwa.dismiss()}>Later</button>
            </span>`}
    </div>`;
  }
}
