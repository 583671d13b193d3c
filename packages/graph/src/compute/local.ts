/**
 * `'local'`: the minimal sequential scheduler this package ships, so `compute` works without
 * `@dusk/scheduler` (which registers the real `'sync'` and `'threads'` executors). It runs tasks
 * in id order (ids are topological) on the main thread, awaits async ones, and drops each result
 * once its last dependent has run.
 */
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
    let r = runTask(graph.tasks[i]!, args);
    if (r instanceof Promise) r = await r;
    results[i] = r;
    for (const d of deps) if (--remaining[d]! === 0 && !keep[d]) results[d] = undefined;
  }
  return outputs.map((o) => results[o]);
}
