import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SHARED_PARAM } from './media-types.ts';
import { takeSharedFiles } from './shared-files.ts';

/** What the File Handling API hands a launched app (`window.launchQueue`); Chromium desktop only, so typed here. */
export interface LaunchParams {
  readonly files: readonly { readonly kind: string; getFile?(): Promise<File> }[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => unknown): void;
}

/**
 * Files that arrive from outside the page: opened with the installed app (file handlers, through
 * `window.launchQueue`) or shared to it (the service worker stores a share target's files and redirects to
 * `?shared=<id>`). Each batch goes to `onFiles`, which queues it like a drop.
 */
export class IncomingFilesController implements ReactiveController {
  private started = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly onFiles: (files: File[]) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Launches and shares happen once per page load; a host that reconnects must not queue them twice.
    if (this.started) return;
    this.started = true;
    const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
    queue?.setConsumer((params) => this.launched(params));
    void this.shared();
  }

  private async launched(params: LaunchParams): Promise<void> {
    const handles = params.files.filter((h) => h.kind === 'file' && h.getFile);
    const files = await Promise.all(handles.map((h) => h.getFile!()));
    if (files.length > 0) this.onFiles(files);
  }

  private async shared(): Promise<void> {
    const url = new URL(location.href);
    const id = url.searchParams.get(SHARED_PARAM);
    if (!id) return;
    // A reload must not look for the same share again.
    url.searchParams.delete(SHARED_PARAM);
    history.replaceState(history.state, '', url);
    const scope = new URL('./', url).href;
    try {
      const files = await takeSharedFiles(caches, scope, id);
      if (files.length > 0) this.onFiles(files);
    } catch (error) {
      console.warn('The shared files could not be read.', error);
    }
  }
}
