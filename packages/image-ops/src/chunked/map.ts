/**
 * `mapBlocks(op, [a, b, ...], options)` and `mapOverlap(op, [a, b, ...], options)`: Dask's
 * `da.map_blocks(func, a, b)` / `da.map_overlap(func, a, b)` over several inputs. Arrays are
 * brought to one chunk grid (`unify.ts`), numbers are passed to every block as they are, and the
 * op is called as `op(blockA, blockB, ..., params)`. Options are those of the methods of the same
 * names; with several inputs the op's params are not typed from its signature (their position
 * varies), but a declared schema still checks them (`core/opOptions.ts`).
 */
import { blockwise, type BlockInput } from './blockwise.ts';
import { parseMapBlocksOptions, parseMapOverlapOptions, type MapBlocksOptions, type MapOverlapOptions } from './options.ts';
import type { ChunkedArray } from './chunked.ts';

function inputList(where: string, inputs: unknown): BlockInput[] {
  if (!Array.isArray(inputs)) throw new TypeError(`${where}: inputs must be a list of ChunkedArrays and numbers, received ${typeof inputs}`);
  return inputs as BlockInput[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an op over several blocks takes any arguments
type MultiOp = (...args: any[]) => unknown;

export function mapBlocks(op: MultiOp, inputs: readonly BlockInput[], options?: MapBlocksOptions & Record<string, unknown>): ChunkedArray {
  const { own, params } = parseMapBlocksOptions('mapBlocks', op, options);
  return blockwise({ where: 'mapBlocks', op, inputs: inputList('mapBlocks', inputs), own, params, overlap: false });
}

export function mapOverlap(op: MultiOp, inputs: readonly BlockInput[], options: MapOverlapOptions & Record<string, unknown>): ChunkedArray {
  const { own, params } = parseMapOverlapOptions('mapOverlap', op, options);
  return blockwise({ where: 'mapOverlap', op, inputs: inputList('mapOverlap', inputs), own, params, overlap: true });
}
