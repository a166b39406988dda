import { expect, type Locator, type Page } from '@playwright/test';
import type { Segment } from '../src/engine/transcript.ts';
import type { HistoryRecord } from '../src/history/history-record.ts';
import { pauseUtterances } from './app.ts';

/** Words below this probability are marked in the view (LOW_CONFIDENCE). */
export const UNSURE_WORD = 'fox';

/**
 * Segments with words, as the model will give them once it times words: the first two sentences of pauses.wav,
 * each word timed evenly across its sentence, one word unsure, and two speakers.
 */
export function wordySegments(): Segment[] {
  return pauseUtterances()
    .slice(0, 2)
    .map((u, i) => {
      const texts = u.text.split(' ');
      const step = (u.endSeconds - u.startSeconds) / texts.length;
      const words = texts.map((text, k) => ({
        text: ` ${text}`,
        start: Math.round((u.startSeconds + k * step) * 1000) / 1000,
        end: Math.round((u.startSeconds + (k + 1) * step) * 1000) / 1000,
        probability: text === UNSURE_WORD ? 0.3 : 0.9,
      }));
      return { start: u.startSeconds, end: u.endSeconds, text: ` ${u.text}`, language: 'en', words, speaker: `SPEAKER_${i + 1}` };
    });
}

/**
 * Writes a finished transcript of pauses.wav into the history's IndexedDB the way the app stores one, then reloads
 * so History lists it. The record names the file but carries no identity, so choosing pauses.wav plays it.
 */
export async function seedSavedTranscript(page: Page, segments: Segment[]): Promise<void> {
  const now = Date.now();
  const record: HistoryRecord = {
    id: 'seeded-1', kind: 'file', name: 'pauses.wav', createdAt: now, updatedAt: now, durationSeconds: 45, model: 'synthetic-whisper-test',
    device: 'wasm', dtype: 'q8/q8', language: 'en', task: 'transcribe', state: 'done', segmentCount: segments.length, bytes: 2000,
  };
  await page.evaluate(async ({ record, segments }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('whisper-history', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('transcripts', { keyPath: 'id' });
        open.result.createObjectStore('segments', { keyPath: ['transcriptId', 'seq'] });
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['transcripts', 'segments'], 'readwrite');
    tx.objectStore('transcripts').put(record);
    segments.forEach((segment, seq) => tx.objectStore('segments').put({ transcriptId: record.id, seq, segment }));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { record, segments });
  await page.reload();
}

/** Every seek of the element from now on, where it goes (read as it starts, before playback moves on), in `window.seeks`. */
export async function recordSeeks(audio: Locator): Promise<() => Promise<number[]>> {
  await audio.evaluate((a: HTMLAudioElement) => {
    const w = window as unknown as { seeks: number[] };
    w.seeks = [];
    a.addEventListener('seeking', () => w.seeks.push(a.currentTime));
  });
  return () => audio.page().evaluate(() => (window as unknown as { seeks: number[] }).seeks);
}

/** Pixels of a timeline's canvas by opacity: `strong` ones are the waveform's, `faint` ones the speech band's. */
export function canvasPixels(timeline: Locator): Promise<{ strong: number; faint: number; medium: number; width: number }> {
  return timeline.evaluate((el) => {
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const counts = { strong: 0, faint: 0, medium: 0, width: canvas.width };
    for (let i = 3; i < data.length; i += 4) {
      const alpha = data[i]!;
      if (alpha > 200) counts.strong++;
      else if (alpha > 100) counts.medium++;
      else if (alpha > 0) counts.faint++;
    }
    return counts;
  });
}

/** Clicks `fraction` of the way across a timeline's strip. */
export async function clickTimeline(timeline: Locator, fraction: number): Promise<void> {
  const track = timeline.locator('[part=track]');
  const box = (await track.boundingBox())!;
  await track.click({ position: { x: box.width * fraction, y: box.height / 2 } });
}

/** The words lit as being played, by text. */
export const currentWord = (page: Page) => page.locator('wr-transcript-view [part~=word-current]');

/** Seconds `a` is from `b` at most. */
export function expectWithin(a: number, b: number, tolerance: number): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tolerance);
}
