/**
 * bench/overlap-matrix.ts — `mapOverlap(filters.gaussian)` away from the tuned shape (issue 16):
 * volume shapes × chunk grids × boundaries × σ, each case timed three ways in the same run:
 *
 * - `whole`: one `filters.gaussian` call on the whole volume (main thread), with the mode that
 *   gives the chunked run's edges (`'nearest'` — the op's own — for boundary 'none', else the
 *   boundary's own mode), so the chunked result must equal it;
 * - `dusk threads`: `chunked(volume, { chunks }).mapOverlap(filters.gaussian, { depth: 'auto',
 *   boundary, sigma })` computed on the worker pool (2 workers);
 * - `store` (not a goal, for the page faults): the same map written by `y.store(target)` into one
 *   output array kept across the runs, so no run writes fresh memory (as a loop over parameters
 *   that reuses its output would);
 * - `Dask threads` (when /usr/bin/python3 has dask.array and skimage): `da.from_array(volume,
 *   chunks).map_overlap(skimage.filters.gaussian, depth=int(4σ + 0.5), boundary=boundary,
 *   sigma=σ).compute(scheduler='threads', num_workers=2)` on the same voxels (read from the same
 *   raw float32 files), all cases in one Python process.
 * Each: best of `--repeat` after a warm-up, with the minor page faults of that run (dusk's are
 * process-wide, workers included). `max err` = max |chunked − whole| in dusk (0 up to rounding).
 * Load-independent columns, for a shared machine: `tasks` (op calls in the graph `compute()` runs), `read/vol`
 * (voxels the op reads, halos included, ÷ the volume), `copied/vol` (voxels copied to assemble
 * padded blocks; a block inside the array is a view), the least process CPU time of the runs
 * (`whole CPU`, `threads CPU`: all threads, workers included) and `CPU bound` = workers × whole
 * CPU ÷ threads CPU: the speedup over the whole call that perfect scaling would give.
 *
 * Goals (issue 16): every case ≥ 1.5× faster than the whole-volume call with 2 workers, and
 * ≤ 0.6× Dask's threaded time. `measureParallelism` first records the speedup the (shared)
 * machine offers at that moment. Prints a table, a goal summary, then one JSON line.
 *
 *     npx tsx bench/overlap-matrix.ts [--big] [--shapes 50x1104x1104,...] [--grids 1x2x3,...]
 *       [--boundaries none,reflect] [--sigmas 1,2] [--repeat 3] [--no-python]
 *
 * Default: three small volumes (~2 M voxels, under ~3 minutes for all 81 cases); `--big`: the
 * notebook's (50, 1104, 1104), the issue's ~40 M-voxel (40, 1000, 1000) and (100, 640, 640)
 * (many minutes). A grid `1x2x3` means 1 × 2 × 3 blocks, each `ceil(n / blocks)` long along its
 * axis (the last one shorter when that does not divide: most grids here do not).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import 'dusk-scheduler';
import { collect } from 'dusk-graph';
import { chunked, filters, io, zeros, type ChunkedArray, type NDArray } from 'dusk-image-ops';
import { paddedRegion } from '../packages/image-ops/src/chunked/pad.ts';
import { measureParallelism } from '../examples/lib/parallelism.ts';
import { volumeOps } from '../examples/ops/volume.ts';
import { findPython, PY_RUNS, printTable, report, runPythonJson } from './lib.ts';
import { cpuRun, type CpuRun } from './overlap-lib.ts';

const { values: args } = parseArgs({
  options: {
    big: { type: 'boolean' }, shapes: { type: 'string' }, grids: { type: 'string' }, boundaries: { type: 'string' },
    sigmas: { type: 'string' }, repeat: { type: 'string' }, 'no-python': { type: 'boolean' },
  },
});
const WORKERS = 2;
const triples = (flag: string, s: string): [number, number, number][] => s.split(',').map((t) => {
  const v = t.split('x').map(Number);
  if (v.length !== 3 || !v.every((x) => Number.isInteger(x) && x >= 1)) {
    throw new RangeError(`--${flag}: expected entries like 40x300x250 (three positive integers), received '${t}'`);
  }
  return v as [number, number, number];
});
const shapes = triples('shapes', args.shapes ?? (args.big ? '50x1104x1104,40x1000x1000,100x640x640' : '32x256x256,40x300x250,64x160x190'));
const grids = triples('grids', args.grids ?? '1x2x2,1x2x3,2x3x3');
const BOUNDARIES = ['none', 'reflect', 'nearest'] as const;
type Bound = (typeof BOUNDARIES)[number];
const boundaries = (args.boundaries?.split(',') ?? [...BOUNDARIES]) as Bound[];
for (const b of boundaries) if (!BOUNDARIES.includes(b)) throw new RangeError(`--boundaries: expected none, reflect or nearest, received '${b}'`);
const sigmas = (args.sigmas ?? '1,2,4').split(',').map(Number);
for (const s of sigmas) if (!(s > 0)) throw new RangeError(`--sigmas: expected positive numbers, received '${args.sigmas}'`);
const repeat = Number(args.repeat ?? 3);
if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`--repeat: expected a positive integer, received '${args.repeat}'`);

/** Chunk lengths for `blocks` blocks per axis: `ceil(n / blocks)`. */
const chunkOf = (shape: readonly number[], grid: readonly number[]) => shape.map((n, ax) => Math.ceil(n / grid[ax]!));
/** scikit-image's gaussian radius (truncate 4): the depth Dask needs, = dusk's depth 'auto'. */
const radius = (sigma: number) => Math.floor(4 * sigma + 0.5);

