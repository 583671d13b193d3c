/**
 * `inline(graph, keys)`: fold constants and trivially cheap tasks into their dependents.
 *
 * - A constant (a literal task without dependencies, e.g. `delayedValue(3)`) is substituted into
 *   each dependent's arguments: no task, no step remains.
 * - A cheap task (every step declared `cheap` with `defineOps`, like item access) becomes leading
 *   steps of each dependent, which takes over its dependencies. It runs once per dependent, which
 *   is the point: cheap work costs less than a scheduling round trip.
 *
 * The merged task's `parts` keep the absorbed tasks' keys and names over their leading steps
 * (`core/task.ts`), so errors name the step's own task. Output keys are never inlined. Tasks are
 * processed in id (topological) order, so a cheap task that itself absorbed others is inlined in
 * its merged form.
 */
import { remapStep } from '../core/remap.ts';
import { concatParts, isCheap, type Step, type Task } from '../core/task.ts';
import { TaskGraph } from '../taskgraph/taskgraph.ts';
import { outputMask } from './outputs.ts';
import { subgraph } from './cull.ts';

interface Merged {
  task: Task;
  deps: number[];
}

function isConstant(t: Task, depCount: number): boolean {
  return depCount === 0 && t.steps.length === 1 && t.steps[0]!.fn === undefined && t.steps[0]!.op === undefined && t.steps[0]!.refMode === 0;
}

/** `y` with every candidate dependency folded in (`lookup` gives their merged form). */
function absorbAll(y: Merged, candidate: Uint8Array, lookup: (id: number) => Merged): Merged {
  const deps: number[] = [];
  const index = new Map<number, number>();
  const add = (d: number) => {
    if (!index.has(d)) index.set(d, deps.push(d) - 1);
  };
  for (const d of y.deps) if (!candidate[d]) add(d);
  const absorbed = y.deps.filter((d) => candidate[d]).map((d) => ({ id: d, m: lookup(d) }));
  for (const { m } of absorbed) if (!isConstant(m.task, m.deps.length)) m.deps.forEach(add);
  // Leading steps: each cheap dependency's steps, in order; remember where its result lands.
  const head: Step[] = [];
  const origins: Task[] = [];
  const target = new Map<number, number | { value: unknown }>();
  for (const { id, m } of absorbed) {
    if (isConstant(m.task, m.deps.length)) {
      target.set(id, { value: m.task.steps[0]!.args[0] });
      continue;
    }
    const base = deps.length + head.length;
    origins.push(m.task);
    for (const s of m.task.steps) {
      head.push(remapStep(s, (j) => (j < m.deps.length ? index.get(m.deps[j]!)! : base + (j - m.deps.length))));
    }
    target.set(id, deps.length + head.length - 1);
  }
  const base = deps.length + head.length;
  const tail = y.task.steps.map((s) => remapStep(s, (j) => {
    if (j >= y.deps.length) return base + (j - y.deps.length);
    const d = y.deps[j]!;
    return candidate[d] ? target.get(d)! : index.get(d)!;
  }));
  origins.push(y.task);
  return { task: { key: y.task.key, name: y.task.name, steps: [...head, ...tail], parts: concatParts(origins) }, deps };
}

export function inline(graph: TaskGraph, keys: readonly string[]): TaskGraph {
  const n = graph.size;
  const isOutput = outputMask(graph, keys, 'inline');
  const candidate = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (isOutput[i] || graph.dependentCount(i) === 0) continue;
    const t = graph.tasks[i]!;
    if (isConstant(t, graph.depCount(i)) || isCheap(t)) {
      candidate[i] = 1;
      any = true;
    }
  }
  if (!any) return graph;
  const { depStart, depIds } = graph;
  const merged = new Array<Merged | undefined>(n);
  for (let i = 0; i < n; i++) {
    // Straight from the CSR arrays: a dependency array only for the tasks that absorb something.
    let absorbs = false;
    for (let e = depStart[i]!; !absorbs && e < depStart[i + 1]!; e++) absorbs = candidate[depIds[e]!] === 1;
    if (!absorbs) continue;
    merged[i] = absorbAll({ task: graph.tasks[i]!, deps: Array.from(graph.deps(i)) }, candidate, (d) => merged[d] ?? { task: graph.tasks[d]!, deps: Array.from(graph.deps(d)) });
  }
  // Rebuild: candidates are dropped, merged tasks replace their originals.
  const keep = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) if (candidate[i]) keep[i] = 0;
  const tasks = graph.tasks.map((t, i) => merged[i]?.task ?? t);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + (merged[i]?.deps.length ?? depStart[i + 1]! - depStart[i]!);
  const flat = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    const m = merged[i];
    if (m) flat.set(m.deps, start[i]!);
    else for (let e = depStart[i]!, p = start[i]!; e < depStart[i + 1]!; e++) flat[p++] = depIds[e]!;
  }
  // Same ids as `graph` until `subgraph` renumbers (outputs are never candidates, so kept).
  return subgraph(graph.carryKnownIds(new TaskGraph(tasks, start, flat)), keep);
}
