import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TranscriptionEngine } from '../../engine/transcription-engine';
import { bytesToDownload } from '../../models/model-cache';
import { resolveModelSource } from '../../models/model-source';
import { SPEAKER_MODEL_LIST, SPEAKER_MODELS_BYTES, speakerModelFiles } from '../../models/speaker-models';

/**
 * The speaker models as the app shows them: what they still need to download (the size the settings name before
 * asking), whether to ask at once (the page was opened with `?speakers=on`), and what they are doing, in words.
 * The size is looked up again whenever they may have changed: once loaded, or after a download or delete in the
 * model manager (`recheck`).
 */
export class SpeakerModelsController implements ReactiveController {
  /** All of it until the cache has been looked at. */
  downloadBytes = SPEAKER_MODELS_BYTES;
  /** Ask now whether to download them. */
  asked = false;
  private wasReady = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly engine: TranscriptionEngine,
    private readonly modelBaseUrl: () => string | undefined,
    /** The models were just loaded (and so stored): e.g. refresh the model manager. */
    private readonly onLoaded: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.engine.addEventListener('status', this.onStatus);
  }

  hostDisconnected(): void {
    this.engine.removeEventListener('status', this.onStatus);
  }

  /** `?speakers=on`: `enable` at once when nothing is left to download, else ask first. */
  async requested(enable: () => void): Promise<void> {
    if ((await this.recheck()) > 0) {
      this.asked = true;
      this.host.requestUpdate();
    } else {
      enable();
    }
  }

  /** Looks up what the models still need to download. */
  async recheck(): Promise<number> {
    const page = location.href;
    const models = SPEAKER_MODEL_LIST.map((m) => ({ source: resolveModelSource(m.id, page, this.modelBaseUrl()), files: speakerModelFiles(m), bytes: m.bytes }));
    this.downloadBytes = await bytesToDownload(models).catch(() => SPEAKER_MODELS_BYTES);
    this.host.requestUpdate();
    return this.downloadBytes;
  }

  /** What the models are doing, in words; empty when there is nothing to say. */
  get status(): string {
    const { phase, progress, message } = this.engine.status.speakers;
    if (phase === 'error') return `Speaker labels could not load: ${message}`;
    if (phase !== 'loading') return '';
    return progress === null ? 'Loading the speaker models…' : `Downloading the speaker models… ${Math.floor(progress * 100)} %`;
  }

  private readonly onStatus = () => {
    const ready = this.engine.status.speakers.phase === 'ready';
    if (ready && !this.wasReady) {
      void this.recheck();
      this.onLoaded();
    }
    this.wasReady = ready;
  };
}
