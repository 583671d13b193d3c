/**
 * `rechunk(chunks)`: the same array cut into other blocks, as Dask's `Array.rechunk`.
 *
 * - An array read from a source (in memory, a file, a Zarr array) just gets the new grid: its
 *   tasks read their new boxes straight from the source.
 * - An array of block tasks gets one task per new block, reading its box from the old blocks it
 *   meets and only those (`region.ts`). A new block inside one old block (a split) is a view of
 *   it, with no copy; merging copies each element once. No task depends on every old block
 *   unless the new block really covers them all, so memory stays bounded by the blocks in flight.
 *
 * The spec is `normalizeChunks`' (a number, per-axis lengths / lists / -1, 'auto') or an axis map
 * `{ [axis]: spec }` changing only the axes it names.
 */
import { bytesPerElement } from '../ndarray/dtype.ts';
import type { ChunkedArray } from './chunked.ts';
import { ChunkGrid, normalizeChunks, type ChunkSpec } from './grid.ts';
import { regionTask } from './region.ts';

export type RechunkSpec = ChunkSpec | { readonly [axis: number]: number | readonly number[] };

function toChunkSpec(where: string, array: ChunkedArray, spec: RechunkSpec): ChunkSpec {
  const given: unknown = spec; // JavaScript callers may pass anything
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return spec as ChunkSpec;
  const out: (number | readonly number[])[] = array.chunks.map((c) => [...c]);
  for (const [k, v] of Object.entries(given)) {
    const ax = Number(k) < 0 ? Number(k) + array.ndim : Number(k);
    if (!Number.isInteger(ax) || ax < 0 || ax >= array.ndim) throw new RangeError(`${where}: chunks name axis ${k}, but the array has ${array.ndim} axes`);
    out[ax] = v as number | readonly number[];
  }
  return out;
}

export function rechunk(array: ChunkedArray, spec: RechunkSpec, where = 'rechunk'): ChunkedArray {
  const chunks = normalizeChunks(where, array.shape, toChunkSpec(where, array, spec), bytesPerElement(array.dtype));
  if (chunks.every((c, ax) => c.length === array.chunks[ax]!.length && c.every((n, i) => n === array.chunks[ax]![i]))) return array;
  const grid = new ChunkGrid(array.shape, chunks);
  const o = array.origin;
  if (!('blocks' in o)) return array.derive(grid, array.dtype, o);
  return array.derive(grid, array.dtype, { blocks: grid.blocks().map((b) => regionTask(array, b.start, b.stop)) });
}
