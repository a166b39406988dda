/**
 * Whether a stored model file is whole and is what its name says. transformers.js trusts whatever the cache holds,
 * so one bad entry (a server's HTML error page stored as config.json, a file cut short) would fail every load
 * forever. The checks are cheap on purpose: sizes, the first bytes, and for ONNX files the lengths in the protobuf's
 * own framing; only JSON files, which are small, are read whole. Pure over an injected reader, so Node tests run it.
 */
import { formatBytes } from './storage-space.ts';

/** What the check reads of one stored file (the Cache API adapter in model-cache.ts, Blobs in tests). */
export interface StoredFile {
  /** Bytes stored. */
  size: number;
  /** The size the entry was stored with (its Content-Length); null where unknown or the body was content-encoded. */
  declaredSize: number | null;
  /** Bytes [start, end) of the body; fewer at the end of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  text(): Promise<string>;
}

/** A stored file that must not be used, and why, in words that follow "it": "it is HTML, not JSON". */
export interface DamagedFile {
  file: string;
  problem: string;
}

/** How far into an ONNX file one read goes: the small fields before and after the graph fit in one read each. */
const READ_CHUNK = 64 * 1024;
/** A ModelProto has a few dozen top-level fields; garbage that happens to start like one soon exceeds this. */
const MAX_TOP_LEVEL_FIELDS = 10_000;
/** ModelProto.graph: field 7, length-delimited. Every model has one. */
const GRAPH_FIELD = 7;

const looksLikeHtml = (text: string): boolean => /^\s*</.test(text);

function jsonProblem(text: string): string | null {
  if (looksLikeHtml(text)) return 'it is HTML, not JSON';
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'it is not a JSON object';
  } catch {
    return 'it is not valid JSON';
  }
}

const cutShort = (size: number, needed: number, atLeast: boolean): string =>
  `it is cut short (${formatBytes(size)} of ${atLeast ? 'at least ' : ''}${formatBytes(needed)})`;

type Framing = { ok: true } | { ok: false; truncatedAt?: number };

/**
 * Walks the top-level fields of a protobuf message (an ONNX ModelProto) and checks that the last one ends exactly
 * at the end of the file and that a graph was among them. Only the tags and lengths are read: after the graph
 * (nearly all of the file) comes a jump to its end.
 */
async function protobufFraming(file: StoredFile): Promise<Framing> {
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;
  /** The byte at `pos`, reading a new window when `pos` is outside the current one; undefined past the end. */
  const byteAt = async (pos: number): Promise<number | undefined> => {
    if (pos >= file.size) return undefined;
    if (pos < windowStart || pos >= windowStart + window.length) {
      window = await file.read(pos, Math.min(file.size, pos + READ_CHUNK));
      windowStart = pos;
    }
    return window[pos - windowStart];
  };
  let pos = 0;
  /** Lengths may exceed 2^31, so no bit operations. */
  const varint = async (): Promise<number | 'end' | 'bad'> => {
    let value = 0;
    for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
      const byte = await byteAt(pos++);
      if (byte === undefined) return 'end';
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return Number.isSafeInteger(value) ? value : 'bad';
    }
    return 'bad';
  };

  let sawGraph = false;
  for (let fields = 0; pos < file.size; fields++) {
    if (fields >= MAX_TOP_LEVEL_FIELDS) return { ok: false };
    const tag = await varint();
    if (tag === 'bad' || tag === 'end') return { ok: false };
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) return { ok: false };
    if (wire === 0) {
      const value = await varint();
      if (value === 'bad') return { ok: false };
      if (value === 'end') return { ok: false, truncatedAt: pos };
    } else if (wire === 2) {
      const length = await varint();
      if (length === 'bad') return { ok: false };
      if (length === 'end') return { ok: false, truncatedAt: pos };
      pos += length;
      if (field === GRAPH_FIELD) sawGraph = true;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else return { ok: false };
    if (pos > file.size) return { ok: false, truncatedAt: pos };
  }
  return sawGraph ? { ok: true } : { ok: false };
}

async function onnxProblem(file: StoredFile): Promise<string | null> {
  const head = await file.read(0, Math.min(file.size, 16));
  if (looksLikeHtml(new TextDecoder().decode(head))) return 'it is HTML, not an ONNX model';
  // ModelProto field 1, ir_version, as a varint: tag 0x08, written first by every ONNX serializer.
  if (head[0] !== 0x08) return 'it is not an ONNX model';
  const framing = await protobufFraming(file);
  if (framing.ok) return null;
  return framing.truncatedAt === undefined ? 'it is not an ONNX model' : cutShort(file.size, framing.truncatedAt, true);
}

/** Why `file` (a model-relative name) must not be used as stored; null when it is whole and well formed. */
export async function storedFileProblem(file: string, stored: StoredFile): Promise<string | null> {
  if (stored.size === 0) return 'it is empty';
  const declared = stored.declaredSize;
  if (declared !== null && stored.size < declared) return cutShort(stored.size, declared, false);
  if (declared !== null && stored.size > declared) return `it is ${formatBytes(stored.size)}, not the ${formatBytes(declared)} it was stored as`;
  if (file.endsWith('.json')) return jsonProblem(await stored.text());
  if (file.endsWith('.onnx')) return onnxProblem(stored);
  // External data (`.onnx_data`) is raw tensor bytes: only its size can be checked.
  return null;
}

const listed = (items: string[]): string => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The error a load shows after removing damaged files: which, of what, why, and that Retry fetches them again. */
export function damagedFilesMessage(label: string, damaged: readonly DamagedFile[]): string {
  const [only] = damaged;
  if (damaged.length === 1 && only) {
    return `${only.file} of ${label} is damaged in this browser's storage (${only.problem}); it was removed — Retry downloads it again.`;
  }
  const files = listed(damaged.map((d) => `${d.file} (${d.problem})`));
  return `${files} of ${label} are damaged in this browser's storage; they were removed — Retry downloads them again.`;
}
