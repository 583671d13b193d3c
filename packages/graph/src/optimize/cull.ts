/**
 * `cull(graph, keys)`: keep only the tasks needed to compute `keys`.
 *
 * Ids are topological, so one backward sweep marks every ancestor of the outputs; the kept tasks
 * keep their relative order and are renumbered (output ids known on the graph are carried:
 * `TaskGraph.carryKnownIds`).
 */
import { TaskGraph } from '../taskgraph/taskgraph.ts';
import { outputMask } from './outputs.ts';

export function cull(graph: TaskGraph, keys: readonly string[]): TaskGraph {
  const n = graph.size;
  const keep = outputMask(graph, keys, 'cull');
  for (let i = n - 1; i >= 0; i--) {
    if (!keep[i]) continue;
    for (let e = graph.depStart[i]!; e < graph.depStart[i + 1]!; e++) keep[graph.depIds[e]!] = 1;
  }
  return subgraph(graph, keep);
}

/** The tasks marked in `keep`, renumbered in order (their dependencies must be kept too). */
export function subgraph(graph: TaskGraph, keep: Uint8Array): TaskGraph {
  const n = graph.size;
  const newId = new Int32Array(n).fill(-1);
  let count = 0, edges = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    newId[i] = count++;
    edges += graph.depCount(i);
  }
  if (count === n) return graph;
  const tasks = new Array(count);
  const start = new Int32Array(count + 1);
  const ids = new Int32Array(edges);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const j = newId[i]!;
    if (j < 0) continue;
    tasks[j] = graph.tasks[i]!;
    for (let e = graph.depStart[i]!; e < graph.depStart[i + 1]!; e++) ids[p++] = newId[graph.depIds[e]!]!;
    start[j + 1] = p;
  }
  return graph.carryKnownIds(new TaskGraph(tasks, start, ids), newId);
}
