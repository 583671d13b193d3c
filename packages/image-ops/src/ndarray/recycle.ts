/**
 * This package's part in the process-wide buffer pool (`dusk-graph`'s `buffers/`): large shared
 * buffers that nothing can read any more are handed to the next allocation of their size, on
 * any thread, instead of being freed and faulted in again (DESIGN.md §4).
 *
 * - `allocate` (`dtype.ts`) takes its shared buffers from the pool (`sharedBuffer`), which
 *   records them for the running task.
 * - Every op defined under this package's source tree is declared not to retain its inputs or
 *   outputs (`declareNonRetaining`): once it returns, the only references to what it was given
 *   or made are its arguments and its result. The scheduler can then give a dead result's
 *   buffers back (its last consumer finished, it is not an output, no live result reaches them,
 *   no user op saw them), and a buffer that died inside a task goes back at the task's end.
 *   An op of this package given a callback (thresholdLocal's `param`) counts as retaining.
 * - `clearRecycled` empties this thread's pool; `recycleStats` reads its counters.
 *
 * State: none here (the pool's state is in `dusk-graph`, per thread).
 */
import { clearPool, declareNonRetaining, poolStats, type PoolStats } from 'dusk-graph/internal';

/** URL prefix of this package's sources: ops defined under it keep no reference to their inputs or outputs. */
declareNonRetaining(new URL('../', import.meta.url).href);

/** Drop every pooled buffer of this thread (they are freed when the garbage collector next runs). */
export const clearRecycled: () => void = clearPool;

/** This thread's pool counters (allocations served, buffers pooled, buffers shipped to workers) and the bytes it holds. */
export const recycleStats: () => PoolStats = poolStats;
