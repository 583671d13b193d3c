/**
 * Declared block outputs: an op may state the shape and dtype of its result for inputs of given
 * shapes and dtypes (Dask's `meta`, as a function), so chunked maps know their output grid and
 * dtype without calling the op on a probe block — and without the user listing `chunks` for an
 * op that changes the block's shape (a downsampler declares `ceil(n / factor)` per axis and every
 * block's output length follows, the short last block included).
 *
 * `declareBlockOutput(op, (params, inputs) => ({ shape, dtype }))`; `blockOutputOf(op)`.
 * Declarations are trusted for planning and still checked block by block when the graph runs.
 *
 * State: a WeakMap from op function to its declaration.
 */
import type { DType } from '../ndarray/dtype.ts';

/** The shape and dtype of a block (an input or the result). */
export interface BlockMeta { readonly shape: readonly number[]; readonly dtype: DType }

export type BlockOutputFn<P = never> = (params: P, inputs: readonly BlockMeta[]) => BlockMeta;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own params
const outputs = new WeakMap<Function, BlockOutputFn<any>>();

/** Record that `op(block, params)` returns `output(params, [block's meta])`; returns `op`. */
export function declareBlockOutput<F extends Function, P>(op: F, output: BlockOutputFn<P>): F {
  outputs.set(op, output);
  return op;
}

/** The declared output of `op`, if any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own params
export function blockOutputOf(op: Function): BlockOutputFn<any> | undefined {
  return outputs.get(op);
}
