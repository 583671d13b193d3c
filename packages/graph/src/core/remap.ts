/**
 * Rewriting the references of a step, for optimizer passes that merge tasks.
 *
 * `remapStep(step, f)` returns a step whose `TaskRef(i)` are `TaskRef(f(i))`; `f` may also return
 * a `{ value }` to substitute a known value for the reference (inlined constants). Containers are
 * copied only where they hold references.
 */
import { isPlainObject } from '../util/guards.ts';
import { substitute, type Step } from './task.ts';
import { TaskRef } from './taskref.ts';

export type RefTarget = number | { readonly value: unknown };

/**
 * The largest `TaskRef` index in `x` and `max`, walking the containers `substitute` walks. A
 * module-level function, not a closure per call: fusing a long chain remaps one step per member.
 */
function maxRef(x: unknown, max: number): number {
  if (x instanceof TaskRef) return Math.max(max, x.index);
  if (Array.isArray(x)) for (const v of x) max = maxRef(v, max);
  else if (x instanceof Map) for (const v of x.values()) max = maxRef(v, max);
  else if (x !== null && typeof x === 'object' && isPlainObject(x)) for (const v of Object.values(x)) max = maxRef(v, max);
  return max;
}

export function remapStep(step: Step, f: (index: number) => RefTarget): Step {
  if (step.refMode === 0) return step;
  // Build a lookup: one TaskRef (or value) per distinct index, then substitute all at once.
  let max = -1;
  if (step.refMode === 1) for (const a of step.args) { if (a instanceof TaskRef) max = Math.max(max, a.index); }
  else max = maxRef(step.args, max);
  const table = new Array<unknown>(max + 1);
  for (let i = 0; i <= max; i++) {
    const t = f(i);
    table[i] = typeof t === 'number' ? new TaskRef(t) : t.value;
  }
  return { ...step, args: substitute(step.args, table) as unknown[] };
}
