/**
 * Reading an arbitrary box of a chunked array inside a task: the rule shared by `mapOverlap`
 * (a block with its halo), `rechunk` (a new block from the old ones) and slicing.
 *
 * An array made from a source (in memory or a file) reads the box straight from that source; one
 * with a reader origin (Zarr) makes its own task for a plain box, but takes a halo from its
 * neighbouring blocks as below: reading the halo straight would decode every neighbouring Zarr
 * chunk again for a few pixels of it (up to 9 decodes per chunk in 2-D), where the neighbours'
 * blocks are decoded once and released when their last reader is done. An
 * array made of block tasks reads it from the blocks the box meets — only those become the
 * task's dependencies — through a `blocks` source (see `source.ts`): a box inside one block is a
 * view of it, with no copy. An array whose origin is a `blocks` source (a `mapOverlap` run on
 * tiles) reads from the tiles the box meets. Coordinates outside the array are mapped by the boundary rule first
 * (`pad.ts`), so a halo of 'periodic' reads the blocks at the far side.
 */
import { delayed, type Delayed } from 'dusk-graph';
import type { NDArray } from '../ndarray/ndarray.ts';
import type { ChunkedArray } from './chunked.ts';
import type { Boundary } from './depth.ts';
import type { Block } from './grid.ts';
import { kernels } from './kernels.ts';
import { paddedRegion, sourceCoord } from './pad.ts';
import { blocksMeeting, type BlocksSource, type Source } from './source.ts';

/** What a task reading `region` of `array` reads from: the source itself, or the blocks it meets. */
export function regionSource(array: ChunkedArray, region: { start: readonly number[]; stop: readonly number[] }, boundary: readonly Boundary[]): Source {
  const o = array.origin;
  if ('source' in o && o.source.kind !== 'blocks') return o.source;
  const coords = array.shape.map((n, ax) => {
    const set = new Set<number>();
    for (let p = region.start[ax]!; p < region.stop[ax]!; p++) {
      const c = sourceCoord(p, n, boundary[ax] as never);
      if (c >= 0) set.add(c);
    }
    return [...set];
  });
  const meets = (ax: number, lo: number, hi: number) => coords[ax]!.some((c) => c >= lo && c < hi);
  if ('source' in o) return blocksMeeting(o.source as BlocksSource, meets);
  const grid = array.grid;
  const blocks = array.blockTasks();
  const along = array.shape.map((n, ax) => grid.blocksAlong(ax, 0, n).filter((i) => meets(ax, grid.offsets[ax]![i]!, grid.offsets[ax]![i + 1]!)));
  const needed: Block[] = [];
  const idx = new Array<number>(array.ndim).fill(0);
  while (along.every((l) => l.length > 0)) {
    needed.push(grid.block(idx.map((i, ax) => along[ax]![i]!)));
    let ax = array.ndim - 1;
    for (; ax >= 0; ax--) {
      if (++idx[ax]! < along[ax]!.length) break;
      idx[ax] = 0;
    }
    if (ax < 0) break;
  }
  return {
    kind: 'blocks', shape: [...array.shape], dtype: array.dtype,
    blocks: needed.map((b) => blocks[grid.flat(b.index)]! as unknown as NDArray), starts: needed.map((b) => [...b.start]), stops: needed.map((b) => [...b.stop]),
  };
}

/** A task returning the box [start, stop) of `array` (inside the array). */
export function regionTask(array: ChunkedArray, start: readonly number[], stop: readonly number[]): Delayed<NDArray> {
  return paddedTask(array, start, stop, array.shape.map(() => 0), array.shape.map(() => 'none'));
}

/** A task returning the chunk [start, stop) of `array` with its halo (see `pad.ts`). */
export function paddedTask(array: ChunkedArray, start: readonly number[], stop: readonly number[], depth: number[], boundary: Boundary[]): Delayed<NDArray> {
  const o = array.origin;
  // A reader reads a plain box itself; a halo comes from the neighbours' blocks (each read once).
  if ('reader' in o && depth.every((d) => d === 0)) return o.reader([...start], [...stop], depth, boundary);
  const region = paddedRegion(array.shape, start, stop, depth, boundary);
  return delayed(kernels.readPadded)(regionSource(array, region, boundary), [...start], [...stop], depth, boundary);
}
