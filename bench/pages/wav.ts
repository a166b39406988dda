/** Reads a PCM WAV (8/16/24/32-bit integer or 32-bit float, any channel count) as mono floats at `rate`. */
export class UnsupportedWavError extends Error {
  override name = 'UnsupportedWavError';
}

export function readWav(buffer: ArrayBuffer, rate: number): Float32Array {
  const view = new DataView(buffer);
  const tag = (at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new UnsupportedWavError('not a WAV file');
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  for (let at = 12; at + 8 <= buffer.byteLength; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      format = { code: view.getUint16(at + 8, true), channels: view.getUint16(at + 10, true), sampleRate: view.getUint32(at + 12, true), bits: view.getUint16(at + 22, true) };
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in its sub-format GUID.
      if (format.code === 0xfffe && size >= 26) format.code = view.getUint16(at + 32, true);
    } else if (id === 'data') {
      if (!format) throw new UnsupportedWavError('data before fmt');
      if (format.sampleRate !== rate) throw new UnsupportedWavError(`sample rate ${format.sampleRate} Hz, not ${rate} Hz`);
      return toMono(view, at + 8, Math.min(size, buffer.byteLength - at - 8), format);
    }
    at += 8 + size + (size & 1);
  }
  throw new UnsupportedWavError('no data chunk');
}

function toMono(view: DataView, offset: number, size: number, f: { code: number; channels: number; bits: number }): Float32Array {
  const bytes = f.bits / 8;
  const frames = Math.floor(size / (bytes * f.channels));
  const read = sampleReader(view, f.code, f.bits);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += read(offset + (i * f.channels + c) * bytes);
    out[i] = sum / f.channels;
  }
  return out;
}

function sampleReader(view: DataView, code: number, bits: number): (at: number) => number {
  if (code === 3 && bits === 32) return (at) => view.getFloat32(at, true);
  if (code !== 1) throw new UnsupportedWavError(`format code ${code}`);
  if (bits === 8) return (at) => (view.getUint8(at) - 128) / 128;
  if (bits === 16) return (at) => view.getInt16(at, true) / 32768;
  if (bits === 24) return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
  if (bits === 32) return (at) => view.getInt32(at, true) / 2147483648;
  throw new UnsupportedWavError(`${bits}-bit samples`);
}
