/**
 * How long a RIFF/WAVE file says its audio is, from its header. mediabunny caps a WAVE file's length at the bytes
 * present, so a download cut short would read as a complete, shorter file; the header still says what was meant.
 */

/** Chunks before `data` (fmt, LIST, bext, …) walked at most; a real file has a handful. */
const MAX_CHUNKS = 64;
/** The `data` size a streaming writer leaves when it cannot go back to fill it in. */
const UNKNOWN_SIZE = 0xffffffff;

/** Seconds of audio the header declares, or null: not RIFF/WAVE, a size left open, or no `fmt ` before `data`. */
export async function declaredWaveSeconds(file: Blob): Promise<number | null> {
  const read = async (at: number, length: number): Promise<DataView | null> => {
    if (at + length > file.size) return null;
    return new DataView(await file.slice(at, at + length).arrayBuffer());
  };
  const text = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  const head = await read(0, 12);
  if (!head || text(head, 0) !== 'RIFF' || text(head, 8) !== 'WAVE') return null;
  let bytesPerSecond = 0;
  for (let at = 12, n = 0; n < MAX_CHUNKS; n++) {
    const chunk = await read(at, 8);
    if (!chunk) return null;
    const size = chunk.getUint32(4, true);
    if (text(chunk, 0) === 'fmt ') {
      const fmt = await read(at + 8, 16);
      if (!fmt) return null;
      // Sample rate × block align: bytes per second of audio, whatever the sample format.
      bytesPerSecond = fmt.getUint32(4, true) * fmt.getUint16(12, true);
    } else if (text(chunk, 0) === 'data') {
      return bytesPerSecond > 0 && size !== UNKNOWN_SIZE && size > 0 ? size / bytesPerSecond : null;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
