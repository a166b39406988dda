import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveEvent } from '../../engine/live-session';
import type { TranscriptMeta } from '../../engine/transcript';
import type { HistoryStore } from '../../history/history-store';
import { LiveHistory } from '../../history/live-history';
import { pageHistory } from '../../history/page-history';

interface Host extends ReactiveControllerHost {
  /** The element's `history` attribute. */
  history: boolean;
}

/**
 * Keeps the recorder's live sessions in the page's transcript history while the element has `history`; without it,
 * nothing is stored and IndexedDB is never opened. Whether a session is kept is decided as it starts. `problem` says
 * why a session's finals are not being saved (history full, unavailable), once one had something to save.
 */
export class LiveHistoryController implements ReactiveController {
  problem = '';
  private store: HistoryStore | null = null;
  private session: LiveHistory | null = null;
  /** A session of this element had finals to keep: the history's problems are its problems. */
  private saving = false;

  constructor(
    private readonly host: Host,
    /** How the recorder's transcript is being made. */
    private readonly meta: () => TranscriptMeta,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.setStore(null);
  }

  /** The session's events, in order (LiveSessionController's observer). */
  observe = (event: LiveEvent): void => {
    if (event.type === 'state' && event.state === 'loading') this.session = this.store ? new LiveHistory(this.store, this.meta) : null;
    this.session?.observe(event);
    if (this.session && event.type === 'final' && !this.saving) {
      this.saving = true;
      this.onChange();
    }
    if (event.type === 'state' && (event.state === 'stopped' || event.state === 'error')) this.session = null;
  };

  private follow(): void {
    if (this.host.history !== (this.store !== null)) this.setStore(this.host.history ? pageHistory() : null);
  }

  private setStore(store: HistoryStore | null): void {
    this.store?.removeEventListener('change', this.onChange);
    this.store = store;
    store?.addEventListener('change', this.onChange);
    this.onChange();
  }

  private onChange = (): void => {
    const problem = (this.saving && this.store?.problem) || '';
    if (problem === this.problem) return;
    this.problem = problem;
    this.host.requestUpdate();
  };
}
