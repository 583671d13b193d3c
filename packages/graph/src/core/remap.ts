/**
 * Rewriting the references of a step, for optimizer passes that merge tasks.
 *
 * `remapStep(step, f)` returns a step whose `TaskRef(i)` are `TaskRef(f(i))`; `f` may also return
 * a `{ value }` to substitute a known value for the reference (inlined constants). Containers are
 * copied only where they hold references.
 */
import { substitute, type Step } from './task.ts';
import { TaskRef } from './taskref.ts';

export type RefTarget = number | { readonly value: unknown };

export function remapStep(step: Step, f: (index: number) => RefTarget): Step {
  if (step.refMode === 0) return step;
  // Build a lookup: one TaskRef (or value) per distinct index, then substitute all at once.
  let max = -1;
  const scan = (x: unknown): void => {
    if (x instanceof TaskRef) max = Math.max(max, x.index);
    else if (Array.isArray(x)) x.forEach(scan);
    else if (x instanceof Map) x.forEach(scan);
    else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(scan);
  };
  if (step.refMode === 1) for (const a of step.args) { if (a instanceof TaskRef) max = Math.max(max, a.index); }
  else scan(step.args);
  const table = new Array<unknown>(max + 1);
  for (let i = 0; i <= max; i++) {
    const t = f(i);
    table[i] = typeof t === 'number' ? new TaskRef(t) : t.value;
  }
  return { ...step, args: substitute(step.args, table) as unknown[] };
}
