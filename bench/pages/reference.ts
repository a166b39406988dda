/**
 * The reference page: hands the chosen file to the reference worker and times the call on the page's clock, the
 * way the app's file-to-done is timed. Files the worker cannot read as 16 kHz WAV are decoded here first with Web
 * Audio (resampled to 16 kHz), inside the timed span.
 */
import { transfer, wrap } from 'comlink';
import type { ReferencePageApi, ReferenceWorkerApi } from './reference-api.ts';
import { SAMPLE_RATE } from '../../src/shared/sample-rate.ts';

const worker = wrap<ReferenceWorkerApi>(new Worker(new URL('./reference.worker.ts', import.meta.url), { type: 'module', name: 'reference' }));

async function decodeWithWebAudio(file: File): Promise<Float32Array> {
  const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
  const buffer = await context.decodeAudioData(await file.arrayBuffer());
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / buffer.numberOfChannels;
  }
  return mono;
}

const api: ReferencePageApi = {
  load: (request) => worker.load(request),
  async transcribeInput(request) {
    const file = document.querySelector<HTMLInputElement>('input#audio')?.files?.[0];
    if (!file) throw new Error('No file chosen in input#audio.');
    const started = performance.now();
    let output;
    if (/\.wav$/i.test(file.name)) {
      try {
        output = await worker.transcribe(file, request);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'UnsupportedWavError') throw error;
      }
    }
    if (!output) {
      const samples = await decodeWithWebAudio(file);
      output = await worker.transcribe(transfer(samples, [samples.buffer]), request);
    }
    return { ...output, wallMs: performance.now() - started };
  },
};
window.__reference = api;
