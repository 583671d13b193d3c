/**
 * Liveness inside a merged task: the last step that reads each local value (a dependency's result
 * or an earlier step's output), so that `runTask` drops a value as soon as no later step needs it
 * instead of holding every intermediate of a fused chain until the chain ends — as a nested call
 * `h(g(f(x)))` would, and as Dask's fused tasks do. A task-scope hook then sees the values still
 * live after each step (`core/scope.ts`): the buffer pool hands back what only dead ones reached,
 * so a chain of three filters on one volume holds two of its arrays at a time, not four, and its
 * third step reuses the first one's memory.
 *
 * The table is made on each run, not cached: a worker decodes its tasks afresh with every batch,
 * and one small Int32Array per merged task costs less than a cache entry would.
 *
 * State: none.
 */
import type { Task } from './task.ts';
import { TaskRef } from './taskref.ts';
import { childrenOf, isContainer } from './walk.ts';

/** For each local value of `task` (its `nDeps` dependencies, then its steps' outputs), the last step reading it (-1: none). */
export function lastUses(task: Task, nDeps: number): Int32Array {
  const t = new Int32Array(nDeps + task.steps.length).fill(-1);
  for (let k = 0; k < task.steps.length; k++) {
    const s = task.steps[k]!;
    if (s.refMode !== 0) for (const a of s.args) mark(a, k, t, s.refMode === 2);
  }
  return t;
}

/** Record step `k` as a reader of every reference in `x` (at the top only, unless `deep`: the containers `walk.ts` walks). */
function mark(x: unknown, k: number, t: Int32Array, deep: boolean): void {
  if (x instanceof TaskRef) {
    if (x.index < t.length) t[x.index] = k;
    return;
  }
  if (deep && x !== null && typeof x === 'object' && isContainer(x)) for (const [, c] of childrenOf(x)) mark(c, k, t, true);
}

/** Which local values die after each step: `slots[start[k] .. start[k+1])` are the ones no step after `k` reads. */
export interface Deaths {
  readonly start: Int32Array;
  readonly slots: Int32Array;
}

/**
 * The values of `task` that die after each of its steps: a value dies after its last reader, or
 * after the step that made it (step 0 for a dependency) when nothing reads it. The last step's
 * output (the result) never dies here. Linear in the values, so a chain of 100 000 steps drops
 * its values in O(1) per step.
 */
export function deaths(task: Task, nDeps: number): Deaths {
  const uses = lastUses(task, nDeps);
  const n = task.steps.length, last = uses.length - 1;
  const at = new Int32Array(last);
  const start = new Int32Array(n + 1);
  for (let s = 0; s < last; s++) {
    at[s] = Math.max(uses[s]!, s < nDeps ? 0 : s - nDeps);
    start[at[s]! + 1]!++;
  }
  for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, n);
  const slots = new Int32Array(last);
  for (let s = 0; s < last; s++) slots[fill[at[s]!]!++] = s;
  return { start, slots };
}

/** Clear the values that die after step `k` (see `deaths`). */
export function dropDead(values: unknown[], d: Deaths, k: number): void {
  for (let i = d.start[k]!; i < d.start[k + 1]!; i++) values[d.slots[i]!] = undefined;
}
