/**
 * An engine for tests, over stand-ins for the Whisper worker and the decode worker that behave as the synthetic test
 * model and the real decoder do where resuming a file is concerned.
 */
import { envelopeOf } from '../audio/envelope.ts';
import type { Capabilities } from './device-plan.ts';
import { EngineError } from './engine-error.ts';
import type { LoadRequest, TranscribeOptions, WindowResult } from './protocol.ts';
import { TranscriptionEngine, type EngineClient, type EngineDependencies } from './transcription-engine.ts';
import { SAMPLE_RATE } from '../shared/sample-rate.ts';

/** What the worker adds to a window that decoded cleanly on the first, greedy pass. */
export const CLEAN = { stats: { temperature: 0, avgLogprob: -0.2, compressionRatio: 1.3, noSpeechProb: 0.01 }, silence: false, fallbacks: 0, highestTemperature: 0, timings: { featuresMs: 1, encoderMs: 2, decoderMs: 3 } };

export const GPU: Capabilities = { webgpu: true, shaderF16: true, maxBufferSize: 4e9, maxStorageBufferBindingSize: 4e9, crossOriginIsolated: true, hardwareConcurrency: 4 };

/** The sentences the passage model reads, one per stretch of sound, in a cycle. */
export const PASSAGE = [' One.', ' Two.', ' Three.', ' Four.', ' Five.'];

/** Stretches of sound (seconds into the window): nonzero samples, gaps under 0.3 s closed. */
function soundIn(audio: Float32Array): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < audio.length; i++) {
    if (audio[i] === 0) continue;
    const last = out.at(-1);
    if (last && i / SAMPLE_RATE - last.end < 0.3) last.end = (i + 1) / SAMPLE_RATE;
    else out.push({ start: i / SAMPLE_RATE, end: (i + 1) / SAMPLE_RATE });
  }
  return out;
}

export interface PassageClientOptions {
  /** On WebGPU, the transcribe call with this number (1-based) loses the device. */
  lostAt?: number;
  /** The transcribe call with this number fails (a crashed worker, say). */
  failAt?: number;
  /** Transcribe calls (by number) that wait until they are cancelled (or a reload cuts them off). */
  hold?: (call: number) => boolean;
}

/**
 * A Whisper worker stand-in that reads on as the synthetic model does: each stretch of sound says the sentence after
 * the last one in its history (the prompt, then what it said before in the window), or the first without one. So a
 * run resumed with the right prompt says what a run that never stopped says, and a wrong prompt shows.
 */
export function passageClient(options: PassageClientOptions = {}) {
  const calls: { device: LoadRequest['device']; prompt: string | undefined; language: string | null }[] = [];
  let device: LoadRequest['device'] = 'wasm';
  const client: EngineClient = {
    async load(request) {
      device = request.device;
      return { model: request.source.label, device, encoderDtype: request.encoderDtype, decoderDtype: request.decoderDtype, threads: request.threads, multilingual: true, languages: ['en'], wordTimings: false, loadMs: 1, warmupMs: 1 };
    },
    async transcribe(audio: Float32Array, o: TranscribeOptions, _onPartial, signal): Promise<WindowResult> {
      calls.push({ device, prompt: o.prompt, language: o.language });
      const call = calls.length;
      if (device === 'webgpu' && call === options.lostAt) throw new EngineError('device-lost', 'The GPU device was lost (destroyed).');
      if (call === options.failAt) throw new EngineError('worker-crashed', 'The transcription worker crashed (out of memory).');
      if (options.hold?.(call)) {
        await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new EngineError('cancelled', 'Transcription cancelled.')), { once: true }));
      }
      let last = PASSAGE.findLastIndex((s) => (o.prompt ?? '').endsWith(s.trim()));
      const segments = soundIn(audio).map(({ start, end }) => {
        last = (last + 1) % PASSAGE.length;
        return { start, end, text: PASSAGE[last]!, language: o.language ?? 'en' };
      });
      return { segments, text: segments.map((s) => s.text).join(''), language: o.language ?? 'en', decoderSteps: 1, encoderPasses: 1, ...CLEAN };
    },
  };
  return { client, calls };
}

/** 100 s with speech at 1–3, 40–42, 75–77 and 90–92 s: a window each. */
const SPEECH_AT = [[1, 3], [40, 42], [75, 77], [90, 92]] as const;
const PASSAGE_AUDIO = (() => {
  const samples = new Float32Array(100 * SAMPLE_RATE);
  for (const [from, to] of SPEECH_AT) for (let i = from * SAMPLE_RATE; i < to * SAMPLE_RATE; i++) samples[i] = 0.3 * Math.sin(i / 5) || 0.01;
  return samples;
})();
const FRAME = 512;

/**
 * The decode worker's part for that audio: the file from `startSeconds` on, in chunks that end on the 30 s grid, with
 * Silero's scores (sound is speech); only the first `readableSeconds` can be read.
 */
export function passageFile(readableSeconds = 100) {
  const opened: number[] = [];
  const openFile: EngineDependencies['openFile'] = async (_file, startSeconds = 0) => {
    opened.push(startSeconds);
    const origin = Math.round(startSeconds * SAMPLE_RATE);
    const readable = PASSAGE_AUDIO.subarray(0, readableSeconds * SAMPLE_RATE);
    const grid = 30 * SAMPLE_RATE;
    return {
      info: { durationSeconds: 100, sampleRate: SAMPLE_RATE, channels: 1, codec: 'pcm-s16', container: 'wav' },
      chunks: (async function* () {
        for (let at = origin; at < readable.length; ) {
          const end = Math.min(readable.length, (Math.floor(at / grid) + 1) * grid);
          // One score per frame from `origin` that ends inside this chunk.
          const first = Math.floor((at - origin) / FRAME);
          const probabilities = Float32Array.from({ length: Math.floor((end - origin) / FRAME) - first }, (_, k) => {
            const frame = origin + (first + k) * FRAME;
            return PASSAGE_AUDIO.subarray(frame, frame + FRAME).some((x) => x !== 0) ? 0.9 : 0.05;
          });
          const samples = readable.slice(at, end);
          yield { samples, startSeconds: at / SAMPLE_RATE, speech: { kind: 'scored' as const, probabilities }, envelope: envelopeOf(samples) };
          at = end;
        }
      })(),
      close() {},
    };
  };
  return { openFile, opened };
}

/** An engine over those stand-ins, configured for `device`. */
export async function passageEngine(options: PassageClientOptions & { device?: 'webgpu' | 'wasm'; language?: string; readableSeconds?: number } = {}) {
  const { client, calls } = passageClient(options);
  const { openFile, opened } = passageFile(options.readableSeconds);
  const engine = new TranscriptionEngine({ client, openFile, probe: async () => GPU, pageUrl: () => 'http://localhost/' });
  await engine.configure({ language: options.language ?? 'auto', task: 'transcribe', device: options.device ?? 'wasm' });
  return { engine, calls, opened };
}
