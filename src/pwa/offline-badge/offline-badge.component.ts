import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { sharedStyles } from '../../components/shared.styles';
import { PwaController } from '../pwa.controller';
import { styles } from './offline-badge.styles';

/**
 * @summary A small chip that appears while the device is offline: "Offline — downloaded models still work".
 *
 * Visible only offline; whether the app and the current model work offline is `<wr-status>`'s "Works offline"
 * (fed by OfflineReadyController), so the two never say the same thing twice. The reflected `state` attribute
 * still tells all three cases apart for styling and tests: `offline`, `ready` (the service worker controls the page,
 * so the app is precached) or `online`.
 *
 * @csspart badge - The chip.
 *
 * @cssproperty --whisper-warning - Colour of the chip.
 * @cssproperty --whisper-radius - Corner radius of the chip.
 */
export class WrOfflineBadge extends LitElement {
  static override styles = [sharedStyles, styles];

  /** Read-only, reflected: `offline`, `ready` (works offline) or `online` (not yet ready for offline use). */
  @property({ reflect: true }) state: 'offline' | 'ready' | 'online' = 'online';

  private readonly pwa = new PwaController(this);

  protected override willUpdate(): void {
    const { online, offlineReady } = this.pwa.value;
    this.state = !online ? 'offline' : offlineReady ? 'ready' : 'online';
  }

  override render() {
    const offline = this.state === 'offline';
    return html`<span part="badge" class="badge" role="status" ?hidden=${!offline}>${offline ? 'Offline — downloaded models still work' : ''}</span>`;
  }
}