interface Case { shape: number[]; grid: number[]; chunks: number[]; boundary: Bound; sigma: number; depth: number; file: number }
const cases: Case[] = [];
for (const [file, shape] of shapes.entries()) {
  for (const grid of grids) {
    for (const boundary of boundaries) {
      for (const sigma of sigmas) cases.push({ shape, grid, chunks: chunkOf(shape, grid), boundary, sigma, depth: radius(sigma), file });
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'dusk-bench-overlap-matrix-'));
const files = shapes.map((_, i) => join(dir, `volume-${i}.raw`));

function maxDiff(a: NDArray, b: NDArray): number {
  const va = a.values(), vb = b.values();
  let m = 0;
  for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i]! - vb[i]!));
  return m;
}

/**
 * What the graph `y.compute()` runs does, counted (load-independent): op tasks (the op itself, or
 * its into variant writing each tile's core into the output), voxels the op reads (padded blocks)
 * and voxels copied to assemble padded blocks (a block inside the array is a view), each ÷ the
 * volume's voxels.
 */
function planStats(y: ChunkedArray, volume: number): { tasks: number; read: number; copied: number } {
  let tasks = 0, read = 0, copied = 0;
  for (const step of collect([y]).graph.tasks.flatMap((t) => t.steps)) {
    if (step.name === 'gaussian' || step.name === 'gaussianInto') tasks++;
    if (step.name !== 'readPadded') continue;
    const [source, start, stop, depth, boundary] = step.args as [{ array: NDArray }, number[], number[], number[], never[]];
    const shape = source.array.shape;
    const r = paddedRegion(shape, start, stop, depth, boundary);
    const size = r.stop.reduce((a, e, ax) => a * (e - r.start[ax]!), 1);
    read += size;
    if (r.start.some((a) => a < 0) || r.stop.some((e, ax) => e > shape[ax]!)) copied += size;
  }
  return { tasks, read: read / volume, copied: copied / volume };
}

const machine = await measureParallelism(WORKERS, 2);
interface DuskCase { whole: CpuRun; threads: CpuRun; store: CpuRun; err: number; plan: ReturnType<typeof planStats> }
const dusk: DuskCase[] = [];
for (const [i, shape] of shapes.entries()) {
  const volume = volumeOps.syntheticVolume(shape, i);
  io.writeRaw(files[i]!, volume);
  // Warm up at this volume's size, or its first case alone pays for the new size's fresh memory
  // (its best run took ~2 000–3 000 faults where later cases took none).
  const first = cases.find((c) => c.file === i)!;
  for (let k = 0; k < 5; k++) {
    filters.gaussian(volume, { sigma: first.sigma });
    await chunked(volume, { chunks: first.chunks }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: first.sigma }).compute({ scheduler: 'threads', workers: WORKERS });
  }
  for (const c of cases) {
    if (c.file !== i) continue;
    let whole: NDArray | undefined, last: NDArray | undefined;
    const mode = c.boundary === 'none' ? 'nearest' : c.boundary;
    const wholeRun = await cpuRun(repeat, () => { whole = filters.gaussian(volume, { sigma: c.sigma, mode }); });
    const params = { depth: 'auto' as const, boundary: c.boundary, sigma: c.sigma };
    const build = () => chunked(volume, { chunks: c.chunks }).mapOverlap(filters.gaussian, params);
    const threads = await cpuRun(repeat, async () => { last = await build().compute({ scheduler: 'threads', workers: WORKERS }); });
    const target = zeros(shape, { dtype: 'float32' });
    const store = await cpuRun(repeat, async () => { await build().store(target, { scheduler: 'threads', workers: WORKERS }); });
    dusk.push({ whole: wholeRun, threads, store, err: Math.max(maxDiff(last!, whole!), maxDiff(target, whole!)), plan: planStats(build(), volume.size) });
  }
  console.error(`  dusk done: ${shape.join('×')}`);
}

