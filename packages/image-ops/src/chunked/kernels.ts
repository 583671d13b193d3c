/**
 * The worker-side steps of chunk tasks, registered with `defineOps` so a chunk task runs on a
 * worker. A `mapOverlap` chunk is `readPadded → op → checkResult → trimBlock`, and `compute()` /
 * `toRaw()` add `storeBlock` / `writeBlock`; `fuseLinear` joins each chunk's chain into one task,
 * so the seed notebook's 2×2 map_overlap runs as 4 tasks. `checkResult` and `trimBlock` are
 * declared cheap: they go with either placement, so they never cut a chain.
 */
import { closeSync, openSync } from 'node:fs';
import { defineOps } from 'dusk-graph';
import { writeRegion } from '../io/region.ts';
import { assign } from '../ndarray/assign.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import type { Boundary } from './depth.ts';
import { paddedRegion, readPaddedBlock } from './pad.ts';
import { openSource, sourceDType, sourceShape, type Source } from './source.ts';

/** The block [start, stop) of an in-memory array: a view, so cheap enough to run inline. */
function viewBlock(array: NDArray, start: number[], stop: number[]): NDArray {
  return array.view(start.map((s, ax) => [s, stop[ax]!] as const));
}

/** The block [start, stop) of `source`. */
function readBlock(source: Source, start: number[], stop: number[]): NDArray {
  const s = openSource(source);
  try {
    return s.read(start, stop);
  } finally {
    s.close();
  }
}

/** The chunk [start, stop) with its halo, filled by `boundary` beyond the edges. */
function readPadded(source: Source, start: number[], stop: number[], depth: number[], boundary: Boundary[]): NDArray {
  const shape = sourceShape(source);
  const s = openSource(source);
  try {
    // Boxes of a blocks source are cut at its blocks' edges, so each is a view of one block.
    const edges = source.kind === 'blocks' ? shape.map((_, ax) => new Set(source.starts.flatMap((a, k) => [a[ax]!, source.stops[k]![ax]!]))) : undefined;
    return readPaddedBlock(s.read, shape, sourceDType(source), paddedRegion(shape, start, stop, depth, boundary), boundary, edges);
  } finally {
    s.close();
  }
}

/**
 * A mapped op's result for the block at grid `index`, checked against the output grid: its
 * shape must be `expect` and its dtype `dtype` (see `blockwise.ts`).
 */
function checkResult(result: unknown, expect: number[], dtype: NDArray['dtype'], where: string, op: string, index: number[]): NDArray {
  const at = `block (${index.join(', ')})`;
  if (!(result instanceof NDArray)) {
    throw new TypeError(`${where}: op '${op}' returned ${result === null ? 'null' : typeof result} for ${at}, expected an NDArray`);
  }
  if (result.shape.length !== expect.length || result.shape.some((n, ax) => n !== expect[ax])) {
    throw new RangeError(
      `${where}: op '${op}' returned shape [${result.shape.join(', ')}] for ${at}, expected [${expect.join(', ')}]; ` +
        `when the op changes the block's shape, pass { chunks } (and dropAxis/newAxis)`,
    );
  }
  if (result.dtype !== dtype) {
    throw new TypeError(`${where}: op '${op}' returned dtype ${result.dtype} for ${at}, expected ${dtype}; pass { dtype } to ${where}`);
  }
  return result;
}

/** Drop the halo again: `lo`/`hi` pixels per axis (the result was checked by `checkResult`). */
function trimBlock(result: NDArray, lo: number[], hi: number[]): NDArray {
  return result.view(lo.map((l, ax) => [l, result.shape[ax]! - hi[ax]!] as const));
}

/** Copy a finished chunk into its place in the shared output array. */
function storeBlock(block: NDArray, out: NDArray, start: number[]): void {
  checkBlock('compute', block, out.dtype, start.map((s, ax) => Math.min(out.shape[ax]! - s, block.shape[ax]!)), start);
  assign(out.view(start.map((s, ax) => [s, s + block.shape[ax]!] as const)), block);
}

/** Write a finished chunk into its place in an output file open as `fd` (see `io/region.ts`). */
/**
 * Write `block` at its place in the temporary output file `tempPath` (of the final `path`). The
 * task opens the file itself ('r+': never creates it) rather than using a descriptor of the
 * writer's: when a compute fails, tasks already running on workers still finish after the writer
 * has aborted, and a shared descriptor number may by then belong to another file. Here a late
 * task finds the temporary file gone (or writes into the unlinked file), and nothing else is hit.
 */
function writeBlock(block: NDArray, tempPath: string, path: string, shape: number[], start: number[], byteOffset: number, littleEndian: boolean, dtype: NDArray['dtype']): void {
  checkBlock('toRaw', block, dtype, start.map((s, ax) => Math.min(shape[ax]! - s, block.shape[ax]!)), start);
  let fd: number;
  try {
    fd = openSync(tempPath, 'r+');
  } catch (e) {
    throw new Error(`toRaw: cannot write the chunk at [${start.join(', ')}] of ${JSON.stringify(path)}: its temporary file is gone (the write was aborted)`, { cause: e });
  }
  try {
    writeRegion(fd, block, { shape, start, byteOffset, littleEndian, path });
  } finally {
    closeSync(fd);
  }
}

function checkBlock(where: string, block: NDArray, dtype: NDArray['dtype'], expect: number[], start: number[]): void {
  if (block.shape.some((n, ax) => n !== expect[ax])) {
    throw new RangeError(`${where}: chunk at [${start.join(', ')}] has shape [${block.shape.join(', ')}], expected [${expect.join(', ')}]`);
  }
  if (block.dtype !== dtype) {
    throw new TypeError(`${where}: chunk at [${start.join(', ')}] has dtype ${block.dtype}, expected ${dtype}; pass { dtype } to mapBlocks/mapOverlap`);
  }
}

export const kernels = defineOps(
  import.meta.url,
  { viewBlock, readBlock, readPadded, checkResult, trimBlock, storeBlock, writeBlock },
  { viewBlock: { cheap: true }, checkResult: { cheap: true }, trimBlock: { cheap: true } },
);
