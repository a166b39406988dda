import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pwaState } from './pwa-register.ts';
import type { PwaSnapshot } from './pwa-state.ts';

/**
 * Gives an element the PWA state (`online`, `offlineReady`, `needRefresh`, …) and re-renders it when that changes.
 * The first one connected registers the service worker.
 *
 * @example
 * ```ts
 * private readonly pwa = new PwaController(this);
 * render() { return html`<wr-status .offlineReady=${this.pwa.value.offlineReady}></wr-status>`; }
 * ```
 */
export class PwaController implements ReactiveController {
  value: PwaSnapshot = pwaState.snapshot;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get online(): boolean {
    return this.value.online;
  }

  get offlineReady(): boolean {
    return this.value.offlineReady;
  }

  private readonly onChange = (): void => {
    this.value = pwaState.snapshot;
    this.host.requestUpdate();
  };

  hostConnected(): void {
    pwaState.addEventListener('change', this.onChange);
    pwaState.start();
    this.onChange();
  }

  hostDisconnected(): void {
    pwaState.removeEventListener('change', this.onChange);
  }

  applyUpdate(): Promise<void> {
    return pwaState.applyUpdate();
  }

  dismiss(): void {
    pwaState.dismiss();
  }
}
