/**
 * bench/scaling.ts — where the time of a threaded run goes, per thread (issue 16, item 3).
 *
 * Runs the tutorial pipeline (`examples/lib/batch.ts`: the user's own loader and variance ops plus
 * gaussian, imgAsUbyte and imwrite) serially and with `compute(..., { workers })`, and reads
 * `/proc/self/task/<tid>/schedstat` around each run: per thread, the CPU time it ran (ns
 * precision) and the time it was runnable but waiting for a core. Threads are grouped as main,
 * workers (the pool's: each tells its Linux task id, `scaling-ops.ts`) and other (V8's platform
 * threads — GC helpers and background JIT compiles —, libuv, the module loader's hook threads).
 * From the scheduler it reads the batches sent and, per worker, the time between one task's end
 * and the next one's start (waiting for the next batch). `--batch-ms 5,20` adds a threaded run
 * per value (`default`: the scheduler's own budget), interleaved with the others in every repeat.
 *
 *     npx tsx bench/scaling.ts [--rows 3000x40,50x512] [--repeat 3] [--workers 2] [--batch-ms default,5]
 *
 * Linux only (elsewhere the per-thread columns are zero). Prints a table and a final JSON line.
 * Wall times on a shared machine are noisy: read the CPU columns (and the load printed with each row).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compute, delayed } from 'duskjs';
import { delayedBatch, serialBatch } from '../examples/lib/batch.ts';
import { loadAverage, printTable, report } from './lib.ts';
import { ops } from './scaling-ops.ts';

const { values: args } = parseArgs({ options: { rows: { type: 'string' }, repeat: { type: 'string' }, workers: { type: 'string' }, 'batch-ms': { type: 'string' } } });
const REPEAT = Number(args.repeat ?? 3);
const WORKERS = Number(args.workers ?? 2);
/** `batchMs` values to compare (each a threaded run per repeat); `default`: the scheduler's own. */
const BATCH_MS = (args['batch-ms'] ?? 'default').split(',');
const rows = (args.rows ?? '3000x40,50x512').split(',').map((r) => r.split('x').map(Number) as [number, number]);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new RangeError(`--repeat: expected a positive integer, received ${args.repeat}`);
if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new RangeError(`--workers: expected a positive integer, received ${args.workers}`);
for (const [n, s] of rows) if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(s) && s >= 1)) throw new RangeError(`--rows: expected NxSIZE entries like 3000x40, received ${args.rows}`);
for (const b of BATCH_MS) if (b !== 'default' && !(Number(b) > 0)) throw new RangeError(`--batch-ms: expected 'default' or positive milliseconds, received ${b}`);

