import type { FileIdentity } from './history-record.ts';

/** Enough of the start of a file to tell it from another with the same name, size and date. */
export const IDENTITY_BYTES = 1024 * 1024;

const hex = (buffer: ArrayBuffer): string => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** Name, size and date of the file, and the SHA-256 of its first MiB (reads 1 MiB however long the file is). */
export async function fileIdentity(file: Pick<File, 'name' | 'size' | 'lastModified' | 'slice'>): Promise<FileIdentity> {
  const head = await file.slice(0, IDENTITY_BYTES).arrayBuffer();
  return { name: file.name, size: file.size, lastModified: file.lastModified, sha256: hex(await crypto.subtle.digest('SHA-256', head)) };
}

/** Name, size and date match: the same file as far as can be told without reading it. */
export const sameFile = (file: Pick<File, 'name' | 'size' | 'lastModified'>, identity: Pick<FileIdentity, 'name' | 'size' | 'lastModified'>): boolean =>
  file.name === identity.name && file.size === identity.size && file.lastModified === identity.lastModified;

/** The same file: name, size, date and the hash of its start all equal. */
export const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean => sameFile(a, b) && a.sha256 === b.sha256;
