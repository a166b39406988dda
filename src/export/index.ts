import type { Transcript } from '../engine/transcript';
import { toJson } from './json';
import { toSrt } from './srt';
import { toTxt } from './txt';
import { toVtt } from './vtt';

export { toJson, toSrt, toTxt, toVtt };

export type ExportFormat = 'txt' | 'srt' | 'vtt' | 'json';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['txt', 'srt', 'vtt', 'json'];

/** charset is spelled out because the text is UTF-8 and some viewers assume Latin-1 otherwise. */
export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  txt: 'text/plain;charset=utf-8',
  srt: 'application/x-subrip;charset=utf-8',
  vtt: 'text/vtt;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

const FORMATTERS: Readonly<Record<ExportFormat, (t: Transcript) => string>> = {
  txt: toTxt,
  srt: toSrt,
  vtt: toVtt,
  json: toJson,
};

export function formatTranscript(t: Transcript, format: ExportFormat): string {
  return FORMATTERS[format](t);
}

/**
 * `talk.final.webm` → `talk.final.srt`. Only the last extension goes; a leading dot (`.env`)
 * is a hidden name, not an extension. Any folder part is dropped, and a name with nothing
 * left falls back to `transcript`.
 */
export function exportFileName(sourceName: string, format: ExportFormat): string {
  const base = (sourceName.split(/[\\/]/).pop() ?? '').trim();
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).trim();
  return `${stem || 'transcript'}.${format}`;
}