interface ThreadTimes { cpu: number; wait: number }
function threads(): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const t of tids) {
    try {
      const [runNs, waitNs] = readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(t, { cpu: runNs! / 1e6, wait: waitNs! / 1e6 });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** The Linux task ids of the pool's workers (each holds a worker for a while, so all are hit). */
async function workerTids(): Promise<Set<string>> {
  const tids = await compute(Array.from({ length: WORKERS }, (_, i) => delayed(ops.osThread)(50 + i)), { workers: WORKERS });
  return new Set(tids);
}

interface Split { cpu: number; wait: number }
const zero = (): Split => ({ cpu: 0, wait: 0 });
function diff(before: Map<string, ThreadTimes>, after: Map<string, ThreadTimes>, workers: Set<string>) {
  const main = zero(), worker = zero(), other = zero();
  const perWorker: Split[] = [];
  for (const [t, a] of after) {
    const b = before.get(t) ?? { cpu: 0, wait: 0 };
    const d = { cpu: a.cpu - b.cpu, wait: a.wait - b.wait };
    const into = t === String(process.pid) ? main : workers.has(t) ? worker : other;
    into.cpu += d.cpu;
    into.wait += d.wait;
    if (workers.has(t)) perWorker.push(d);
  }
  return { main, worker, other, perWorker };
}

/** Gaps on each worker between one task's end and the next task's start (idle time between batches). */
class Gaps {
  private readonly last = new Map<number, number>();
  idleMs = 0;
  tasks = 0;
  batches = 0;
  posttask(ev: { thread: number; start: number; end: number; where: string }): void {
    if (ev.where !== 'worker') return;
    this.tasks++;
    const l = this.last.get(ev.thread);
    if (l !== undefined && ev.start > l) this.idleMs += ev.start - l;
    this.last.set(ev.thread, ev.end);
  }
  finish(run: { batches: number }): void {
    this.batches = run.batches;
  }
}

async function measure(label: string, fn: () => unknown, workers: Set<string>) {
  const before = threads();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  return { label, wall, ...diff(before, threads(), workers) };
}

const outRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const workerSet = await workerTids();
// Warm up: worker start-up, op module loading and the JIT, which the first measured run would pay.
{
  const dir = mkdtempSync(join(outRoot, 'dusk-bench-scaling-'));
  serialBatch(20, [64, 64], dir);
  const lazy = delayedBatch(20, [64, 64], dir);
  await compute([lazy.inputVariances, lazy.outputVariances, lazy.savedList] as const, { workers: WORKERS });
  rmSync(dir, { recursive: true, force: true });
}
const table: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];
for (const [n, size] of rows) {
  const shape = [size, size];
  let best: Record<string, Awaited<ReturnType<typeof measure>> & { gaps?: Gaps }> = {};
  for (let r = 0; r < REPEAT; r++) {
    for (const mode of ['serial', ...BATCH_MS]) {
      const dir = mkdtempSync(join(outRoot, 'dusk-bench-scaling-'));
      const gaps = new Gaps();
      const batchMs = mode === 'default' ? {} : { batchMs: Number(mode) };
      const m = mode === 'serial'
        ? await measure(mode, () => serialBatch(n, shape, dir), workerSet)
        : await measure(mode === 'default' ? 'threads' : `batchMs ${mode}`, () => {
          const lazy = delayedBatch(n, shape, dir);
          return compute([lazy.inputVariances, lazy.outputVariances, lazy.savedList] as const, { workers: WORKERS, callbacks: [gaps], ...batchMs });
        }, workerSet);
      rmSync(dir, { recursive: true, force: true });
      if (!best[mode] || m.wall < best[mode].wall) best[mode] = { ...m, gaps };
    }
  }
  const load = loadAverage();
  for (const m of Object.values(best)) {
    const g = m.label !== 'serial' ? m.gaps : undefined;
    table.push({
      row: `${n}×${size}²`, run: m.label, 'wall ms': m.wall, load,
      'main cpu': m.main.cpu, 'main wait': m.main.wait, 'workers cpu': m.worker.cpu, 'workers wait': m.worker.wait,
      'workers idle': m.label !== 'serial' ? WORKERS * m.wall - m.worker.cpu - m.worker.wait : '-',
      'other cpu': m.other.cpu, batches: g ? g.batches : '-', 'main µs/batch': g && g.batches ? (1000 * m.main.cpu) / g.batches : '-',
      'gaps between tasks ms': g ? g.idleMs : '-',
    });
    results.push({ n, size, run: m.label, wallMs: m.wall, load, main: m.main, workers: m.worker, perWorker: m.perWorker, other: m.other, batches: g?.batches, tasks: g?.tasks, gapMs: g?.idleMs });
  }
}
console.log(`Per-thread time of the tutorial pipeline (ms; ${WORKERS} workers; best wall of ${REPEAT}). cpu: time on a core (schedstat);`);
console.log(`wait: runnable but not on a core (schedstat); idle: workers × wall − cpu − wait; gaps: on each worker, time between one task's end and the next's start.`);
printTable(table);
report('scaling', { workers: WORKERS, repeat: REPEAT, rows: results });
process.exit(0);
