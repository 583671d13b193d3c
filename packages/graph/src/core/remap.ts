/**
 * Rewriting the references of a step, for optimizer passes that merge tasks.
 *
 * `remapStep(step, f)` returns a step whose `TaskRef(i)` are `TaskRef(f(i))`; `f` may also return
 * a `{ value }` to substitute a known value for the reference (inlined constants). `f` is asked
 * once per distinct index, and every reference to that index gets the same new `TaskRef`. One walk
 * (`walk.ts`): containers are copied only where they hold references, and a step whose references
 * are all at the top level (`refMode` 1) is not walked deeper.
 */
import type { Step } from './task.ts';
import { refTo, TaskRef } from './taskref.ts';
import { mapChildren } from './walk.ts';

export type RefTarget = number | { readonly value: unknown };

/** One remapping: `f`, and what it gave per index so far (a holey array: indices are small). */
interface Remap {
  readonly f: (index: number) => RefTarget;
  readonly done: unknown[];
}

function target(r: Remap, index: number): unknown {
  if (index in r.done) return r.done[index];
  const t = r.f(index);
  const v = typeof t === 'number' ? refTo(t) : t.value;
  r.done[index] = v;
  return v;
}

const topLevel = (x: unknown, r: Remap): unknown => (x instanceof TaskRef ? target(r, x.index) : x);

function nested(x: unknown, r: Remap): unknown {
  if (x instanceof TaskRef) return target(r, x.index);
  return x !== null && typeof x === 'object' ? mapChildren(x, nested, r) : x;
}

export function remapStep(step: Step, f: (index: number) => RefTarget): Step {
  if (step.refMode === 0) return step;
  const r: Remap = { f, done: [] };
  return { ...step, args: mapChildren(step.args as unknown[], step.refMode === 1 ? topLevel : nested, r) };
}
