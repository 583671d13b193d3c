/**
 * `'local'`: the minimal sequential scheduler this package ships, so `compute` works without
 * `dusk-scheduler` (which registers the real `'sync'` and `'threads'` executors). It runs tasks
 * in id order (ids are topological) on the main thread, awaits async ones, drops each result
 * once its last dependent has run, and stops at the first failure with a `TaskError` (naming the
 * failing step's own task when the optimizer merged tasks).
 */
import { taskError } from '../core/errors.ts';
import { runTask } from '../core/task.ts';
import type { TaskGraph } from '../taskgraph/taskgraph.ts';

export async function getLocal(graph: TaskGraph, outputs: readonly number[]): Promise<unknown[]> {
  const n = graph.size;
  const results = new Array<unknown>(n);
  const [dStart] = graph.dependentsCSR();
  const remaining = new Int32Array(n);
  for (let i = 0; i < n; i++) remaining[i] = dStart[i + 1]! - dStart[i]!;
  const keep = new Uint8Array(n);
  for (const o of outputs) keep[o] = 1;
  for (let i = 0; i < n; i++) {
    const deps = graph.deps(i);
    const args = Array.from(deps, (d) => results[d]);
    const task = graph.tasks[i]!;
    const at = { step: -1 };
    try {
      let r = runTask(task, args, undefined, at);
      if (r instanceof Promise) r = await r;
      results[i] = r;
    } catch (err) {
      throw taskError(task, at.step, err);
    }
    for (const d of deps) if (--remaining[d]! === 0 && !keep[d]) results[d] = undefined;
  }
  return outputs.map((o) => results[o]);
}
