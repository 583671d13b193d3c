/**
 * `fromZarr(path | store, { path?, level?, chunks? })`: a Zarr array (v2 or v3) as a chunked
 * array, as Dask's `da.from_zarr`. Nothing but metadata is read here; each block task reads its
 * own box, and zarrita fetches only the Zarr chunks that box meets. The array has a reader
 * origin: `mapOverlap` tasks read their block with its halo straight from the Zarr array (as from
 * a raw file), so no task waits for its neighbours and only the blocks in flight are in memory.
 *
 * - `path`: the array inside the store (a group's member, e.g. '0'). @default the store's root
 * - `level`: an OME-Zarr (NGFF) multiscale image: open `multiscales[0].datasets[level]` of the
 *   group at `path`. Cannot be combined with a `path` that is itself an array.
 * - `chunks`: dusk's blocks. @default the Zarr array's own chunks (a block per Zarr chunk)
 *
 * Given a directory, tasks run on worker threads (the location crosses as a string). Given a
 * zarrita store object (`{ get(key) }`, e.g. a FetchStore), tasks run on the main thread, since
 * the store cannot cross threads.
 */
import { delayed } from 'dusk-graph';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import * as zarr from 'zarrita';
import { bytesPerElement } from '../ndarray/dtype.ts';
import { ChunkedArray, type BoxTask } from './chunked.ts';
import type { Boundary } from './depth.ts';
import { ChunkGrid, normalizeChunks, type ChunkSpec } from './grid.ts';
import { readPaddedZarr, zarrKernels } from './zarrKernels.ts';
import { DirectoryStore, openZarrArray, zarrDType } from './zarrStore.ts';
import type { ZarrReadable } from './zarrTypes.ts';

export interface FromZarrOptions {
  /** The array inside the store. @default '' (the root) */
  path?: string;
  /** Level of an OME-Zarr multiscale image at `path`. */
  level?: number;
  /** Dusk's blocks. @default the Zarr chunks */
  chunks?: ChunkSpec;
}

const schema = z.strictObject({
  path: z.string().default(''),
  level: z.number().int().nonnegative().optional(),
  chunks: z.union([z.literal('auto'), z.number(), z.array(z.union([z.number(), z.array(z.number())]))]).optional(),
});

/** The path of level `level` of the multiscale image (group) at `path`. */
async function levelPath(store: zarr.Readable, path: string, level: number, shown: string): Promise<string> {
  let group: zarr.Group<zarr.Readable>;
  try {
    group = await zarr.open(zarr.root(store).resolve(path), { kind: 'group' });
  } catch (e) {
    throw new Error(`fromZarr: option 'level' needs an OME-Zarr multiscale group at ${JSON.stringify(shown)}: ${(e as Error).message}`, { cause: e });
  }
  const attrs = group.attrs as { multiscales?: { datasets?: { path?: unknown }[] }[]; ome?: { multiscales?: { datasets?: { path?: unknown }[] }[] } };
  const datasets = (attrs.multiscales ?? attrs.ome?.multiscales)?.[0]?.datasets;
  if (!Array.isArray(datasets)) throw new TypeError(`fromZarr: ${JSON.stringify(shown)} has no OME-Zarr 'multiscales' attribute with datasets`);
  const p = datasets[level]?.path;
  if (typeof p !== 'string') throw new RangeError(`fromZarr: option 'level' is ${level}, but ${JSON.stringify(shown)} has ${datasets.length} levels (0–${datasets.length - 1})`);
  return path ? `${path.replace(/\/+$/, '')}/${p}` : p;
}

export async function fromZarr(source: string | ZarrReadable, options?: FromZarrOptions): Promise<ChunkedArray> {
  const o = parseOptions('fromZarr', schema, options);
  const isPath = typeof source === 'string';
  const given: unknown = source; // JavaScript callers may pass anything
  if (!isPath && (given === null || typeof given !== 'object' || typeof (given as ZarrReadable).get !== 'function')) {
    throw new TypeError(`fromZarr: expected a directory path or a zarrita store with get(key), received ${given === null ? 'null' : typeof given}`);
  }
  const store: zarr.Readable = isPath ? new DirectoryStore(source) : source;
  const shown = isPath ? store instanceof DirectoryStore ? store.root : source : 'store';
  const path = o.level === undefined ? o.path : await levelPath(store, o.path, o.level, `${shown}/${o.path}`);
  const arr = await openZarrArray('fromZarr', store, path, `${shown}${path ? `/${path}` : ''}`);
  const dtype = zarrDType('fromZarr', arr.dtype, `${shown}/${path}`);
  const shape = [...arr.shape];
  const chunks = normalizeChunks('fromZarr', shape, o.chunks ?? (arr.chunks.map((c) => c) as number[]), bytesPerElement(dtype));
  const grid = new ChunkGrid(shape, chunks);
  const loc = isPath ? { root: (store as DirectoryStore).root, path } : undefined;
  const fromStore = delayed((s: number[], e: number[], d: number[], b: Boundary[]) => readPaddedZarr(arr, dtype, s, e, d, b), { name: 'readZarrBlock' });
  const reader: BoxTask = (s, e, d, b) => (loc ? delayed(zarrKernels.readZarrBlock)(loc, dtype, s, e, d, b) : fromStore(s, e, d, b));
  return new ChunkedArray(grid, dtype, { reader });
}
