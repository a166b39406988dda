import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { LoadConsent } from '../../engine/load-consent';
import { formatBytes } from '../../models/storage-space';
import { promptStyles, sharedStyles } from '../shared.styles';
import { WhisperLoadAnswerEvent, type LoadAnswerDetail } from './load-confirm.events';
import { styles } from './load-confirm.styles';

/**
 * @tagname wr-load-confirm
 * @summary The question a model load waits on: allow models from another host, or download a large model (with
 * its size, and a smaller model to take instead). Renders nothing while there is no question.
 *
 * @fires whisper-load-answer - `{ answer: 'accept' | 'decline' | 'smaller', model? }`; `model` is the smaller one.
 *
 * @csspart prompt - The question's box (`role="alert"`, so it is announced when it appears).
 * @csspart message - The sentence.
 * @csspart button - Every button; also `accept-button`, `smaller-button`, `decline-button`.
 *
 * @cssproperty --whisper-accent - Border and focus colour.
 * @cssproperty --whisper-radius - Corner radius.
 * @cssproperty --whisper-border - Button border colour.
 * @cssproperty --whisper-font - Font family.
 */
export class WrLoadConfirm extends LitElement {
  static override styles = [sharedStyles, promptStyles, styles];

  /** The engine's `status.consent`; null renders nothing. */
  @property({ attribute: false }) request: LoadConsent | null = null;

  private reply(detail: LoadAnswerDetail): void {
    this.dispatchEvent(new WhisperLoadAnswerEvent(detail));
  }

  override render() {
    const request = this.request;
    if (!request) return nothing;
    const accept = request.kind === 'host' ? `Allow models from ${request.host}` : `Download about ${formatBytes(request.bytes)}`;
    const smaller = request.kind === 'download' ? request.smaller : null;
    return html`<div part="prompt" class="prompt" role="alert">
      <p part="message" class="message">${request.message}</p>
      <span class="actions">
        <button part="button accept-button" type="button" @click=${() => this.reply({ answer: 'accept' })}>${accept}</button>
        ${smaller
          ? html`<button part="button smaller-button" type="button" @click=${() => this.reply({ answer: 'smaller', model: smaller.model })}>
              Use ${smaller.label} instead (about ${formatBytes(smaller.bytes)})</button>`
          : nothing}
        <button part="button decline-button" type="button" @click=${() => this.reply({ answer: 'decline' })}>Not now</button>
      </span>
    </div>`;
  }
}
