/**
 * What stands between a plan and the worker's load: the stored files, checked the way the model manager checks
 * them (damaged ones removed and named), the offline check, and the user's consent (a model from another host, a
 * large first download). The engine owns one and shows what it asks in its status.
 */
import { EngineError } from './engine-error.ts';
import { consentNeeded, declinedMessage, downloadKey, type LoadConsent } from './load-consent.ts';
import type { LoadRecords } from './load-records.ts';
import type { DtypePair } from '../models/dtype.ts';
import { damagedFilesMessage } from '../models/file-check.ts';
import { offlineModelMessage, type ModelInspection } from '../models/model-cache.ts';
import type { ModelSource } from '../models/model-source.ts';

/** The browser's model cache as a load sees it (model-cache.ts; tests pass fakes). */
export interface ModelStore {
  /** Null where nothing can be stored (no Cache API). */
  inspect(source: ModelSource, dtypes: DtypePair): Promise<ModelInspection | null>;
  remove(source: ModelSource, files: readonly string[]): Promise<void>;
}

export interface LoadGateDeps {
  models: ModelStore;
  /** Trusted hosts are read and added here. */
  records: LoadRecords;
  online: () => boolean;
  /** Whether the page's content security policy lets it fetch `url` (documentPolicy() and allowsConnect()). */
  connectAllowed: (url: string) => boolean;
}

/** Why a model from `source` cannot load under the page's content security policy, and what its owner can do. */
export function blockedHostMessage(source: ModelSource): string {
  const { origin } = new URL(source.host);
  return (
    `${source.label} cannot be loaded here: this page's content security policy does not let it fetch from ${origin}. ` +
    `The site's owner can add ${origin} to its connect-src (for this app, by building it with WHISPER_MODEL_HOSTS="${origin}").`
  );
}

type Answer = 'accept' | 'decline' | 'replanned';

export class LoadGate {
  private answer: ((answer: Answer) => void) | null = null;
  /** Large downloads the user agreed to on this page (downloadKey()s). */
  private readonly agreedDownloads = new Set<string>();

  /** `ask` shows a question (or, with null, that it was answered). */
  constructor(
    private readonly deps: LoadGateDeps,
    private readonly ask: (consent: LoadConsent | null) => void,
  ) {}

  /** A question is open. */
  get waiting(): boolean {
    return this.answer !== null;
  }

  /**
   * Resolves 'go' when `source` may load for these dtypes, or 'replanned' when `replan()` was called while the
   * user was asked. Throws an EngineError naming damaged files (now removed, so Retry fetches them again), saying
   * that an incompletely stored model cannot load offline, or that the user said no.
   */
  async pass(model: string, source: ModelSource, dtypes: DtypePair): Promise<'go' | 'replanned'> {
    // Asking consent for a host the page may not fetch from would end in a bare "Failed to fetch".
    if (!this.deps.connectAllowed(source.host)) throw new EngineError('model-download', blockedHostMessage(source));
    const stored = await this.deps.models.inspect(source, dtypes).catch(() => null);
    await this.removeDamaged(stored, source);
    const complete = stored !== null && stored.files.every((f) => stored.sound.has(f));
    if (!complete && !this.deps.online()) throw new EngineError('model-download', offlineModelMessage(source.label));
    const storedBytes = stored && [...stored.sound.values()].reduce((a, b) => a + b, 0);
    for (;;) {
      const consent = consentNeeded({
        model,
        source,
        dtypes,
        stored: storedBytes === null ? null : { bytes: storedBytes, complete },
        trustedHosts: this.deps.records.trustedHosts(),
        agreedDownloads: this.agreedDownloads,
      });
      if (!consent) return 'go';
      const answer = await new Promise<Answer>((resolve) => {
        this.answer = resolve;
        this.ask(consent);
      });
      if (answer === 'replanned') return answer;
      this.ask(null);
      if (answer === 'decline') throw new EngineError('cancelled', declinedMessage(consent));
      if (consent.kind === 'host') this.deps.records.trustHost(consent.host);
      else this.agreedDownloads.add(downloadKey(model, dtypes));
    }
  }

  /** The user's answer to the open question. */
  reply(accept: boolean): void {
    this.settle(accept ? 'accept' : 'decline');
  }

  /** The settings changed while a question was open: the load goes on with the new plan. */
  replan(): void {
    this.settle('replanned');
  }

  /**
   * After a failed load: a file stored as it went may be what failed it (a server's HTML page stored as
   * config.json). Such files are removed, and the error names them instead.
   */
  async damagedAfter(error: unknown, source: ModelSource, dtypes: DtypePair): Promise<unknown> {
    try {
      await this.removeDamaged(await this.deps.models.inspect(source, dtypes).catch(() => null), source);
    } catch (named) {
      return named;
    }
    return error;
  }

  /** transformers.js reads whatever the cache holds, so a damaged file would fail this load and every later one. */
  private async removeDamaged(stored: ModelInspection | null, source: ModelSource): Promise<void> {
    if (!stored || stored.damaged.length === 0) return;
    await this.deps.models.remove(source, stored.damaged.map((d) => d.file));
    throw new EngineError('model-invalid', damagedFilesMessage(source.label, stored.damaged));
  }

  private settle(answer: Answer): void {
    const resolve = this.answer;
    this.answer = null;
    resolve?.(answer);
  }
}
