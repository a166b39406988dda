/** Plain-text tables for the terminal: a title, a header row, columns padded, numbers right-aligned. */

export type Cell = string | number | null | undefined;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Lines printed under the table (what the figures mean, why something was skipped). */
  notes?: string[];
}

const text = (cell: Cell): string => (cell === null || cell === undefined || (typeof cell === 'number' && !Number.isFinite(cell)) ? '–' : String(cell));
const isNumeric = (cell: Cell): boolean => typeof cell === 'number' || (typeof cell === 'string' && /^[-+]?[\d.,]+\s*(×|%|s|ms|MB|KB)?$/.test(cell));

export function renderTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((r) => table.columns.map((_, i) => text(r[i])))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const pad = (value: string, i: number, right: boolean) => {
    const gap = ' '.repeat(widths[i]! - [...value].length);
    return right ? gap + value : value + gap;
  };
  // A column whose every present value is a number (with or without its unit) is right-aligned, header included.
  const right = table.columns.map((_, i) => table.rows.every((r) => text(r[i]) === '–' || isNumeric(r[i])));
  const line = (r: string[]) => r.map((c, i) => pad(c, i, right[i]!)).join('  ').trimEnd();
  const out = [table.title, line(table.columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join('\n');
}

/** Formatting helpers shared by the sections: fixed decimals, units in the text. */
export const fmt = {
  seconds: (s: number | null | undefined, digits = 1): string | null => (s === null || s === undefined ? null : `${s.toFixed(digits)} s`),
  ms: (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : `${Math.round(ms)} ms`),
  ratio: (r: number | null | undefined): string | null => (r === null || r === undefined || !Number.isFinite(r) ? null : `${r.toFixed(2)} ×`),
  percent: (f: number | null | undefined): string | null => (f === null || f === undefined ? null : `${(f * 100).toFixed(1)} %`),
  mb: (bytes: number | null | undefined): string | null => (bytes === null || bytes === undefined ? null : `${(bytes / 2 ** 20).toFixed(0)} MB`),
  kb: (bytes: number | null | undefined): string | null => (bytes === null || bytes === undefined ? null : `${(bytes / 1024).toFixed(1)} KB`),
  num: (n: number | null | undefined, digits = 1): string | null => (n === null || n === undefined ? null : n.toFixed(digits)),
  /** A recording's length: seconds under two minutes, then minutes, then hours. */
  duration: (s: number): string => (s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`),
};
