/** A span of a recording in seconds from its start: speech the VAD found, or a window Whisper reads. */
export interface TimeRange {
  start: number;
  end: number;
}
