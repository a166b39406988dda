import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Asks before the page is left (reload, close, another address) while `busy()` says work would be cut off, and never
 * otherwise. The listener is there only while busy: browsers may keep a page without one in the back/forward cache.
 * `busy()` is checked after every update of the host, so whatever changes it must update the host.
 */
export class LeaveGuardController implements ReactiveController {
  private armed = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly busy: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    this.arm(this.busy());
  }

  hostDisconnected(): void {
    this.arm(false);
  }

  private arm(on: boolean): void {
    if (on === this.armed) return;
    this.armed = on;
    if (on) window.addEventListener('beforeunload', this.onBeforeUnload);
    else window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.busy()) return;
    event.preventDefault();
    // Browsers before the standard behaviour ask only when returnValue is set.
    event.returnValue = true;
  };
}
