/**
 * zarr-pipeline.ts — the seed notebook's pipeline ("scikit-image and dask: map_overlap", seed 001)
 * from a Zarr volume to a Zarr volume, chunked and out of core, as a Dask user writes it:
 *
 *     x = da.from_zarr('volume.zarr')
 *     y = x.map_overlap(skimage.filters.gaussian, depth=..., sigma=3, boundary='none')
 *     y.to_zarr('smooth.zarr')
 *
 *     npx tsx examples/zarr-pipeline.ts [VOLUME.zarr] [--shape 50x768x768] [--out DIR]
 *                                       [--compressor zstd] [--format 2] [--workers N]
 *
 * Without VOLUME.zarr it writes a synthetic float32 volume of `--shape` (`50x1104x1104` is the
 * notebook's size) as a raw file and converts it to `DIR/volume.zarr` block by block
 * (`fromRaw(...).toZarr(...)`, Zarr chunks of the notebook's 2×2 split). Then
 * `fromZarr → mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3 }) → toZarr` runs with a
 * ProgressBar; each task reads only its own Zarr chunks (its halo comes from its neighbours'
 * blocks) and writes its own output chunks, so the volume is never whole in memory. Last, for
 * volumes up to 64 MB, the result is checked against `filters.gaussian` of the whole volume.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressBar, filters, fromRaw, fromZarr, type Compressor } from 'duskjs';
import { parseCount, parseShape, seconds } from './lib/cli.ts';
import { volumeOps } from './ops/volume.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shape: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' },
    compressor: { type: 'string' }, format: { type: 'string' },
  },
});
const out = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-zarr-'));
mkdirSync(out, { recursive: true });
const computeOptions = args.workers === undefined ? {} : { workers: parseCount('workers', args.workers, 2) };
const compressors = ['blosc', 'zstd', 'lz4', 'gzip', 'zlib', 'none'];
const compressorArg = args.compressor ?? 'zstd';
if (!compressors.includes(compressorArg)) throw new TypeError(`--compressor: expected one of ${compressors.join(', ')}, received ${JSON.stringify(compressorArg)}`);
const compressor = compressorArg === 'none' ? null : (compressorArg as Compressor);
const zarrFormat = Number(args.format ?? '2');
if (zarrFormat !== 2 && zarrFormat !== 3) throw new TypeError(`--format: expected 2 or 3, received ${JSON.stringify(args.format)}`);

let input: string;
let t = performance.now();
if (positionals[0] !== undefined) {
  input = resolve(positionals[0]);
} else {
  const shape = parseShape('shape', args.shape ?? '50x768x768');
  if (shape.length !== 3) throw new RangeError(`--shape: expected a 3-D shape like 50x1104x1104, received ${shape.length} dimensions`);
  const [nz, ny, nx] = shape as [number, number, number];
  const raw = volumeOps.writeSyntheticVolume(join(out, 'volume.raw'), shape, 0);
  input = join(out, 'volume.zarr');
  await fromRaw(raw, { dtype: 'float32', shape, chunks: [nz, Math.ceil(ny / 2), Math.ceil(nx / 2)] })
    .toZarr(input, { compressor, zarrFormat, overwrite: true, ...computeOptions });
  console.log(`Wrote a synthetic float32 volume ${shape.join(' x ')} as Zarr v${zarrFormat} (${compressor ?? 'uncompressed'}) to ${input} in ${seconds(performance.now() - t)} s`);
}

// x = da.from_zarr(...); y = x.map_overlap(gaussian, depth=..., sigma=3, boundary='none')
const x = await fromZarr(input);
const y = x.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' });
console.log(`x = ${x}`);
console.log(`y = ${y}  (depth 'auto' = gaussian's reach for σ=3: 12 pixels)`);

// y.to_zarr(...)
const output = join(out, 'smooth.zarr');
t = performance.now();
// overwrite: a rerun with the same --out replaces this script's own output (Dask: overwrite=True)
await y.toZarr(output, { compressor, zarrFormat: zarrFormat as 2 | 3, overwrite: true, callbacks: [new ProgressBar()], ...computeOptions });
const ms = performance.now() - t;
console.log(`Wrote ${output} (${y.numBlocks.reduce((a, b) => a * b)} blocks) in ${seconds(ms)} s; peak process memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`);

const bytes = x.size * 4;
if (bytes <= 64 * 2 ** 20) {
  const whole = filters.gaussian(await x.compute(computeOptions), { sigma: 3 });
  const got = await (await fromZarr(output)).compute(computeOptions);
  let diff = 0;
  const a = got.values(), b = whole.values();
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  console.log(`Check against the whole-volume gaussian: largest difference ${diff}.`);
} else {
  console.log(`(The volume is ${(bytes / 2 ** 20).toFixed(0)} MB; the whole-volume check runs for volumes up to 64 MB.)`);
}
