/**
 * Ops that write a padded block's result straight into the output (issue 16: "write block
 * results straight into the output").
 *
 * A `mapOverlap` run on tiles (`tiled.ts`) normally has each tile's op allocate its padded
 * result, `trimBlock` view its core and `compute()` copy that core into the output. An op may
 * instead declare an *into* variant (`declareInto(op, into)`): a worker-runnable function (its
 * own `defineOps` registration) called as `into(paddedBlock, params, out, start, lo, hi)` that
 * stores the core of `op(paddedBlock, params)` — the block less `lo`/`hi` per axis — into `out`
 * at `start`, exactly the values the op's own result would hold there. Then `compute()` runs one
 * task per tile that writes its core in place: no padded result, no trim, no copy.
 *
 * Used only where the output is shared memory the tasks can write (`compute()` on the threads or
 * `sync` scheduler, not `distributed`) and the op's declared output dtype is the map's; anything
 * else — user ops, ops that declare no variant, maps that change the grid — keeps the trimmed
 * path. It serves tiles (`tiled.ts`) and the array's own blocks alike (`blockwise.ts`).
 * `intoTarget` is the one place a tile's target view and halo are checked, for every variant.
 *
 * State: a WeakMap from op to its into variant (filled when the op's module is imported).
 */
import { delayed, type Delayed } from 'dusk-graph';
import { NDArray } from '../ndarray/ndarray.ts';

/** `into(paddedBlock, params, out, start, lo, hi)`: see the file header. */
export type IntoFn = (block: NDArray, params: Record<string, unknown>, out: NDArray, start: number[], lo: number[], hi: number[]) => void;

const intos = new WeakMap<Function, IntoFn>();

/** Record `into` as `op`'s into variant; returns `op`. */
export function declareInto<F extends Function>(op: F, into: IntoFn): F {
  intos.set(op, into);
  return op;
}

/** `op`'s into variant, if it declared one. */
export function intoOf(op: Function): IntoFn | undefined {
  return intos.get(op);
}

/** Tasks that write every piece's core straight into `out` (the map's shape and dtype). */
export type TileStore = (out: NDArray) => Delayed<unknown>[];

/** One tile or block: the task reading it padded, where its core starts, its halo. */
export interface IntoPiece { read: Delayed<NDArray>; start: readonly number[]; lo: number[]; hi: number[] }

/** The store of `pieces` through `into` (named `name`, as the op's own tasks, for errors and profiles). */
export function intoStore(into: IntoFn, name: string, params: Record<string, unknown>, pieces: readonly IntoPiece[]): TileStore {
  const task = delayed(into, { name });
  return (out) => pieces.map((p) => task(p.read, params, out, [...p.start], p.lo, p.hi));
}

/**
 * The view of `out` a padded block's core goes to (its shape: the block's less `lo` + `hi`), with
 * the halo; throws a clear error when the core does not lie inside `out`.
 */
export function intoTarget(where: string, block: NDArray, out: NDArray, start: number[], lo: number[], hi: number[]): { array: NDArray; lo: number[]; hi: number[] } {
  const core = block.shape.map((n, ax) => n - (lo[ax] ?? 0) - (hi[ax] ?? 0));
  const fits = out instanceof NDArray && start.length === out.ndim && lo.length === block.ndim && hi.length === block.ndim && core.length === out.ndim
    && core.every((n, ax) => n >= 0 && start[ax]! >= 0 && start[ax]! + n <= out.shape[ax]!);
  if (!fits) {
    throw new RangeError(`${where}: the core [${core.join(', ')}] of a block of shape [${block.shape.join(', ')}] (halo lo [${lo.join(', ')}], hi [${hi.join(', ')}]) at [${start.join(', ')}] does not lie inside the output of shape [${out instanceof NDArray ? out.shape.join(', ') : typeof out}]`);
  }
  return { array: out.view(core.map((n, ax) => [start[ax]!, start[ax]! + n] as const)), lo, hi };
}