const PY = PY_RUNS + String.raw`
import json, sys
import numpy as np, dask.array as da, skimage.filters
cases, files, repeat = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
volumes = {}
out = []
for c in cases:
    if c['file'] not in volumes:
        volumes = {c['file']: np.fromfile(files[c['file']], dtype=np.float32).reshape(c['shape'])}
    dat = volumes[c['file']]
    def run():
        x = da.from_array(dat, chunks=tuple(c['chunks']), name=False)
        x.map_overlap(skimage.filters.gaussian, depth=c['depth'], boundary=c['boundary'], sigma=c['sigma']).compute(scheduler='threads', num_workers=2)
    try:
        out.append(best_run(run, repeat))
    except Exception as e:
        out.append({'error': f'{type(e).__name__}: {e}'})
print(json.dumps(out))
`;
type PyCase = { s: number; faults: number } | { error: string };
const python = args['no-python'] ? undefined : findPython(['dask.array', 'skimage']);
let dask: PyCase[] | undefined;
if (python) {
  try {
    dask = runPythonJson<PyCase[]>(python, PY, [JSON.stringify(cases), JSON.stringify(files), String(repeat)]);
  } catch (e) {
    console.error(`Dask run failed: ${(e as Error).message}`);
  }
}
rmSync(dir, { recursive: true, force: true });

const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];
let fastEnough = 0, underDask = 0, withDask = 0, storeFast = 0;
for (const [i, c] of cases.entries()) {
  const d = dusk[i]!, k = dask?.[i];
  const kOk = k !== undefined && 's' in k ? k : undefined;
  const speedup = d.whole.ms / d.threads.ms;
  const ratio = kOk ? d.threads.ms / (kOk.s * 1000) : undefined;
  if (speedup >= 1.5) fastEnough++;
  if (d.whole.ms / d.store.ms >= 1.5) storeFast++;
  if (ratio !== undefined) {
    withDask++;
    if (ratio <= 0.6) underDask++;
  }
  rows.push({
    shape: c.shape.join('×'), grid: c.grid.join('×'), boundary: c.boundary, 'σ': c.sigma, depth: c.depth,
    'whole ms': d.whole.ms, 'whole faults': d.whole.faults, 'threads ms': d.threads.ms, 'threads faults': d.threads.faults,
    'whole/threads': speedup, 'store ms': d.store.ms, 'store faults': d.store.faults, 'whole/store': d.whole.ms / d.store.ms, 'Dask ms': kOk ? kOk.s * 1000 : k && 'error' in k ? 'error' : '-', 'Dask faults': kOk?.faults ?? '-',
    'dusk/Dask': ratio ?? '-', 'max err': d.err,
    tasks: d.plan.tasks, 'read/vol': d.plan.read, 'copied/vol': d.plan.copied,
    'whole CPU': d.whole.cpuMs, 'threads CPU': d.threads.cpuMs, 'CPU bound': (WORKERS * d.whole.cpuMs) / d.threads.cpuMs,
  });
  results.push({
    ...c, file: undefined, whole: d.whole, threads: d.threads, store: d.store, maxErr: d.err, speedupOverWhole: speedup, plan: d.plan,
    cpuBound: (WORKERS * d.whole.cpuMs) / d.threads.cpuMs,
    dask: kOk ? { ms: kOk.s * 1000, faults: kOk.faults } : k && 'error' in k ? { error: k.error } : null, ratioToDask: ratio ?? null,
  });
}
console.log(`gaussian, mapOverlap depth 'auto', float32, ${WORKERS} workers / threads; best of ${repeat} (ms)`);
printTable(rows);
const errors = dask?.filter((k) => 'error' in k) ?? [];
if (errors.length) console.log(`\nDask failed on ${errors.length} case(s), first: ${(errors[0] as { error: string }).error}`);
console.log(`\n≥ 1.5× over the whole-volume call: ${fastEnough} of ${cases.length} cases; ≤ 0.6× Dask threads: ${dask ? `${underDask} of ${withDask}` : '- (no Dask)'}`);
console.log(`into a kept output (store, not a goal): ≥ 1.5× over the whole call in ${storeFast} of ${cases.length} cases`);
console.log(`machine: ${WORKERS} independent gaussian tasks got ${machine.speedup.toFixed(2)}× on the pool just before (${WORKERS} = cores free)`);
report('overlap-matrix', {
  workers: WORKERS, repeat, machineSpeedup: machine.speedup, cases: results,
  goals: { atLeast1_5OverWhole: `${fastEnough}/${cases.length}`, atMost0_6OfDask: dask ? `${underDask}/${withDask}` : null, storeAtLeast1_5: `${storeFast}/${cases.length}` },
});
process.exit(0);
