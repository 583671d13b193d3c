/**
 * `array.toZarr(path, { chunks?, compressor?, level?, zarrFormat?, overwrite? })`: write a chunked
 * array as a Zarr array (v2 or v3) on disk, block by block in parallel, as Dask's `to_zarr`.
 *
 * - Zarr chunks: `chunks` (one length per axis) or else the array's first block lengths. When the
 *   array's blocks do not line up with the Zarr chunks, it is rechunked to them first, so every
 *   task writes whole Zarr chunks of its own and no two tasks touch one chunk.
 * - `compressor`: 'blosc' (lz4, shuffle; Python zarr's default), 'zstd', 'lz4', 'gzip', 'zlib'
 *   or null; `level` its level. v3 writes the core codecs (bytes + gzip / blosc / zstd) and
 *   names zlib and lz4 as numcodecs codecs (Python zarr 3 reads those too).
 * - An existing `path` is an error unless `overwrite` is true, as Dask's `to_zarr(url,
 *   overwrite=False)`; checked before anything is computed. Even then only a Zarr array or group
 *   (or an empty directory) is replaced: a file or a directory of other data is never removed.
 * - No half-written output, as `toRaw`: the array is written into a temporary directory next to
 *   `path`, which replaces `path` only when every block is written; if any task fails, the
 *   temporary directory is removed and `path` is left as it was. A late block still running
 *   after the failure finds its directory gone and writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { compute, delayed, type ComputeOptions } from 'dusk-graph';
import { checkComputeOptions, parseOptions, showValue } from 'dusk-graph/internal';
import * as zarr from 'zarrita';
import type { DType } from '../ndarray/dtype.ts';
import type { ChunkedArray } from './chunked.ts';
import { rechunk } from './rechunk.ts';
import { zarrKernels } from './zarrKernels.ts';
import { DirectoryStore } from './zarrStore.ts';
import { COMPRESSORS, type Compressor } from './zarrTypes.ts';

export interface ToZarrOptions extends ComputeOptions {
  /** Zarr chunk shape. @default the array's first block lengths */
  chunks?: readonly number[];
  /** @default 'blosc' */
  compressor?: Compressor | null;
  /** Compression level. @default the codec's own (blosc 5, zstd 3, gzip 5, zlib 1) */
  level?: number;
  /** @default 2 */
  zarrFormat?: 2 | 3;
  /** Replace a Zarr array or group already at `path` (else that is an error). @default false */
  overwrite?: boolean;
}

const schema = z.strictObject({
  chunks: z.array(z.number().int().positive()).optional(),
  compressor: z.enum(COMPRESSORS).nullable().default('blosc'),
  level: z.number().int().min(0).max(22).optional(),
  zarrFormat: z.union([z.literal(2), z.literal(3)]).default(2),
  overwrite: z.boolean().default(false),
});
const ownKeys = Object.keys(schema.shape);

const V2_DTYPE: Record<DType, string> = { bool: '|b1', uint8: '|u1', uint16: '<u2', int16: '<i2', int32: '<i4', float32: '<f4', float64: '<f8' };

function v2Compressor(c: Compressor | null, level: number | undefined, itemBytes: number): Record<string, unknown> | null {
  switch (c) {
    case null: return null;
    case 'blosc': return { id: 'blosc', cname: 'lz4', clevel: level ?? 5, shuffle: itemBytes > 1 ? 1 : 0, blocksize: 0 };
    case 'zstd': return { id: 'zstd', level: level ?? 3 };
    case 'lz4': return { id: 'lz4', acceleration: 1 };
    case 'gzip': return { id: 'gzip', level: level ?? 5 };
    case 'zlib': return { id: 'zlib', level: level ?? 1 };
  }
}

function v3Codecs(c: Compressor | null, level: number | undefined, itemBytes: number): zarr.CodecMetadata[] {
  const bytes = { name: 'bytes', configuration: { endian: 'little' } };
  switch (c) {
    case null: return [bytes];
    case 'blosc': return [bytes, { name: 'blosc', configuration: { cname: 'lz4', clevel: level ?? 5, shuffle: itemBytes > 1 ? 'shuffle' : 'noshuffle', typesize: itemBytes, blocksize: 0 } }];
    case 'zstd': return [bytes, { name: 'zstd', configuration: { level: level ?? 3, checksum: false } }];
    case 'gzip': return [bytes, { name: 'gzip', configuration: { level: level ?? 5 } }];
    case 'lz4': return [bytes, { name: 'numcodecs.lz4', configuration: { acceleration: 1 } }];
    case 'zlib': return [bytes, { name: 'numcodecs.zlib', configuration: { level: level ?? 1 } }];
  }
}

