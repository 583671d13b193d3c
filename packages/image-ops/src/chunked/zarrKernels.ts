/**
 * The worker-side steps of Zarr chunk tasks (registered with `defineOps`): read the box
 * [start, stop) of an array, with a halo for `mapOverlap` — zarrita fetches and decodes only the
 * Zarr chunks the boxes meet — and write a finished block into its place. Each task opens the array from its metadata
 * itself (a small JSON read), so nothing but a path crosses the thread boundary.
 */
import { defineOps } from 'dusk-graph';
import * as zarr from 'zarrita';
import { allocate, type DType } from '../ndarray/dtype.ts';
import { assign } from '../ndarray/assign.ts';
import { cStrides, NDArray, shapeSize } from '../ndarray/ndarray.ts';
import type { Boundary } from './depth.ts';
import { paddedBoxes, paddedRegion, readPaddedBlock } from './pad.ts';
import { DirectoryStore, openZarrArray, type ZarrLocation } from './zarrStore.ts';

/**
 * The box [start, stop) of the Zarr array `arr` as a (shared, C-order) NDArray of `dtype`.
 * zarrita lays the box out in the array's own order (a v2 array with `"order": "F"` comes back in
 * Fortran order: `stride` says which), so a box in another order is copied through its strides.
 */
export async function readBox(arr: zarr.Array<zarr.DataType, zarr.Readable>, dtype: DType, start: readonly number[], stop: readonly number[]): Promise<NDArray> {
  const shape = start.map((s, ax) => stop[ax]! - s);
  const out = new NDArray(allocate(dtype, shapeSize(shape), { zeroed: false }), shape, { dtype });
  if (out.size > 0) {
    const chunk = await zarr.get(arr, start.map((s, ax) => zarr.slice(s, stop[ax]!)));
    const got = chunk.data as ArrayLike<number> | zarr.BoolArray;
    const data = got instanceof zarr.BoolArray ? Uint8Array.from({ length: out.size }, (_, i) => (got.get(i) ? 1 : 0)) : got;
    const c = cStrides(shape);
    if (chunk.stride.every((st, ax) => st === c[ax] || shape[ax] === 1)) out.data.set(data);
    else {
      const src = allocate(dtype, out.size, { shared: false, zeroed: false });
      src.set(data);
      assign(out, new NDArray(src, shape, { dtype, strides: chunk.stride }));
    }
  }
  return out;
}

/**
 * The box [start, stop) of `arr` with a halo of `depth` filled by `boundary`: the boxes the halo
 * needs are fetched first (only the Zarr chunks they meet), then assembled as for any source.
 */
export async function readPaddedZarr(arr: zarr.Array<zarr.DataType, zarr.Readable>, dtype: DType, start: number[], stop: number[], depth: number[], boundary: Boundary[]): Promise<NDArray> {
  const shape = arr.shape;
  const region = paddedRegion(shape, start, stop, depth, boundary);
  const boxes = new Map<string, NDArray>();
  for (const [s, e] of paddedBoxes(shape, region, boundary)) boxes.set(`${s}|${e}`, await readBox(arr, dtype, s, e));
  return readPaddedBlock((s, e) => boxes.get(`${s}|${e}`)!, shape, dtype, region, boundary);
}

async function readZarrBlock(loc: ZarrLocation, dtype: DType, start: number[], stop: number[], depth: number[], boundary: Boundary[]): Promise<NDArray> {
  const arr = await openZarrArray('fromZarr', new DirectoryStore(loc.root), loc.path, `${loc.root}/${loc.path}`);
  return readPaddedZarr(arr, dtype, start, stop, depth, boundary);
}

/** Write `block` at `start` of the array being written in `loc` (its temporary directory). */
async function writeZarrBlock(block: NDArray, loc: ZarrLocation, dtype: DType, start: number[]): Promise<void> {
  if (block.dtype !== dtype) throw new TypeError(`toZarr: the block at [${start.join(', ')}] has dtype ${block.dtype}, expected ${dtype}`);
  if (block.size === 0) return; // an empty array has no chunks to write
  const store = new DirectoryStore(loc.root, { writable: true });
  const arr = await openZarrArray('toZarr', store, loc.path, loc.root) as zarr.Array<zarr.DataType, DirectoryStore>;
  const c = block.contiguous();
  const data = dtype === 'bool' ? new zarr.BoolArray(c.values().slice().buffer) : c.values().slice();
  await zarr.set(arr, start.map((s, ax) => zarr.slice(s, s + block.shape[ax]!)), { data, shape: [...block.shape], stride: cStrides(block.shape) } as never);
}

export const zarrKernels = defineOps(import.meta.url, { readZarrBlock, writeZarrBlock });
