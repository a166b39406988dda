/**
 * Whether a stored model file is whole and is what its name says. transformers.js trusts whatever the cache holds,
 * so one bad entry (a server's HTML error page stored as config.json, a file cut short) would fail every load
 * forever. The checks are cheap on purpose: the size an entry was stored with, JSON files (small) read whole, and
 * of an ONNX file only its first bytes, whose protobuf framing says how long the file must be. Nothing holds on to
 * a body: an entry's data stays alive while any reference to it does, so a model deleted after a check would not
 * free its space. Pure over an injected reader, so Node tests run it.
 */
import { formatBytes } from './storage-space.ts';

/** What the check reads of one stored file (the Cache API adapter in model-cache.ts, byte arrays in tests). */
export interface StoredFile {
  /** The size the entry was stored with (its Content-Length); null where unknown or the body was content-encoded. */
  declaredSize: number | null;
  /** The body's first `bytes` bytes or more (all of it where shorter), and whether that is the whole body; once. */
  read(bytes: number): Promise<{ bytes: Uint8Array; whole: boolean }>;
}

/** A stored file that must not be used, and why, in words that follow "it": "it is HTML, not JSON". */
export interface DamagedFile {
  file: string;
  problem: string;
}

/** How much of an ONNX file is read: the small fields in front of the graph, and the graph's length. */
const HEAD_BYTES = 64 * 1024;
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

/** A body read whole against the size it was stored with. */
function sizeProblem(actual: number, declared: number | null): string | null {
  if (actual === 0) return 'it is empty';
  if (declared === null || actual === declared) return null;
  return actual < declared ? cutShort(actual, declared, false) : `it is ${formatBytes(actual)}, not the ${formatBytes(declared)} it was stored as`;
}

/** Reads a varint at `pos`; 'end' when it runs past the bytes, 'bad' when it is longer than a varint can be. */
function varint(bytes: Uint8Array, pos: number): { value: number; next: number } | 'end' | 'bad' {
  let value = 0;
  // Lengths may exceed 2^31, so no bit operations.
  for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
    const byte = bytes[pos + i];
    if (byte === undefined) return 'end';
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return Number.isSafeInteger(value) ? { value, next: pos + i + 1 } : 'bad';
  }
  return 'bad';
}

type Framing = { ok: true } | { ok: false; needs?: number };

/**
 * Walks the top-level fields of a protobuf message (an ONNX ModelProto) in `head`, the file's first bytes. No field
 * may end past `size` (the file's size, where known). Where `head` is the whole file, the last field must end
 * exactly at its end and a graph must be among them; otherwise the walk stops at the first field that reaches past
 * `head`, which is the graph, nearly all of the file.
 */
function protobufFraming(head: Uint8Array, whole: boolean, size: number | null): Framing {
  let pos = 0;
  let sawGraph = false;
  for (let fields = 0; pos < head.length; fields++) {
    if (fields >= MAX_TOP_LEVEL_FIELDS) return { ok: false };
    const tag = varint(head, pos);
    if (tag === 'bad' || (tag === 'end' && whole)) return { ok: false };
    if (tag === 'end') return { ok: true };
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) return { ok: false };
    pos = tag.next;
    if (wire === 0 || wire === 2) {
      const value = varint(head, pos);
      if (value === 'bad') return { ok: false };
      if (value === 'end') return whole ? { ok: false, needs: head.length + 1 } : { ok: true };
      pos = wire === 0 ? value.next : value.next + value.value;
      if (wire === 2 && field === GRAPH_FIELD) sawGraph = true;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else return { ok: false };
    if (size !== null && pos > size) return { ok: false, needs: pos };
    // Only a partial head gets here: the rest of this field, and any after it, were not read.
    if (pos > head.length) return { ok: true };
  }
  return whole && !sawGraph ? { ok: false } : { ok: true };
}

async function onnxProblem(stored: StoredFile): Promise<string | null> {
  const { bytes, whole } = await stored.read(HEAD_BYTES);
  const size = whole ? sizeProblem(bytes.length, stored.declaredSize) : null;
  if (size) return size;
  if (looksLikeHtml(new TextDecoder().decode(bytes.subarray(0, 64)))) return 'it is HTML, not an ONNX model';
  // ModelProto field 1, ir_version, as a varint: tag 0x08, written first by every ONNX serializer.
  if (bytes[0] !== 0x08) return 'it is not an ONNX model';
  const length = whole ? bytes.length : stored.declaredSize;
  const framing = protobufFraming(bytes, whole, length);
  if (framing.ok) return null;
  return framing.needs === undefined ? 'it is not an ONNX model' : cutShort(length ?? bytes.length, framing.needs, true);
}

/** Why `file` (a model-relative name) must not be used as stored; null when it is whole and well formed. */
export async function storedFileProblem(file: string, stored: StoredFile): Promise<string | null> {
  if (stored.declaredSize === 0) return 'it is empty';
  if (file.endsWith('.onnx')) return onnxProblem(stored);
  // External data (`.onnx_data`) is raw tensor bytes: reading it whole is the only check there is, and too dear.
  if (!file.endsWith('.json')) return null;
  const { bytes } = await stored.read(Infinity);
  return sizeProblem(bytes.length, stored.declaredSize) ?? jsonProblem(new TextDecoder().decode(bytes));
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
