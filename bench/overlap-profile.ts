/**
 * bench/overlap-profile.ts — where the time of one small `mapOverlap(filters.gaussian)` compute
 * goes, end to end (issue 16: the chunked run's fixed cost per compute). For each case, averaged
 * over `--runs` computes on 2 workers (after a warm-up):
 *
 * - `build`: building the ChunkedArray and its graph, optimized (`collect`), on the main thread;
 * - from the scheduler's Profiler records (epoch ms where the task ran): `first start` (compute
 *   call → first tile starts on a worker: graph build, optimize, dispatch), `last start` (→ the
 *   last tile starts: its worker woke and got a core), `task ms` (a tile's fused task on its
 *   worker, mean), `last end` (compute call → last tile ends), `return` (last tile
 *   end → compute returns: the reply and the finish);
 * - the first task `compute()` runs (read from the graph: the cut `tiles.ts` chose), its op
 *   step alone on the main thread (`tile op`: gaussian's into variant writing the tile's core
 *   into an output, as the task does), and one store of the tile's core into an output (`store`,
 *   what a path without the into variant adds), for the share of each step inside the task;
 * - CPU per thread (`/proc/self/task/<tid>/stat`, summed over the runs, so the 10 ms tick is
 *   small against it): main, the two busiest other threads (the workers) and the rest (V8
 *   helpers), each ÷ runs; the whole call's CPU the same way; minor page faults per compute.
 *
 *     npx tsx bench/overlap-profile.ts [--shape 32x256x256] [--grid 1x2x2] [--runs 40]
 *
 * Prints a table, then one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { collect } from 'dusk-graph';
import { Profiler } from 'dusk-scheduler';
import { allocate, assign, chunked, filters, NDArray, type ChunkedArray } from 'dusk-image-ops';
import { paddedRegion } from '../packages/image-ops/src/chunked/pad.ts';
import { volumeOps } from '../examples/ops/volume.ts';
import { loadAverage, minorFaults, now, printTable, report } from './lib.ts';

const { values: args } = parseArgs({ options: { shape: { type: 'string' }, grid: { type: 'string' }, runs: { type: 'string' } } });
const shape = (args.shape ?? '32x256x256').split('x').map(Number);
const grid = (args.grid ?? '1x2x2').split('x').map(Number);
const runs = Number(args.runs ?? 40);
if (shape.length !== 3 || grid.length !== 3 || !(runs >= 1)) throw new RangeError('--shape/--grid: three positive integers like 32x256x256; --runs: a positive integer');
const chunks = shape.map((n, ax) => Math.ceil(n / grid[ax]!));
const WORKERS = 2;
const TICK_MS = 10; // USER_HZ = 100

/** CPU ms per thread id of this process (utime + stime). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch { /* the thread ended */ }
  }
  return out;
}

function cpuSplit(before: Map<string, number>, after: Map<string, number>): { main: number; workers: number[]; rest: number } {
  const mainTid = String(process.pid);
  const deltas = [...after].map(([tid, v]) => [tid, v - (before.get(tid) ?? 0)] as const);
  const main = deltas.find(([t]) => t === mainTid)?.[1] ?? 0;
  const others = deltas.filter(([t]) => t !== mainTid).map(([, v]) => v).sort((a, b) => b - a);
  return { main, workers: others.slice(0, WORKERS), rest: others.slice(WORKERS).reduce((a, b) => a + b, 0) };
}

/** The first task `y.compute()` runs: its tile read (as the task reads it), its op step on a tile, the tile's core box. */
function firstTask(y: ChunkedArray): { read: () => NDArray; op: (tile: NDArray) => unknown; core: [number, number][] } {
  const steps = collect([y as never]).graph.tasks[0]!.steps;
  const k = steps.findIndex((s) => s.name === 'readPadded');
  const read = steps[k]!, op = steps[k + 1]!;
  const [, start, stop, depth, boundary] = read.args as [unknown, number[], number[], number[], never[]];
  const r = paddedRegion(shape, start, stop, depth, boundary);
  return {
    read: () => read.fn!(...read.args) as NDArray,
    op: (tile) => op.fn!(tile, ...op.args.slice(1)),
    core: r.lo.map((lo, ax) => [lo, lo + stop[ax]! - start[ax]!] as [number, number]),
  };
}

