/**
 * Node has no WebCodecs, but mediabunny decodes PCM WAVE itself, so the whole pipeline (demux → planar copy →
 * resample → chunking → error mapping) runs here on in-memory WAV files. Compressed formats are checked in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from './decode-errors.ts';
import { decodeAudioFile, probeAudioFile, type DecodedChunk } from './decode-file.ts';

/** 16-bit PCM WAV (or another format tag, for the unsupported-codec case) from planar float channels. */
function wav(rate: number, channels: Float32Array[], name = 'test.wav', formatTag = 1): File {
  const frames = channels[0]?.length ?? 0;
  const bytes = frames * channels.length * 2;
  const view = new DataView(new ArrayBuffer(44 + bytes));
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + bytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, formatTag, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels.length * 2, true);
  view.setUint16(32, channels.length * 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, bytes, true);
  for (let i = 0; i < frames; i++) {
    channels.forEach((ch, c) => {
      const v = Math.max(-1, Math.min(1, ch[i] as number));
      view.setInt16(44 + (i * channels.length + c) * 2, Math.round(v * 32767), true);
    });
  }
  return new File([view.buffer], name);
}

function tone(rate: number, seconds: number, freq = 440, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

async function collect(gen: AsyncIterable<DecodedChunk>): Promise<DecodedChunk[]> {
  const chunks: DecodedChunk[] = [];
  for await (const c of gen) chunks.push(c);
  return chunks;
}

async function decodeError(promise: Promise<unknown>): Promise<AudioDecodeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioDecodeError);
  return error as AudioDecodeError;
}

describe('probeAudioFile', () => {
  it('reports duration, rate, channels, codec and container', async () => {
    const file = wav(44100, [tone(44100, 2), tone(44100, 2)]);
    expect(await probeAudioFile(file)).toEqual({
      durationSeconds: 2,
      sampleRate: 44100,
      channels: 2,
      codec: 'pcm-s16',
      container: 'WAVE',
    });
  });

  it.each([
    ['empty', new File([], 'talk.mp3'), '"talk.mp3" is empty (0 bytes).'],
    ['not-audio', new File(['just some notes\n'.repeat(100)], 'notes.txt'), '"notes.txt" is not an audio or video file'],
    ['unsupported-codec', wav(8000, [tone(8000, 0.1)], 'adpcm.wav', 2), '"adpcm.wav" uses an audio codec'],
  ])('maps a bad file to %s', async (code, file, message) => {
    const error = await decodeError(probeAudioFile(file));
    expect(error.code).toBe(code);
    expect(error.fileName).toBe(file.name);
    expect(error.message).toContain(message);
  });

  it('names a nameless Blob "untitled"', async () => {
    const error = await decodeError(probeAudioFile(new Blob([])));
    expect(error.message).toBe('"untitled" is empty (0 bytes).');
  });
});

