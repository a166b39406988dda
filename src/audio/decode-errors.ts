/**
 * Errors raised when a user's file cannot be turned into audio. Messages are shown to the user as they are, so
 * they name the file and say what is wrong in plain words.
 */

export type AudioDecodeErrorCode = 'empty' | 'not-audio' | 'no-audio-track' | 'corrupt' | 'unsupported-codec' | 'worker-crashed' | 'worker-unresponsive' | 'worker-terminated';
const CODES: ReadonlySet<string> = new Set<AudioDecodeErrorCode>(['empty', 'not-audio', 'no-audio-track', 'corrupt', 'unsupported-codec', 'worker-crashed', 'worker-unresponsive', 'worker-terminated']);

export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
  readonly code: AudioDecodeErrorCode;
  readonly fileName: string;

  /** `detail`: the underlying reason for 'corrupt' and 'worker-crashed', the codec name for 'unsupported-codec'. */
  constructor(code: AudioDecodeErrorCode, fileName: string, detail?: string, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? describe(code, fileName, detail), options);
    this.code = code;
    this.fileName = fileName;
  }
}

/**
 * The decode worker's error data back as an AudioDecodeError. The worker's own errors are whole sentences already;
 * the bridge's (the worker crashed, hung or was stopped) are put in context.
 */
export function decodeErrorFrom(data: { code: string; message: string }, fileName: string): AudioDecodeError {
  const code = CODES.has(data.code) ? (data.code as AudioDecodeErrorCode) : 'corrupt';
  return code.startsWith('worker-') ? new AudioDecodeError(code, fileName, data.message) : new AudioDecodeError(code, fileName, undefined, { message: data.message });
}

function describe(code: AudioDecodeErrorCode, fileName: string, detail?: string): string {
  const name = `"${fileName}"`;
  switch (code) {
    case 'empty':
      return `${name} is empty (0 bytes).`;
    case 'not-audio':
      return `${name} is not an audio or video file Chrome can read.`;
    case 'no-audio-track':
      return `${name} has no audio track.`;
    case 'corrupt':
      return `${name} is damaged: ${detail?.replace(/[.\s]+$/, '') || 'its audio could not be decoded'}.`;
    case 'unsupported-codec':
      return `${name} uses ${detail ? `the ${detail} audio codec` : 'an audio codec'}, which this browser cannot decode.`;
    case 'worker-crashed':
    case 'worker-unresponsive':
    case 'worker-terminated':
      return `Decoding ${name} stopped: ${detail?.replace(/[.\s]+$/, '') || 'the decoding worker stopped'}.`;
  }
}
