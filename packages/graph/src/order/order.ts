/**
 * `order(graph, outputs?)`: a static priority for every task (smaller runs first), chosen so that
 * a branch is finished and its inputs freed before new inputs are loaded — the goal of Dask's
 * `dask.order`, with a simpler policy:
 *
 * - Walk down from each output in turn (depth first), scheduling a task once all its
 *   dependencies are scheduled.
 * - Right after scheduling a task, continue *up* into its dependents that have just become
 *   ready ("finish what you started"), before walking down to load anything new.
 *
 * For independent per-image pipelines this runs each image's whole branch (load → filter →
 * measure → save) before the next image is loaded; for a wide map-then-reduce it finishes each
 * mapped branch before starting the next, so O(width) results are alive, not O(tasks). The
 * scheduler takes ready tasks depth-first and breaks ties with this priority (DESIGN.md §7).
 * Linear in tasks + edges.
 */
import type { TaskGraph } from '../taskgraph/taskgraph.ts';

export function order(graph: TaskGraph, outputs?: readonly number[]): Int32Array {
  const n = graph.size;
  const priority = new Int32Array(n).fill(-1);
  const [dStart, dIds] = graph.dependentsCSR();
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = graph.depCount(i);
  let next = 0;
  const stack: number[] = [];
  const pos: number[] = [];

  const run = (root: number) => {
    if (priority[root]! >= 0) return;
    stack.push(root);
    pos.push(0);
    while (stack.length) {
      const top = stack.length - 1;
      const t = stack[top]!;
      if (priority[t]! >= 0) {
        stack.pop();
        pos.pop();
        continue;
      }
      // Walk down to the first unscheduled dependency.
      const s = graph.depStart[t]!, e = graph.depStart[t + 1]!;
      let p = pos[top]!;
      while (s + p < e && priority[graph.depIds[s + p]!]! >= 0) p++;
      pos[top] = p;
      if (s + p < e) {
        stack.push(graph.depIds[s + p]!);
        pos.push(0);
        continue;
      }
      stack.pop();
      pos.pop();
      priority[t] = next++;
      // Then up: dependents this made ready, first dependent on top of the stack.
      for (let k = dStart[t + 1]! - 1; k >= dStart[t]!; k--) {
        const d = dIds[k]!;
        if (--missing[d]! === 0 && priority[d]! < 0) {
          stack.push(d);
          pos.push(0);
        }
      }
    }
  };

  for (const o of outputs ?? graph.sinks()) run(o);
  for (let i = 0; i < n; i++) run(i); // anything not needed by the outputs, last
  return priority;
}
