/** Drives the reference page (bench/pages/reference.html): load the pipeline once, then transcribe files. */
import type { Page } from '@playwright/test';
import type { ReferenceLoadRequest, ReferenceLoaded, ReferenceResult, TranscribeRequest } from './pages/reference-api.ts';
import { BENCH_BASE } from './vite.config.ts';

export class ReferenceDriver {
  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.origin}${BENCH_BASE}reference.html`);
    await this.page.waitForFunction(() => '__reference' in window);
  }

  load(request: ReferenceLoadRequest): Promise<ReferenceLoaded> {
    return this.page.evaluate((r) => window.__reference.load(r), request);
  }

  async transcribe(path: string, request: TranscribeRequest): Promise<ReferenceResult> {
    await this.page.locator('input#audio').setInputFiles(path);
    return this.page.evaluate((r) => window.__reference.transcribeInput(r), request);
  }
}
