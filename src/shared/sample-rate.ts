/**
 * Whisper hears 16 kHz mono, so all audio is at this rate once it leaves the file decoder or the microphone worklet:
 * sample indices, windows, VAD frames (512 samples = 32 ms) and what the worker transcribes.
 */
export const SAMPLE_RATE = 16_000;
