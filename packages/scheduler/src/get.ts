/**
 * The two executors, as `GetFunction`s registered with `dusk-graph`'s `compute`:
 *
 * - `getSync` (`scheduler: 'sync'`): every task inline on the main thread, in the loop's order.
 *   For debugging (breakpoints and stack traces in the op) and for graphs of tiny tasks.
 * - `getThreads` (`scheduler: 'threads'`, the default): tasks whose every step is a `defineOps`
 *   op go to a worker pool in batches; closures and declared-cheap tasks run on the main thread
 *   in the same loop. A graph without worker tasks never starts a pool, and inside a pool worker
 *   (an op that itself computes) it runs as `sync` on that worker (`loop/nested.ts`).
 *
 * Both validate the options, build a `Run` and execute it; they differ only in placement and in
 * the dispatcher they plug in.
 */
import { placementOf, type ComputeOptions, type TaskGraph } from 'dusk-graph';
import { activeCallbacks } from './callbacks/callbacks.ts';
import { ThreadsDispatcher } from './executors/threads.ts';
import { Run } from './loop/run.ts';
import { runsSyncHere } from './loop/nested.ts';
import { parseSchedulerOptions } from './options.ts';
import { defaultPool } from './pool/pool.ts';

export function getSync(graph: TaskGraph, outputs: readonly number[], options: ComputeOptions = {}): Promise<unknown[]> {
  const o = parseSchedulerOptions('compute', options);
  const run = new Run(graph, outputs, { scheduler: 'sync', place: undefined, callbacks: activeCallbacks(o.callbacks), signal: o.signal, timeoutMs: o.timeout });
  return run.execute();
}

/** 1 for every task that can run on a worker. */
export function workerPlacement(graph: TaskGraph): { place: Uint8Array; count: number } {
  const place = new Uint8Array(graph.size);
  let count = 0;
  for (let i = 0; i < graph.size; i++) if (placementOf(graph.tasks[i]!) === 'worker') (place[i] = 1), count++;
  return { place, count };
}

export function getThreads(graph: TaskGraph, outputs: readonly number[], options: ComputeOptions = {}): Promise<unknown[]> {
  // Inside a pool worker (an op that computes), run here: a worker never starts a pool.
  if (runsSyncHere()) return getSync(graph, outputs, options);
  const o = parseSchedulerOptions('compute', options);
  const { place, count } = workerPlacement(graph);
  const run = new Run(graph, outputs, {
    scheduler: 'threads',
    place: count > 0 ? place : undefined,
    callbacks: activeCallbacks(o.callbacks),
    signal: o.signal,
    timeoutMs: o.timeout,
  });
  if (count > 0) {
    const pool = o.pool ?? defaultPool(o.workers);
    // With a timeout, worker ops stay on workers, however cheap they measure: inline on the main
    // thread, an op that hangs could not be stopped.
    const inlineBelowUs = o.timeout === undefined ? o.inlineBelowUs : 0;
    run.dispatcher = new ThreadsDispatcher(run, pool, { batchUs: o.batchMs * 1000, inlineBelowUs, timeoutMs: o.timeout });
  }
  return run.execute();
}