/** Zarr v2 and v3 metadata files: a directory holding one of them is a Zarr array or group. */
const ZARR_METADATA = ['.zarray', '.zgroup', 'zarr.json'];

/**
 * Refuse to write over what is at `target` unless `overwrite`, and never over anything but a Zarr
 * array or group or an empty directory (so a mistyped path cannot delete a user's data).
 */
function checkTarget(target: string, overwrite: boolean): void {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const entries = isDir ? readdirSync(target) : [];
  const what = !isDir ? 'a file' : entries.length === 0 ? 'an empty directory' : entries.some((e) => ZARR_METADATA.includes(e)) ? 'a Zarr array or group' : undefined;
  if (what === undefined) {
    throw Object.assign(new Error(`toZarr: path '${target}' is a directory that is not a Zarr array or group (no ${ZARR_METADATA.join(', ')}); refusing to replace it, choose another path`), { code: 'EEXIST' });
  }
  if (what === 'a file' || !overwrite) {
    throw Object.assign(new Error(`toZarr: path '${target}' already exists (${what}); ${what === 'a file' ? 'choose another path' : "pass option 'overwrite: true' to replace it (received overwrite: false)"}`), { code: 'EEXIST' });
  }
}

/** True when every block starts on a Zarr chunk edge and is whole chunks (or reaches the end). */
function aligned(array: ChunkedArray, chunkShape: readonly number[]): boolean {
  return array.chunks.every((cs, ax) => {
    let o = 0;
    return cs.every((n) => {
      const ok = o % chunkShape[ax]! === 0 && (n % chunkShape[ax]! === 0 || o + n === array.shape[ax]);
      o += n;
      return ok;
    });
  });
}

export async function writeZarr(array: ChunkedArray, path: string, options: ToZarrOptions = {}): Promise<void> {
  const own: Record<string, unknown> = {};
  const computeOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) (ownKeys.includes(k) ? own : computeOptions)[k] = v;
  const o = parseOptions('toZarr', schema, own);
  checkComputeOptions('toZarr', computeOptions);
  if (typeof path !== 'string' || path === '') throw new TypeError(`toZarr: path must be a non-empty string, received ${showValue(path)}`);
  const chunkShape = o.chunks ?? array.chunks.map((c) => Math.max(1, c[0] ?? 1));
  if (chunkShape.length !== array.ndim) {
    throw new RangeError(`toZarr: option 'chunks' needs one length per axis (${array.ndim}), received [${chunkShape.join(', ')}]`);
  }
  const target = resolve(path);
  checkTarget(target, o.overwrite);
  const source = aligned(array, chunkShape) ? array : rechunk(array, chunkShape, 'toZarr');
  const temp = join(dirname(target), `.${basename(target)}.dusk-${process.pid}-${randomBytes(4).toString('hex')}`);
  const itemBytes = Number(V2_DTYPE[array.dtype].slice(2));
  try {
    const store = new DirectoryStore(temp, { writable: true });
    mkdirSync(temp, { recursive: true });
    if (o.zarrFormat === 2) {
      const meta = {
        zarr_format: 2, shape: [...array.shape], chunks: chunkShape, dtype: V2_DTYPE[array.dtype],
        compressor: v2Compressor(o.compressor, o.level, itemBytes), fill_value: 0, order: 'C', filters: null, dimension_separator: '.',
      };
      writeFileSync(join(temp, '.zarray'), JSON.stringify(meta, null, 2));
    } else {
      await zarr.create(store, { shape: [...array.shape], chunkShape: [...chunkShape], dtype: array.dtype, codecs: v3Codecs(o.compressor, o.level, itemBytes), fillValue: 0 as never });
    }
    const loc = { root: temp, path: '' };
    const writes = source.toDelayed().map((t) => delayed(zarrKernels.writeZarrBlock)(t.delayed, loc, array.dtype, [...t.start]));
    await compute(writes, computeOptions as ComputeOptions);
    checkTarget(target, o.overwrite); // what appeared while the blocks were written
    const old = existsSync(target) ? `${temp}.old` : undefined;
    if (old) renameSync(target, old);
    renameSync(temp, target);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    discard(temp);
    throw err;
  }
}

/**
 * Remove the temporary directory of a failed write. It is renamed away first, so blocks still
 * running on workers find their store gone (see `DirectoryStore.set`) rather than adding files
 * while it is being removed.
 */
function discard(dir: string): void {
  const trash = `${dir}.aborted`;
  try {
    renameSync(dir, trash);
  } catch {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  }
  rmSync(trash, { recursive: true, force: true, maxRetries: 3 });
}
