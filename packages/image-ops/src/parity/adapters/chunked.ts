/**
 * Parity adapters for `dask.array.map_overlap(<skimage op>)` cases: `array.map_overlap:filters.gaussian`
 * runs the named filter over `chunked(input, { chunks }).mapOverlap(op, { depth, boundary, ...params })`
 * and compares with Dask's result.
 */
import * as filters from '../../filters/index.ts';
import { chunked } from '../../chunked/chunked.ts';
import type { BlockOp } from '../../chunked/chunked.ts';
import { registerParityAdapters, type ParityParams } from '../adapter.ts';
import type { NDArray } from '../../ndarray/ndarray.ts';

const opsByName = filters as unknown as Record<string, BlockOp | undefined>;

function mapOverlapCase(opName: string) {
  const op = opsByName[opName];
  if (!op) throw new Error(`no filters.${opName} to map over chunks`);
  return async ([x]: NDArray[], params: ParityParams) => {
    const { chunks, depth, boundary, ...rest } = params as { chunks: number[]; depth: number; boundary: string | number } & Record<string, unknown>;
    return chunked(x!, { chunks }).mapOverlap(op, { depth, boundary: boundary as never, ...rest }).compute();
  };
}

registerParityAdapters({
  'array.map_overlap:filters.gaussian': mapOverlapCase('gaussian'),
});
