/**
 * Which ops may keep a reference to their inputs or outputs after they return.
 *
 * A buffer can be reused only when nothing can read it any more, so the scheduler must know
 * whether a task's functions kept what they were given or what they made. Policy:
 * - A function registered with `defineOps(url, fns, { name: { retains: false } })` declares that
 *   it keeps nothing (`OpMeta.retains`; the one place a user says so).
 * - Every function defined in a module under a root declared with `declareNonRetaining` (the
 *   library packages: `dusk-image-ops` declares its source tree) keeps nothing.
 * - Every other function — a user's op, a closure — is assumed to keep everything it saw, and so
 *   is any step given a function among its arguments or in an options object (a callback such as
 *   thresholdLocal's `param` sees the data).
 * - A literal step keeps nothing (its value is the task's result, which the caller walks).
 *
 * State (per thread): the declared module roots.
 */
import { lookupOp, opMeta, opRef } from '../ops/defineOps.ts';
import type { Step, Task } from '../core/task.ts';

const roots: string[] = [];

/** Declare that every op defined in a module whose URL starts with `rootUrl` keeps no reference to its inputs or outputs. */
export function declareNonRetaining(rootUrl: string): void {
  if (!roots.includes(rootUrl)) roots.push(rootUrl);
}

/** True when `ref` names a function of a module under a declared root (the library's own). */
function inRoots(ref: { module: string } | undefined): boolean {
  return ref !== undefined && roots.some((r) => ref.module.startsWith(r));
}

/** A function among `args` or in their option objects. */
function passesFunction(args: readonly unknown[]): boolean {
  return args.some((a) => typeof a === 'function'
    || (a !== null && typeof a === 'object' && !ArrayBuffer.isView(a) && Object.values(a).some((v) => typeof v === 'function')));
}

/** True when `step` may keep a reference to what it was given or made. */
export function stepRetains(step: Step): boolean {
  if (step.fn === undefined && step.op === undefined) return false;
  const fn = step.fn ?? lookupOp(step.op!);
  const ref = step.op ?? opRef(fn);
  const declared = opMeta(fn).retains === false || inRoots(ref);
  return !declared || passesFunction(step.args);
}

/**
 * True when every step of `task` is a literal or a function of a module under a root declared
 * with `declareNonRetaining` — the library's own ops, as opposed to the user's (which may keep
 * references, block, or end the process, and so belong on workers).
 */
export function taskIsLibrary(task: Task): boolean {
  for (const s of task.steps) {
    if (s.fn === undefined && s.op === undefined) continue;
    if (!inRoots(s.op ?? opRef(s.fn!)) || passesFunction(s.args)) return false;
  }
  return true;
}

/** True when some step of `task` may keep a reference to what it was given or made. */
export function taskRetains(task: Task): boolean {
  for (const s of task.steps) if (stepRetains(s)) return true;
  return false;
}
