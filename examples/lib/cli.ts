/**
 * Small helpers shared by the example scripts: command-line values (`--shape 2048x2048`,
 * positive integers), a plain text table and seconds formatting.
 */

/** `'2048x2048'` → `[2048, 2048]`; every dimension a positive integer. */
export function parseShape(flag: string, text: string): number[] {
  const dims = text.toLowerCase().split(/[x×,]/).map((s) => Number(s.trim()));
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`--${flag}: expected dimensions like 2048x2048, received ${JSON.stringify(text)}`);
  }
  return dims;
}

/** A positive integer option, or `fallback` when absent. */
export function parseCount(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${flag}: expected a positive integer, received ${JSON.stringify(text)}`);
  return n;
}

export const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

/** Print rows (all with the same keys) as an aligned table. */
export function printTable(rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((s, i) => s.padStart(width[i]!)).join('  ')}`;
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
}
