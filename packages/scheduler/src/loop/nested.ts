/**
 * No pools inside pool workers ("never a fork bomb", issue 12).
 *
 * A worker that needs an op imports the op's module. If that module's top level computes — a
 * script whose pipeline sits above its `defineOps` call, or a module that both defines ops and
 * runs a pipeline — the compute would start a pool inside every worker, whose workers import the
 * module again, and so on. So:
 *
 * - While a thread is importing an op module for a worker, every compute is refused with an error
 *   that names the module and says how to fix it (`dusk-graph`'s `compute/guard.ts`; so is
 *   `createPool`, here). It fails the task that needed the op; the main thread's compute rejects
 *   with it and the pool stays usable.
 * - Anywhere else in a pool worker (an op that itself calls `compute`), `scheduler: 'threads'`
 *   runs synchronously on that worker (`runsSyncHere`), and `createPool` is refused: a worker
 *   never starts workers.
 *
 * A script that follows the rule never reaches either case: a worker stops reading the script at
 * its `defineOps` call (`dusk-graph`'s `defineOps`).
 */
import { isMainThread } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { refuseComputeWhileLoading } from 'dusk-graph/internal';

/** True on a thread of a dusk pool (a piscina worker). */
export function inPoolWorker(): boolean {
  return !isMainThread && Piscina.isWorkerThread;
}

/** Throw when `where` would create a pool inside a pool worker. */
export function refusePoolInWorker(where: string): void {
  refuseComputeWhileLoading(where);
  if (!inPoolWorker()) return;
  throw new Error(
    `${where}: refused — this is a dusk worker thread, and workers never start pools of their own. ` +
      `A compute inside an op runs synchronously on its worker: leave out 'pool' (and 'workers').`,
  );
}

/** True when a `threads` compute must run synchronously here: inside a pool worker. */
export function runsSyncHere(): boolean {
  return inPoolWorker();
}
