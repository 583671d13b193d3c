/**
 * `ChunkedArray.store(target)`: compute into an array the caller already has (Dask's
 * `da.store(x, target)`, NumPy's `out=`) — a result reused across computes (a parameter sweep
 * writing one output again and again takes no fresh memory, so none of its page faults), or a
 * view into a bigger array (each computed slice lands in its place in a preallocated stack,
 * without a copy).
 *
 * The target must have the array's shape and dtype; any layout (a view with strides and offset)
 * is fine. On a scheduler whose tasks share this process's memory, tasks write into it in place
 * when it is backed by a SharedArrayBuffer; a target on a plain ArrayBuffer, or under a scheduler
 * on other processes, gets the blocks back on this thread, stored as they arrive.
 *
 * A target whose memory an input of the computation lives in is refused: tiles would read halos
 * that other tiles have already overwritten. The check walks every task's arguments for the
 * buffers they reach (`buffersOf`); a task whose arguments cannot be walked (a closure among them)
 * is not checked.
 */
import { collect, type Delayed } from 'dusk-graph';
import { buffersOf } from 'dusk-graph/internal';
import type { DType } from '../ndarray/dtype.ts';
import type { NDArray } from '../ndarray/ndarray.ts';
import { requireArray } from '../util/checks.ts';

/** Throws unless `target` can take the result of an array of `shape`/`dtype` computed by `tasks`. */
export function checkStoreTarget(target: unknown, shape: readonly number[], dtype: DType, tasks: readonly Delayed<unknown>[]): NDArray {
  const t = requireArray('store', 'target', target);
  if (t.ndim !== shape.length || t.shape.some((n, ax) => n !== shape[ax])) {
    throw new RangeError(`store: target must have the array's shape [${shape.join(', ')}], received [${t.shape.join(', ')}]`);
  }
  if (t.dtype !== dtype) throw new TypeError(`store: target must have the array's dtype ${dtype}, received ${t.dtype}`);
  const buffer = t.data.buffer;
  for (const task of collect(tasks, { optimizeGraph: false }).graph.tasks) {
    if (!buffersOf(task.steps.map((s) => s.args))?.has(buffer)) continue;
    throw new RangeError(`store: target shares its memory with an input of the computation (task '${task.key}'); store into a separate array`);
  }
  return t;
}
