/**
 * Computes refused while a worker imports an op module (the first half of "never a fork bomb",
 * issue 12; `dusk-scheduler`'s `loop/nested.ts` is the other half).
 *
 * A worker that needs an op imports the op's module (a worker thread for `resolveOp`, a
 * `dusk-worker` process for its `--ops`), and that module's top level runs there. If it
 * computes — a script whose pipeline sits above its `defineOps` call, or a module that both
 * defines ops and runs a pipeline — each worker would run the pipeline, start pools of its own
 * whose workers import the module again, and so on. So while this thread is importing an op
 * module (`importOpModule`), every compute (any scheduler) throws an error that names the module
 * and says how to fix it. A script that follows the rule (ops registered above the pipeline)
 * never gets here: a worker stops reading it at its `defineOps` call.
 */
import { isMainThread } from 'node:worker_threads';
import { opModuleLoading } from '../ops/defineOps.ts';

/** Throw when `where` was started by the top level of an op module a worker (thread or `dusk-worker` process) is importing. */
export function refuseComputeWhileLoading(where: string): void {
  const module = opModuleLoading();
  if (module === undefined) return;
  const thread = !isMainThread;
  throw new Error(
    `${where}: refused — it was started while a dusk worker ${thread ? 'thread' : 'process'} imported ${module} to get its ops. ` +
      `That module's top-level code runs in every worker, and a pipeline there would start ${thread ? 'pools inside the pool' : 'clusters inside the cluster'}. ` +
      `Fix: in a script, call defineOps(import.meta.url, { ... }) above the pipeline code (a worker stops reading the script ` +
      `at that call${thread ? '' : "; start dusk-worker with --script for a script, LocalCluster does that itself"}); or keep the ops in a module ` +
      `of their own with no pipeline code.`,
  );
}
