import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DtypePair } from '../../models/dtype.ts';
import { isModelAvailableOffline } from '../../models/model-cache.ts';
import { resolveModelSource } from '../../models/model-source.ts';
import { pwaState } from '../../pwa/pwa-register.ts';

/** What the app is about to use; any change (including `ready`, after the engine stored the files) re-checks. */
export interface OfflineTarget {
  model: string;
  dtypes: DtypePair;
  modelBaseUrl?: string | undefined;
  /** The engine has loaded the model (so transformers.js has just stored its files). */
  ready?: boolean;
}

/**
 * Whether the whole app works offline right now: the service worker has precached the app and every file of the
 * current model is stored. `value` is undefined until known, for `<wr-status .offlineReady>`.
 *
 * @example
 * ```ts
 * private readonly offline = new OfflineReadyController(this, () => this.status.plan && {
 *   model: this.status.plan.model, dtypes: { encoder: this.status.plan.encoderDtype, decoder: this.status.plan.decoderDtype },
 *   ready: this.status.phase === 'ready' });
 * ```
 */
export class OfflineReadyController implements ReactiveController {
  value: boolean | undefined = undefined;
  private key = '';
  private modelStored = false;
  private checks = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => OfflineTarget | null | undefined,
  ) {
    host.addController(this);
  }

  private readonly update = (): void => {
    const next = this.key === '' ? undefined : this.modelStored && pwaState.snapshot.offlineReady;
    if (next !== this.value) {
      this.value = next;
      this.host.requestUpdate();
    }
  };

  /** The model manager downloaded or deleted something. */
  private readonly onStorage = (): void => void this.check();

  hostConnected(): void {
    pwaState.addEventListener('change', this.update);
    pwaState.start();
    window.addEventListener('whisper-model-storage', this.onStorage);
  }

  hostDisconnected(): void {
    pwaState.removeEventListener('change', this.update);
    window.removeEventListener('whisper-model-storage', this.onStorage);
  }

  hostUpdated(): void {
    const target = this.target();
    const key = target ? JSON.stringify([target.model, target.dtypes.encoder, target.dtypes.decoder, target.modelBaseUrl ?? '', target.ready ?? false]) : '';
    if (key === this.key) return;
    this.key = key;
    void this.check();
  }

  /** Reads the cache again; results of an older check that finishes late are dropped. */
  async check(): Promise<void> {
    const target = this.target();
    const id = ++this.checks;
    if (!target) {
      this.modelStored = false;
      return this.update();
    }
    const source = resolveModelSource(target.model, location.href, target.modelBaseUrl);
    const stored = await isModelAvailableOffline(source, target.dtypes).catch(() => false);
    if (id !== this.checks) return;
    this.modelStored = stored;
    this.update();
  }
}
