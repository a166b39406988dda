/**
 * The page's side of the service worker, shared by every element that shows it: registration (once, on first use),
 * whether the app works offline, whether a new version waits, and connectivity. A plain EventTarget store, so
 * controllers subscribe to one source instead of each registering the worker. Registration and the browser are
 * injected (pwa-register.ts wires the real ones), so the update rules are tested in Node.
 */
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';

export interface PwaSnapshot {
  /** `navigator.onLine`: false means surely offline; true may still be a dead network. */
  online: boolean;
  /**
   * A service worker controls this page. It only activates after its install precached every file, so this also
   * means the app shell, workers and ONNX Runtime's wasm are on the device and a reload opens the app offline.
   */
  offlineReady: boolean;
  /** A new version is installed and waits for the user's reload. */
  needRefresh: boolean;
  /** Another tab applied the update; this one runs the old code until it reloads. */
  updatedElsewhere: boolean;
  /** A reload would make the page cross-origin isolated (the service worker adds COOP/COEP), enabling threads. */
  isolationAfterReload: boolean;
}

/** vite-plugin-pwa's `registerSW`: returns the function that activates a waiting version. */
export type RegisterSW = (options: RegisterSWOptions) => (reloadPage?: boolean) => Promise<void>;

/** The browser objects the store reads. */
export interface PwaEnvironment {
  events: Pick<EventTarget, 'addEventListener'>;
  navigator: {
    onLine: boolean;
    serviceWorker?: { readonly controller: unknown; addEventListener(type: 'controllerchange', listener: () => void): void };
  };
  /** `globalThis.crossOriginIsolated`; undefined in browsers that predate it. */
  isolated: () => boolean | undefined;
  reload: () => void;
  warn: (message: string, error: unknown) => void;
}

export const browserEnvironment = (): PwaEnvironment | null =>
  typeof window === 'undefined'
    ? null
    : {
        events: window,
        navigator,
        isolated: () => globalThis.crossOriginIsolated,
        reload: () => location.reload(),
        warn: (message, error) => console.warn(message, error),
      };

export class PwaState extends EventTarget {
  snapshot: PwaSnapshot;
  private started = false;
  private updateSW: ((reloadPage?: boolean) => Promise<void>) | null = null;
  /** Set when this tab asked for the update, so only this tab reloads by itself. */
  private reloadRequested = false;

  constructor(
    private readonly register: RegisterSW,
    private readonly env: PwaEnvironment | null = browserEnvironment(),
  ) {
    super();
    const sw = env?.navigator.serviceWorker;
    this.snapshot = {
      online: env?.navigator.onLine ?? true,
      offlineReady: !!sw?.controller,
      needRefresh: false,
      updatedElsewhere: false,
      isolationAfterReload: false,
    };
  }

  private patch(patch: Partial<PwaSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** Registers the service worker and starts listening; later calls do nothing. */
  start(): void {
    const env = this.env;
    if (this.started || !env) return;
    this.started = true;
    const online = () => this.patch({ online: env.navigator.onLine });
    env.events.addEventListener('online', online);
    env.events.addEventListener('offline', online);
    const sw = env.navigator.serviceWorker;
    if (!sw) return;
    const controlled = () => {
      const controller = !!sw.controller;
      this.patch({ offlineReady: controller, isolationAfterReload: controller && env.isolated() === false });
    };
    sw.addEventListener('controllerchange', controlled);
    controlled();
    this.updateSW = this.register({
      immediate: true,
      onNeedRefresh: () => this.patch({ needRefresh: true }),
      onOfflineReady: controlled,
      // Called when the new version takes over. Only the tab whose user chose "Reload" reloads; any other open tab
      // keeps its work and is told to reload when it suits.
      onNeedReload: () => (this.reloadRequested ? env.reload() : this.patch({ needRefresh: false, updatedElsewhere: true })),
      onRegisterError: (error: unknown) => env.warn('The service worker could not be registered; the app will not work offline.', error),
    });
  }

  /** The user chose to reload: the waiting version takes over, then this page reloads. */
  async applyUpdate(): Promise<void> {
    if (!this.snapshot.needRefresh || !this.updateSW) {
      this.env?.reload();
      return;
    }
    this.reloadRequested = true;
    await this.updateSW(true);
  }

  dismiss(): void {
    this.patch({ needRefresh: false, updatedElsewhere: false, isolationAfterReload: false });
  }
}
