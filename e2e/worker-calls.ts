import type { Page } from '@playwright/test';

export interface TranscribeReply {
  /** Whether the worker answered with an error, and its code (src/shared/worker-protocol.ts: errors come as data). */
  failed: boolean;
  code: string | null;
}

/**
 * Watches the comlink messages of the Whisper worker in the page and, as its `nth` `transcribe` request (1-based) is
 * being posted, presses the button labelled `buttonLabel` (searched through shadow roots) just before the request
 * goes. The page has then already handed that call to the worker (nothing is left to drop from its own queue), and
 * the test model is too fast to race against, so what the reply says is what the worker does with a call cancelled
 * while it is in its hands.
 */
export async function pressWhenTranscribing(page: Page, buttonLabel: string, nth = 1): Promise<void> {
  await page.addInitScript(([label, at]: [string, number]) => {
    let requests = 0;
    interface Message { type?: string; id?: string; path?: string[]; value?: { ok?: boolean; error?: { code?: string } } }
    const replies: { failed: boolean; code: string | null }[] = [];
    (window as unknown as { __transcribeReplies: typeof replies }).__transcribeReplies = replies;
    const find = (root: Document | ShadowRoot): HTMLButtonElement | null => {
      const hit = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot ? find(el.shadowRoot) : null;
        if (inner) return inner;
      }
      return null;
    };
    const Native = window.Worker;
    window.Worker = class extends Native {
      private watched: string | null = null;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'whisper') return;
        this.addEventListener('message', (event: MessageEvent<Message>) => {
          if (event.data?.id !== this.watched) return;
          const failed = event.data.value?.ok === false;
          replies.push({ failed, code: failed ? (event.data.value?.error?.code ?? null) : null });
          this.watched = null;
        });
      }
      override postMessage(message: Message, transfer?: Transferable[] | StructuredSerializeOptions): void {
        if (message?.type === 'APPLY' && message.path?.[0] === 'transcribe' && ++requests === at) {
          this.watched = message.id ?? null;
          find(document)?.click();
        }
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  }, [buttonLabel, nth] as [string, number]);
}

export const transcribeReplies = (page: Page): Promise<TranscribeReply[]> =>
  page.evaluate(() => (window as unknown as { __transcribeReplies: TranscribeReply[] }).__transcribeReplies);

/**
 * Lets the Whisper worker's first `count` transcribe requests through and holds back every later one, so a file job
 * stops, deterministically, after its first windows and stays "transcribing". Only on the first page load of the
 * tab: after a reload, requests flow again.
 */
export async function holdTranscriptionsAfter(page: Page, count: number): Promise<void> {
  await page.addInitScript((allowed: number) => {
    if (sessionStorage.getItem('e2e-held')) return;
    interface Message { type?: string; path?: string[] }
    let sent = 0;
    const Native = window.Worker;
    window.Worker = class extends Native {
      private readonly whisper: boolean;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.whisper = options?.name === 'whisper';
      }
      override postMessage(message: Message, transfer?: Transferable[] | StructuredSerializeOptions): void {
        if (this.whisper && message?.type === 'APPLY' && message.path?.[0] === 'transcribe' && ++sent > allowed) {
          sessionStorage.setItem('e2e-held', '1');
          return;
        }
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  }, count);
}

/**
 * The Whisper worker crashes, as on running out of memory, when it is handed its `nth` transcribe request (1-based):
 * the request is not delivered and the worker fires `error`. The page's client starts a new worker for the next
 * request, which goes through, as do all after it.
 */
export async function crashWhisperWorkerAt(page: Page, nth: number): Promise<void> {
  await page.addInitScript((at: number) => {
    interface Message { type?: string; path?: string[] }
    let requests = 0;
    const Native = window.Worker;
    window.Worker = class extends Native {
      private readonly whisper: boolean;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.whisper = options?.name === 'whisper';
      }
      override postMessage(message: Message, transfer?: Transferable[] | StructuredSerializeOptions): void {
        if (this.whisper && message?.type === 'APPLY' && message.path?.[0] === 'transcribe' && ++requests === at) {
          setTimeout(() => this.dispatchEvent(new ErrorEvent('error', { message: 'Out of memory', cancelable: true })));
          return;
        }
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  }, nth);
}
