/**
 * The two executors of this package, registered by `index.ts` (`executors/registry.ts`):
 *
 * - `sync` (`getSync`): every task inline on the main thread, in the loop's order, one at a time.
 *   For debugging (breakpoints and stack traces in the op) and for graphs of tiny tasks.
 * - `threads` (`getThreads`, the default): tasks whose every step is a `defineOps` op go to a
 *   worker pool in batches (`executors/threads.ts`); closures and declared-cheap tasks run on the
 *   main thread in the same loop. A graph without worker tasks never starts a pool, and inside a
 *   pool worker (an op that itself computes) it runs as `sync` on that worker (`loop/nested.ts`).
 */
import type { ComputeOptions, TaskGraph } from 'dusk-graph';
import { fillUs } from './executors/budget.ts';
import { ThreadsDispatcher } from './executors/threads.ts';
import { runWith, type ExecutorFactory } from './executors/registry.ts';
import { runsSyncHere } from './loop/nested.ts';
import { defaultPool } from './pool/pool.ts';

export { workerPlacement } from './executors/registry.ts';

/** `batchMs` of `threads` when not given: a few round trips' worth (DESIGN.md §5). */
const THREADS_BATCH_MS = 5;

export const syncExecutor: ExecutorFactory = { placement: 'main', inline: 'sequential', sharedMemory: true };

export const threadsExecutor: ExecutorFactory = {
  placement: 'worker',
  inline: 'concurrent',
  sharedMemory: true,
  // Inside a pool worker (an op that computes), run here: a worker never starts a pool.
  runsAs: () => (runsSyncHere() ? 'sync' : undefined),
  create: (run, o) =>
    new ThreadsDispatcher(run, o.pool ?? defaultPool(o.workers), {
      batchUs: (o.batchMs ?? THREADS_BATCH_MS) * 1000,
      // Without the user's batchMs, short tasks are grouped up to FILL_US and long ones take
      // their continuations along (budget.ts); with it, batches follow it exactly.
      fillUs: fillUs((o.batchMs ?? THREADS_BATCH_MS) * 1000, o.batchMs === undefined),
      chains: o.batchMs === undefined,
      // With a timeout, worker ops stay on workers, however cheap they measure: inline on the
      // main thread, an op that hangs could not be stopped.
      inlineBelowUs: o.timeout === undefined ? o.inlineBelowUs : 0,
      timeoutMs: o.timeout,
    }),
};

export function getSync(graph: TaskGraph, outputs: readonly number[], options: ComputeOptions = {}): Promise<unknown[]> {
  return runWith('sync', graph, outputs, options);
}

export function getThreads(graph: TaskGraph, outputs: readonly number[], options: ComputeOptions = {}): Promise<unknown[]> {
  return runWith('threads', graph, outputs, options);
}
