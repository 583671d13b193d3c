/**
 * `fuseLinear(graph, keys)`: collapse linear chains into single tasks.
 *
 * A link a → b is fusable when a has exactly one dependent (b), b has exactly one dependency (a),
 * a is not an output key, and both run in the same place (both worker ops or both main-thread
 * functions; literal-only tasks and declared-cheap ops go with either) — fusing across placements would drag worker work
 * onto the main thread. Maximal runs of fusable links form chains; each chain becomes one task at
 * the position of its top, keeping the top's key (so it stays reachable) and named after its
 * members joined by `-` (`load-gaussian-var`). Its steps are the members' steps concatenated, with
 * references rewritten to the fused task's local values (see `core/task.ts`), and its `parts`
 * record each member's key and name over its steps, so a failing step is reported under its own
 * key and op (`core/errors.ts`).
 */
import { remapStep } from '../core/remap.ts';
import { concatParts, type Step, type Task } from '../core/task.ts';
import { TaskGraph } from '../taskgraph/taskgraph.ts';
import { outputMask } from './outputs.ts';

type Runs = 'worker' | 'main' | 'either';

function runsOn(task: Task): Runs {
  let any = false;
  for (const s of task.steps) {
    if (s.fn === undefined && s.op === undefined) continue;
    if (s.op === undefined) return 'main';
    if (!s.cheap) any = true; // a declared-cheap op runs wherever its neighbours do (`placementOf`)
  }
  return any ? 'worker' : 'either';
}

function compatible(a: Task, b: Task): boolean {
  const ra = runsOn(a), rb = runsOn(b);
  return ra === 'either' || rb === 'either' || ra === rb;
}

/** Display name of a fused chain: its members' names joined by `-`, bottom first. */
function chainName(members: readonly Task[]): string {
  return members.map((t) => t.name).join('-');
}

/** One task running `members` (a chain, bottom first) in sequence. */
export function fuseChain(members: readonly Task[], headDepCount: number): Task {
  let total = 0;
  for (let m = 0; m < members.length; m++) total += members[m]!.steps.length;
  const steps = new Array<Step>(total);
  const first = members[0]!.steps;
  for (let k = 0; k < first.length; k++) steps[k] = first[k]!;
  let offset = headDepCount + first.length; // local values so far
  let at = first.length;
  for (let m = 1; m < members.length; m++) {
    const resultIdx = offset - 1;
    const base = offset;
    const own = members[m]!.steps;
    for (let k = 0; k < own.length; k++) steps[at++] = remapStep(own[k]!, (j) => (j === 0 ? resultIdx : base + j - 1));
    offset += own.length;
  }
  const top = members[members.length - 1]!;
  return { key: top.key, name: chainName(members), steps, parts: concatParts(members) };
}

export function fuseLinear(graph: TaskGraph, keys: readonly string[]): TaskGraph {
  const n = graph.size;
  const isOutput = outputMask(graph, keys, 'fuseLinear');
  const [dStart, dIds] = graph.dependentsCSR();
  const next = new Int32Array(n).fill(-1);
  const hasPrev = new Uint8Array(n);
  let links = 0;
  for (let a = 0; a < n; a++) {
    if (isOutput[a] || dStart[a + 1]! - dStart[a]! !== 1) continue;
    const b = dIds[dStart[a]!]!;
    if (graph.depCount(b) !== 1 || !compatible(graph.tasks[a]!, graph.tasks[b]!)) continue;
    next[a] = b;
    hasPrev[b] = 1;
    links++;
  }
  if (links === 0) return graph;

  // Every chain is emitted at its top; record each top's head.
  const headOf = new Int32Array(n).fill(-1);
  for (let h = 0; h < n; h++) {
    if (hasPrev[h] || next[h]! < 0) continue;
    let t = h;
    while (next[t]! >= 0) t = next[t]!;
    headOf[t] = h;
  }
  const newId = new Int32Array(n).fill(-1);
  const { depStart, depIds } = graph;
  // Each link swallows one task, and a chain keeps its head's dependencies: sizes known up front.
  const tasks = new Array<Task>(n - links);
  const start = new Int32Array(n - links + 1);
  const ids = new Int32Array(depIds.length);
  let count = 0, p = 0;
  for (let i = 0; i < n; i++) {
    if (next[i]! >= 0) continue; // swallowed into the chain above it
    const h = headOf[i]! >= 0 ? headOf[i]! : i;
    if (h === i) tasks[count] = graph.tasks[i]!;
    else {
      const members: Task[] = [];
      for (let t = h; t !== -1; t = next[t]!) members.push(graph.tasks[t]!);
      tasks[count] = fuseChain(members, graph.depCount(h));
    }
    // Straight from the CSR arrays: a `deps()` view per task costs more than the rest of the loop.
    for (let e = depStart[h]!; e < depStart[h + 1]!; e++) ids[p++] = newId[depIds[e]!]!;
    start[++count] = p;
    newId[i] = count - 1;
  }
  return graph.carryKnownIds(new TaskGraph(tasks, start, ids.slice(0, p)), newId);
}
