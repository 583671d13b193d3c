/**
 * bench/chunked-zarr.ts — chunked arrays out of core through Zarr, dusk next to Dask: the seed
 * notebook's gaussian (σ=3, depth 12, boundary 'none') from a Zarr v2 volume (blosc-lz4, 2×2
 * chunks over the large axes) to a Zarr volume, and tree reductions (sum, std) of the volume.
 *
 * dusk: `fromZarr(in).mapOverlap(filters.gaussian, ...).toZarr(out)` and `fromZarr(in).std()`,
 * 2 workers. Dask (when /usr/bin/python3 has dask.array, zarr and skimage):
 * `da.from_zarr(in).map_overlap(skimage.filters.gaussian, depth=12, sigma=3,
 * boundary='none').to_zarr(out)` and `da.from_zarr(in).std().compute()`, threads, 2 workers, on
 * the Zarr volume dusk wrote. Checks: the two outputs agree (Python reads dusk's), std agrees.
 * Best of N after a warm-up. Prints a table, then one JSON line.
 *
 *     npx tsx bench/chunked-zarr.ts [--quick] [--repeat 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import 'dusk-scheduler';
import { chunked, filters, fromZarr } from 'dusk-image-ops';
import { volumeOps } from '../examples/ops/volume.ts';
import { bestRun, findPython, printTable, report, runPythonJson } from './lib.ts';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, repeat: { type: 'string' } } });
const quick = args.quick === true;
const repeat = Number(args.repeat ?? (quick ? 1 : 3));
const shape = quick ? [20, 256, 256] : [50, 768, 768];
const [nz, ny, nx] = shape as [number, number, number];
const chunks = [nz, Math.ceil(ny / 2), Math.ceil(nx / 2)];
const opts = { workers: 2 };
const params = { depth: 'auto' as const, sigma: 3, boundary: 'none' as const };

const dir = mkdtempSync(join(tmpdir(), 'dusk-bench-zarr-'));
const input = join(dir, 'volume.zarr');
const volume = volumeOps.syntheticVolume(shape, 0);
const tWrite = (await bestRun(1, () => chunked(volume, { chunks }).toZarr(input, { compressor: 'blosc', ...opts }), false)).ms;

const out = join(dir, 'dusk.zarr');
const tPipeline = (await bestRun(repeat, async () => (await fromZarr(input)).mapOverlap(filters.gaussian, params).toZarr(out, { compressor: 'blosc', overwrite: true, ...opts }))).ms;
let std = NaN;
const tStd = (await bestRun(repeat, async () => { std = (await (await fromZarr(input)).std().compute(opts)).get(); })).ms;

const PY = String.raw`
import json, sys, time
import dask, dask.array as da, numpy as np, skimage.filters, zarr
src, out, ref, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
dask.config.set(scheduler='threads', num_workers=2)
def best(fn):
    fn(); b = 1e9
    for _ in range(repeat):
        t = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t)
    return b
def pipeline():
    da.from_zarr(src).map_overlap(skimage.filters.gaussian, depth=12, sigma=3, boundary='none').to_zarr(out, overwrite=True)
res = {}
res['pipeline'] = best(pipeline)
res['std_s'] = best(lambda: float(da.from_zarr(src).std().compute()))
res['std'] = float(da.from_zarr(src).std().compute())
a, b = zarr.open(out, mode='r')[...], zarr.open(ref, mode='r')[...]
res['max_diff'] = float(np.abs(a.astype(np.float64) - b).max())
print(json.dumps(res))
`;
interface DaskOut { pipeline: number; std_s: number; std: number; max_diff: number }
const python = findPython(['dask.array', 'zarr', 'skimage']);
let dask: DaskOut | undefined;
if (python) {
  try {
    dask = runPythonJson<DaskOut>(python, PY, [input, join(dir, 'dask.zarr'), out, String(repeat)]);
  } catch (e) {
    console.error(`Dask run failed: ${(e as Error).message}`);
  }
}
rmSync(dir, { recursive: true, force: true });

const s = (ms: number) => ms / 1000;
console.log(`float32 ${shape.join('×')} (${(volume.nbytes / 2 ** 20).toFixed(0)} MB), Zarr v2 blosc-lz4 chunks ${chunks.join('×')}; 2 workers; best of ${repeat}`);
printTable([
  { run: 'write the volume as Zarr (dusk)', 'dusk (s)': s(tWrite), 'Dask (s)': '-', 'dusk/Dask': '-' },
  { run: 'from_zarr → map_overlap gaussian → to_zarr', 'dusk (s)': s(tPipeline), 'Dask (s)': dask?.pipeline ?? '-', 'dusk/Dask': dask ? s(tPipeline) / dask.pipeline : '-' },
  { run: 'from_zarr → std (tree reduction)', 'dusk (s)': s(tStd), 'Dask (s)': dask?.std_s ?? '-', 'dusk/Dask': dask ? s(tStd) / dask.std_s : '-' },
]);
if (dask) console.log(`std: dusk ${std}, Dask ${dask.std}; gaussian outputs (Python reading dusk's Zarr): max difference ${dask.max_diff}`);
report('chunked-zarr', {
  shape, chunks, repeat, workers: 2,
  dusk: { writeS: s(tWrite), pipelineS: s(tPipeline), stdS: s(tStd), std },
  dask: dask ?? null,
  ratioPipeline: dask ? s(tPipeline) / dask.pipeline : null,
});
process.exit(0);