describe('decodeAudioFile', () => {
  it('turns 44.1 kHz stereo into contiguous 16 kHz mono chunks', async () => {
    const seconds = 2.3;
    const chunks = await collect(decodeAudioFile(wav(44100, [tone(44100, seconds), tone(44100, seconds)]), { chunkSeconds: 0.5 }));

    expect(chunks.map((c) => c.startSeconds)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(chunks.slice(0, -1).every((c) => c.samples.length === 8000)).toBe(true);
    const total = chunks.reduce((n, c) => n + c.samples.length, 0);
    expect(total).toBe(Math.ceil(seconds * 16000));
    // Chunks are independent arrays the caller may keep.
    expect(new Set(chunks.map((c) => c.samples.buffer)).size).toBe(chunks.length);
  });

  it('keeps the tone and its timing: a burst at 0.75 s starts at sample 12000', async () => {
    const rate = 48000;
    const signal = new Float32Array(rate * 2);
    signal.set(tone(rate, 0.5, 1000), rate * 0.75);
    const [only] = await collect(decodeAudioFile(wav(rate, [signal])));
    const samples = only!.samples;

    const onset = samples.findIndex((v) => Math.abs(v) > 0.05);
    expect(Math.abs(onset - 12000)).toBeLessThanOrEqual(3);
    let peak = 0;
    for (let i = 13000; i < 19000; i++) peak = Math.max(peak, Math.abs(samples[i] as number));
    expect(peak).toBeGreaterThan(0.49);
    expect(peak).toBeLessThan(0.51);
  });

  it('rejects a non-positive chunk length', async () => {
    await expect(collect(decodeAudioFile(wav(16000, [tone(16000, 0.1)]), { chunkSeconds: 0 }))).rejects.toThrow(RangeError);
  });

  it('throws the abort reason, before starting and between chunks', async () => {
    const file = wav(16000, [tone(16000, 3)]);
    const early = new AbortController();
    early.abort(new Error('stop early'));
    await expect(collect(decodeAudioFile(file, { signal: early.signal }))).rejects.toThrow('stop early');

    const late = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const c of decodeAudioFile(file, { chunkSeconds: 0.5, signal: late.signal })) {
        seen.push(c.startSeconds);
        late.abort(new Error('stop late'));
      }
    })();
    await expect(run).rejects.toThrow('stop late');
    expect(seen).toEqual([0]);
  });

  it('maps a bad file to AudioDecodeError on first iteration', async () => {
    const error = await decodeError(collect(decodeAudioFile(new File([], 'talk.mp3'))));
    expect(error.code).toBe('empty');
  });

  it('calls a track that decodes to nothing damaged rather than yielding no audio', async () => {
    const hollow = wav(16000, [new Float32Array(0)], 'hollow.wav');
    expect((await probeAudioFile(hollow)).durationSeconds).toBe(0);
    const error = await decodeError(collect(decodeAudioFile(hollow)));
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe('"hollow.wav" is damaged: no audio could be decoded from it (it may be cut short).');
  });
});


/** A chirp-like signal whose every sample differs from its neighbours, so an offset of one sample shows. */
const ramp = (rate: number, seconds: number): Float32Array =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 300 * i) / rate + (i / rate) ** 2 * 200));

const joined = (chunks: DecodedChunk[]): Float32Array => {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.samples.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c.samples, at);
    at += c.samples.length;
  }
  return out;
};

describe('decodeAudioFile part-way in', () => {
  it('starts at the sample asked for (a 16 kHz file is exact), with chunks on the grid of a full decode', async () => {
    const file = wav(16000, [ramp(16000, 5)]);
    const full = joined(await collect(decodeAudioFile(file, { chunkSeconds: 2 })));
    const chunks = await collect(decodeAudioFile(file, { chunkSeconds: 2, startSeconds: 1.024 }));
    expect(chunks.map((c) => [c.startSeconds, c.samples.length])).toEqual([[1.024, 0.976 * 16000], [2, 32000], [4, 16000]]);
    expect(joined(chunks)).toEqual(full.subarray(1.024 * 16000));
  });

  it('resamples a 44.1 kHz file from there as a full decode does, but for its first millisecond', async () => {
    const file = wav(44100, [ramp(44100, 3), ramp(44100, 3)]);
    const full = joined(await collect(decodeAudioFile(file)));
    const part = joined(await collect(decodeAudioFile(file, { startSeconds: 1.5 })));
    const tail = full.subarray(1.5 * 16000);
    expect(part.length).toBe(tail.length);
    let worst = 0;
    for (let i = 16; i < part.length; i++) worst = Math.max(worst, Math.abs(part[i]! - tail[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('gives nothing, without an error, from the end of the file on', async () => {
    expect(await collect(decodeAudioFile(wav(16000, [ramp(16000, 1)]), { startSeconds: 3 }))).toEqual([]);
  });

  it('reads a WAVE file cut short as far as it goes, and says how long it was meant to be', async () => {
    const whole = wav(16000, [ramp(16000, 4)], 'cut.wav');
    // Cut in the middle of a sample, as a broken download may be.
    const cut = new File([whole.slice(0, 44 + 1.5 * 16000 * 2 + 1)], 'cut.wav');
    expect((await probeAudioFile(cut)).durationSeconds).toBe(4);
    expect(joined(await collect(decodeAudioFile(cut)))).toEqual(joined(await collect(decodeAudioFile(whole))).subarray(0, 1.5 * 16000));
  });
});
