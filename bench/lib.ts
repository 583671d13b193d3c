/**
 * Shared helpers for benchmarks: timing, table printing, Python/Dask detection and results files.
 * Benchmarks print a table and then one final JSON line; they never assert timings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const now = () => performance.now();

/** Best wall time in ms of `repeat` runs of `fn` (after one warm-up run when `warmup`). */
export async function bestOf(repeat: number, fn: () => unknown, warmup = true): Promise<number> {
  if (warmup) await fn();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = now();
    await fn();
    best = Math.min(best, now() - t);
  }
  return best;
}

/** Print rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? fmt(v) : (v ?? ''));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : a >= 0.01 ? v.toFixed(3) : v.toPrecision(2);
}

/** A Python interpreter that can import every module in `modules`, or undefined. */
export function findPython(modules: string[]): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Run a Python script (text) and parse the last line of its stdout as JSON. */
export function runPythonJson<T>(python: string, script: string, args: string[] = []): T {
  const out = execFileSync(python, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export const machine = () => ({ cores: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}` });

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Write `bench/results/<name>.json` and print the final JSON line. */
export function report(name: string, data: Record<string, unknown>): void {
  const payload = { bench: name, date: new Date().toISOString(), machine: machine(), ...data };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(payload, null, 1)}\n`);
  console.log(JSON.stringify(payload));
}
