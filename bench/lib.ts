/**
 * Shared helpers for benchmarks: timing, table printing, Python/Dask detection and results files.
 * Benchmarks print a table and then one final JSON line; they never assert timings.
 *
 * Page faults: every timed run also records the minor page faults the process took during it
 * (`process.resourceUsage().minorPageFault` deltas; `bestRun`, `timeRun`). Linux counts them per
 * process, so a run on worker threads includes its workers' faults (and any other thread's, such
 * as the GC's). On this VM a fault costs ~1.5 µs, so faults × 1.5 µs is their share of the wall
 * time. Python benchmarks record theirs the same way with `PY_RUNS` (`ru_minflt` deltas).
 *
 * CPU time: `timeRun` also records the process's CPU milliseconds (user + system, every thread:
 * `process.cpuUsage()`; Python: `getrusage`). On a shared machine it varies far less than the
 * wall time: CPU of a threaded run ÷ CPU of the serial run is the parallel overhead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const now = () => performance.now();

/** Minor page faults of this process so far (all its threads: workers included). */
export const minorFaults = (): number => process.resourceUsage().minorPageFault;

/** One timed run: wall milliseconds and the minor page faults the process took meanwhile. */
export interface Run {
  ms: number;
  faults: number;
  /** CPU milliseconds of the whole process (all threads) during the run, when measured. */
  cpuMs?: number;
}

/** CPU milliseconds of this process so far (user + system, all threads). */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The 1-minute load average (0 where the OS has none), to print next to wall times. */
export const loadAverage = (): number => loadavg()[0] ?? 0;

/** Time one call of `fn` (awaited). */
export async function timeRun(fn: () => unknown): Promise<Run> {
  const f = minorFaults();
  const c = cpuMs();
  const t = now();
  await fn();
  const ms = now() - t;
  return { ms, faults: minorFaults() - f, cpuMs: cpuMs() - c };
}

/** The fastest of `repeat` runs of `fn`, with its faults (after one warm-up run when `warmup`). */
export async function bestRun(repeat: number, fn: () => unknown, warmup = true): Promise<Run> {
  if (warmup) await fn();
  let best: Run = { ms: Infinity, faults: NaN };
  for (let i = 0; i < repeat; i++) {
    const r = await timeRun(fn);
    if (r.ms < best.ms) best = r;
  }
  return best;
}

/** The faster of two runs (for loops that time several configurations per repeat). */
export const faster = (a: Run, b: Run): Run => (b.ms < a.ms ? b : a);

/**
 * Python twin of `bestRun`, to prepend to a benchmark's script: `best_run(fn, repeat)` returns
 * `{'s': seconds, 'faults': minor faults}` of the fastest of `repeat` runs after one warm-up.
 */
export const PY_RUNS = String.raw`
import resource as _resource, time as _time
def _faults():
    return _resource.getrusage(_resource.RUSAGE_SELF).ru_minflt
def _cpu():
    u = _resource.getrusage(_resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
def time_run(fn):
    f = _faults(); c = _cpu(); t = _time.perf_counter(); fn()
    return {'s': _time.perf_counter() - t, 'faults': _faults() - f, 'cpu': _cpu() - c}
def best_run(fn, repeat, warmup=True):
    if warmup: fn()
    best = {'s': float('inf'), 'faults': None}
    for _ in range(repeat):
        r = time_run(fn)
        if r['s'] < best['s']: best = r
    return best
`;

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
