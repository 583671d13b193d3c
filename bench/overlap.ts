/**
 * bench/overlap.ts — chunked gaussian with overlap (issue 5, the seed-001 notebook): σ=3 over a
 * (50, 1104, 1104) float32 volume in 2×2 chunks, depth 'auto' (= 12, the op's reach),
 * boundary 'none'.
 *
 * dusk rows: the whole volume in one `filters.gaussian` call (main thread), then
 * `chunked(volume, { chunks }).mapOverlap(filters.gaussian, ...)` computed with
 * `scheduler: 'sync'` (one thread) and `'threads'` (the worker pool), and the same from the raw
 * file (`fromRaw`, blocks read inside their tasks). Dask rows (when /usr/bin/python3 has
 * dask.array): `skimage.filters.gaussian` on the whole volume, and
 * `da.from_array(dat, chunks).map_overlap(skimage.filters.gaussian, depth=12, sigma=3,
 * boundary='none').compute(scheduler='sync' | 'threads')` with 2 workers, on the same voxels
 * (read from the same raw file). Both sides: best of N after a warm-up. Task counts: dusk built /
 * optimized, Dask built / optimized. Minor page faults of each best run next to its time
 * (dusk's are process-wide: the workers' faults included). Checks: chunked == whole volume in
 * dusk, and dusk's sum matches scikit-image's. `measureParallelism` first records the parallel speedup the (shared)
 * machine offers at that moment. Prints a table, then one JSON line.
 *
 * Then the goal's own test (issue 16): `--consecutive` (10) pairs of one sync and one threaded run,
 * each timed once, alternated, with the 1-minute load next to each; and the CPU time of every
 * row (all threads), whose ratio bounds what the threads can gain on free cores.
 *
 *     npx tsx bench/overlap.ts [--quick] [--repeat 3] [--consecutive 10]
 *
 * `--quick`: a (20, 256, 256) volume, one repeat, 2 consecutive pairs. The machine's 2 cores may be shared: expect noise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import 'dusk-scheduler';
import { chunked, filters, fromRaw, io, type ChunkedArray, type NDArray } from 'dusk-image-ops';
import { measureParallelism } from '../examples/lib/parallelism.ts';
import { volumeOps } from '../examples/ops/volume.ts';
import { findPython, PY_RUNS, printTable, report, runPythonJson, timeRun } from './lib.ts';
import { cpuRun } from './overlap-lib.ts';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, repeat: { type: 'string' }, consecutive: { type: 'string' } } });
const quick = args.quick === true;
const repeat = Number(args.repeat ?? (quick ? 1 : 3));
const consecutive = Number(args.consecutive ?? (quick ? 2 : 10));
if (!Number.isInteger(consecutive) || consecutive < 0) throw new RangeError(`--consecutive: expected a non-negative integer, received '${args.consecutive}'`);
const shape = quick ? [20, 256, 256] : [50, 1104, 1104];
const [nz, ny, nx] = shape as [number, number, number];
const chunks = [nz, Math.ceil(ny / 2), Math.ceil(nx / 2)];
const WORKERS = 2;

const dir = mkdtempSync(join(tmpdir(), 'dusk-bench-overlap-'));
const rawPath = join(dir, 'volume.raw');
const volume = volumeOps.syntheticVolume(shape, 0);
io.writeRaw(rawPath, volume);

const params = { depth: 'auto' as const, sigma: 3, boundary: 'none' as const };
const inMemory = (): ChunkedArray => chunked(volume, { chunks }).mapOverlap(filters.gaussian, params);
const fromFile = (): ChunkedArray => fromRaw(rawPath, { dtype: 'float32', shape, chunks }).mapOverlap(filters.gaussian, params);

function maxDiff(a: NDArray, b: NDArray): number {
  const va = a.values(), vb = b.values();
  let m = 0;
  for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i]! - vb[i]!));
  return m;
}
const sum = (a: NDArray) => { let s = 0; for (const v of a.values()) s += v; return s; };

const machine = await measureParallelism(WORKERS, 2);
let whole: NDArray | undefined;
const rWhole = await cpuRun(repeat, () => { whole = filters.gaussian(volume, { sigma: 3 }); });
let last: NDArray | undefined;
const rSync = await cpuRun(repeat, async () => { last = await inMemory().compute({ scheduler: 'sync' }); });
const errSync = maxDiff(last!, whole!);
const rThreads = await cpuRun(repeat, async () => { last = await inMemory().compute({ scheduler: 'threads', workers: WORKERS }); });
const errThreads = maxDiff(last!, whole!);
const rFile = await cpuRun(repeat, async () => { last = await fromFile().compute({ scheduler: 'threads', workers: WORKERS }); });
const errFile = maxDiff(last!, whole!);
const [tWhole, tSync, tThreads, tFile] = [rWhole.ms, rSync.ms, rThreads.ms, rFile.ms];
// The goal's test: one-thread and threaded runs alternated, each timed once, `consecutive` times.
const pairs: { syncMs: number; threadsMs: number; ratio: number; load: number }[] = [];
for (let i = 0; i < consecutive; i++) {
  const s0 = await timeRun(() => inMemory().compute({ scheduler: 'sync' }));
  const t0 = await timeRun(() => inMemory().compute({ scheduler: 'threads', workers: WORKERS }));
  pairs.push({ syncMs: s0.ms, threadsMs: t0.ms, ratio: s0.ms / t0.ms, load: loadavg()[0]! });
}
const counts = inMemory().taskCounts();
const duskSum = sum(whole!);

const PY = PY_RUNS + String.raw`
import json, sys, time
import numpy as np, dask, dask.array as da, skimage.filters
path, nz, ny, nx, repeat = sys.argv[1], *map(int, sys.argv[2:6])
dat = np.fromfile(path, dtype=np.float32).reshape((nz, ny, nx))
chunks = (nz, (ny + 1) // 2, (nx + 1) // 2)
def best(fn):
    r = best_run(fn, repeat)
    out['faults'][fn.__name__] = r['faults']
    return r['s']
def build():
    x = da.from_array(dat, chunks=chunks, name=False)
    return x.map_overlap(skimage.filters.gaussian, depth=12, sigma=3, boundary='none')
out = {'faults': {}}
whole = skimage.filters.gaussian(dat, sigma=3)
def whole_call(): skimage.filters.gaussian(dat, sigma=3)
def sync(): build().compute(scheduler='sync')
def threads(): build().compute(scheduler='threads', num_workers=2)
out['whole'] = best(whole_call)
out['sync'] = best(sync)
out['threads'] = best(threads)
y = build()
out['built'] = len(dict(y.__dask_graph__()))
out['optimized'] = len(dict(dask.optimize(y)[0].__dask_graph__()))
out['sum'] = float(whole.astype(np.float64).sum())
out['dtype'] = str(whole.dtype)
out['seam_err'] = float(np.abs(build().compute(scheduler='sync') - whole).max())
print(json.dumps(out))
`;

interface DaskOut { whole: number; sync: number; threads: number; faults: { whole_call: number; sync: number; threads: number }; built: number; optimized: number; sum: number; dtype: string; seam_err: number }
const python = findPython(['dask.array', 'skimage']);
let dask: DaskOut | undefined;
if (python) {
  try {
    dask = runPythonJson<DaskOut>(python, PY, [rawPath, ...shape.map(String), String(repeat)]);
  } catch (e) {
    console.error(`Dask run failed: ${(e as Error).message}`);
  }
}
rmSync(dir, { recursive: true, force: true });

const s = (ms: number) => ms / 1000;
const rows: Record<string, string | number>[] = [
  { run: 'whole volume, one call', 'dusk (s)': s(tWhole), 'dusk CPU (s)': s(rWhole.cpuMs), 'dusk faults': rWhole.faults, 'Dask+skimage (s)': dask?.whole ?? '-', 'Dask faults': dask?.faults.whole_call ?? '-', 'dusk/Dask': dask ? s(tWhole) / dask.whole : '-', 'max |chunked-whole|': '' },
  { run: 'chunked, sync', 'dusk (s)': s(tSync), 'dusk CPU (s)': s(rSync.cpuMs), 'dusk faults': rSync.faults, 'Dask+skimage (s)': dask?.sync ?? '-', 'Dask faults': dask?.faults.sync ?? '-', 'dusk/Dask': dask ? s(tSync) / dask.sync : '-', 'max |chunked-whole|': errSync },
  { run: `chunked, threads (${WORKERS})`, 'dusk (s)': s(tThreads), 'dusk CPU (s)': s(rThreads.cpuMs), 'dusk faults': rThreads.faults, 'Dask+skimage (s)': dask?.threads ?? '-', 'Dask faults': dask?.faults.threads ?? '-', 'dusk/Dask': dask ? s(tThreads) / dask.threads : '-', 'max |chunked-whole|': errThreads },
  { run: `chunked from raw file, threads`, 'dusk (s)': s(tFile), 'dusk CPU (s)': s(rFile.cpuMs), 'dusk faults': rFile.faults, 'Dask+skimage (s)': '-', 'Dask faults': '-', 'dusk/Dask': '-', 'max |chunked-whole|': errFile },
];
console.log(`gaussian σ=3, float32 ${shape.join('×')}, chunks ${chunks.join('×')} (2×2), depth 12, boundary 'none'; best of ${repeat}`);
printTable(rows);
const speedup = tSync / tThreads;
console.log(`\ndusk threads vs its own sync: ${speedup.toFixed(2)}× (goal ≥ 1.8×); vs Dask threads: ${dask ? (s(tThreads) / dask.threads).toFixed(2) : '-'} (goal < 1)`);
if (pairs.length) {
  const ratios = pairs.map((p) => p.ratio);
  console.log(`${pairs.length} consecutive sync/threads pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')}× (least ${Math.min(...ratios).toFixed(2)}×, goal ≥ 1.8× in every one); 1-min load ${pairs.map((p) => p.load.toFixed(1)).join(' ')}`);
}
console.log(`CPU bound: ${WORKERS} × sync CPU ÷ threads CPU = ${((WORKERS * rSync.cpuMs) / rThreads.cpuMs).toFixed(2)}× (the most the threads can gain with ${WORKERS} free cores)`);
console.log(`machine: ${WORKERS} independent gaussian tasks got ${machine.speedup.toFixed(2)}× on the pool just before (${WORKERS} = cores free)`);
console.log(`tasks: dusk ${counts.built} built, ${counts.optimized} after optimization; Dask ${dask?.built ?? '-'} built, ${dask?.optimized ?? '-'} optimized`);
if (dask) {
  console.log(`result sum: dusk ${duskSum.toFixed(3)}, scikit-image ${dask.sum.toFixed(3)} (${dask.dtype}); Dask's chunked max error ${dask.seam_err}`);
}

report('overlap', {
  shape, chunks, repeat, workers: WORKERS, machineSpeedup: machine.speedup,
  dusk: {
    wholeS: s(tWhole), syncS: s(tSync), threadsS: s(tThreads), rawThreadsS: s(tFile),
    faults: { whole: rWhole.faults, sync: rSync.faults, threads: rThreads.faults, rawThreads: rFile.faults },
    tasks: counts, maxErr: Math.max(errSync, errThreads, errFile), sum: duskSum },
  dask: dask ?? null,
  speedupOverSync: speedup,
  cpuMs: { whole: rWhole.cpuMs, sync: rSync.cpuMs, threads: rThreads.cpuMs, rawThreads: rFile.cpuMs },
  cpuBound: (WORKERS * rSync.cpuMs) / rThreads.cpuMs,
  consecutive: pairs, leastConsecutive: pairs.length ? Math.min(...pairs.map((p) => p.ratio)) : null,
  ratioToDaskThreads: dask ? s(tThreads) / dask.threads : null,
  goals: { speedupAtLeast1_8: speedup >= 1.8, everyConsecutiveAtLeast1_8: pairs.length ? pairs.every((p) => p.ratio >= 1.8) : null, fasterThanDaskThreads: dask ? s(tThreads) < dask.threads : null },
});
process.exit(0);