const volume = volumeOps.syntheticVolume(shape, 0);
const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];
for (const boundary of ['none', 'reflect'] as const) {
  for (const sigma of [1, 4]) {
    const params = { depth: 'auto' as const, boundary, sigma };
    const mode = boundary === 'none' ? 'nearest' : boundary;
    const build = () => chunked(volume, { chunks }).mapOverlap(filters.gaussian, params);
    // whole call
    filters.gaussian(volume, { sigma, mode });
    let c0 = threadCpu(), t0 = now();
    for (let i = 0; i < runs; i++) filters.gaussian(volume, { sigma, mode });
    const wholeMs = (now() - t0) / runs;
    const wholeCpu = cpuSplit(c0, threadCpu());
    // build + optimize
    t0 = now();
    for (let i = 0; i < runs; i++) { const y = build(); collect([y as never]); }
    const buildMs = (now() - t0) / runs;
    // the tiles: op alone and store alone, on the main thread
    const prof = new Profiler({ bytes: false });
    await build().compute({ scheduler: 'threads', workers: WORKERS, callbacks: [prof] });
    prof.clear();
    const f0 = minorFaults();
    c0 = threadCpu();
    const spans: { start: number; end: number; records: { start: number; end: number }[] }[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.timeOrigin + performance.now();
      await build().compute({ scheduler: 'threads', workers: WORKERS, callbacks: [prof] });
      const end = performance.timeOrigin + performance.now();
      spans.push({ start, end, records: prof.results.map((r) => ({ start: r.start, end: r.end })) });
      prof.clear();
    }
    const cpu = cpuSplit(c0, threadCpu());
    const faults = (minorFaults() - f0) / runs;
    const mean = (f: (s: (typeof spans)[number]) => number) => spans.reduce((a, s) => a + f(s), 0) / spans.length;
    const firstStart = mean((s) => Math.min(...s.records.map((r) => r.start)) - s.start);
    const lastStart = mean((s) => Math.max(...s.records.map((r) => r.start)) - s.start);
    const lastEnd = mean((s) => Math.max(...s.records.map((r) => r.end)) - s.start);
    const opMs = mean((s) => s.records.reduce((a, r) => a + r.end - r.start, 0) / s.records.length);
    const computeMs = mean((s) => s.end - s.start);
    // one tile's op and store alone
    const task = firstTask(build());
    const tile = task.read();
    task.op(tile);
    t0 = now();
    for (let i = 0; i < runs; i++) task.op(tile);
    const tileMs = (now() - t0) / runs;
    const part = filters.gaussian(tile, { sigma, mode });
    const out = new NDArray(allocate('float32', volume.size), shape, { dtype: 'float32' });
    const core = part.view(task.core);
    t0 = now();
    for (let i = 0; i < runs; i++) assign(out.view(core.shape.map((n) => [0, n] as const)), core);
    const storeMs = (now() - t0) / runs;
    const row = {
      boundary, 'σ': sigma, 'whole ms': wholeMs, 'whole CPU': (wholeCpu.main + wholeCpu.rest + wholeCpu.workers.reduce((a, b) => a + b, 0)) / runs,
      'build ms': buildMs, 'compute ms': computeMs, 'first start': firstStart, 'last start': lastStart, 'task ms': opMs, 'last end': lastEnd, 'return': computeMs - lastEnd,
      'tile op ms': tileMs, 'store ms': storeMs,
      'CPU main': cpu.main / runs, 'CPU workers': cpu.workers.map((w) => (w / runs).toFixed(1)).join(' + '), 'CPU rest': cpu.rest / runs, faults,
    };
    rows.push(row);
    results.push(row);
  }
}
console.log(`mapOverlap(gaussian) ${shape.join('×')} in ${grid.join('×')} blocks, ${WORKERS} workers, mean of ${runs} computes (ms per compute); load ${loadAverage().toFixed(2)}`);
printTable(rows);
report('overlap-profile', { shape, grid, runs, load: loadAverage(), cases: results });
process.exit(0);
