/**
 * Tasks: what one node of a task graph runs.
 *
 * A task is a short program of one or more *steps*. Each step calls a function on arguments
 * rebuilt from a template, where a `TaskRef(i)` stands for local value `i`. The local values of a
 * task are its dependencies' results (in the order of its dependency list) followed by the outputs
 * of its earlier steps; the last step's output is the task's result. A plain `delayed(f)(x)` call
 * is a one-step task; `fuseLinear` concatenates the steps of a chain into one task, and `inline`
 * prepends a cheap producer's step to its consumer, so the scheduler runs them in one dispatch.
 *
 * A merged task remembers where its steps came from: `parts` lists the original tasks (key,
 * display name, end of their steps) in step order, so that a failure can name the step's own
 * task, not the chain (`core/errors.ts`). `runTask` reports which step it is on through an
 * optional `StepCursor` (the worker's cursor writes it to shared memory, for crash reports), and
 * tells an installed task-scope hook where each task begins and ends (`core/scope.ts`). Between
 * the steps of a merged task, a value no later step reads is dropped (`liveness.ts`).
 *
 * A step without a function is a literal: its result is its (rebuilt) first argument. That is how
 * `delayedValue(x)` and structure-building tasks work.
 *
 * `refMode` makes argument rebuilding cheap on the hot path: 0 = no references (arguments are
 * used as they are), 1 = references only at the top level, 2 = references nested in arrays,
 * plain objects or Maps (full walk, `walk.ts`).
 */
import type { OpRef } from '../ops/defineOps.ts';
import { deaths, dropDead } from './liveness.ts';
import { taskScopeHook, type TaskScopeHook } from './scope.ts';
import { TaskRef } from './taskref.ts';
import { isPromiseLike, type AnyFn } from '../util/guards.ts';
import { mapChildren } from './walk.ts';

export type { AnyFn };
export type RefMode = 0 | 1 | 2;

export interface Step {
  /** The function to call; `undefined` for a literal step. */
  readonly fn: AnyFn | undefined;
  /** Worker identity of `fn` (see `defineOps`), if it has one. */
  readonly op: OpRef | undefined;
  /** Display name, e.g. `gaussian`. */
  readonly name: string;
  readonly args: readonly unknown[];
  readonly refMode: RefMode;
  /** Declared trivially cheap: run inline on the main thread. */
  readonly cheap: boolean;
}

/** Where a task can run: on a worker (every step is an op), or only on the main thread. */
export type Placement = 'worker' | 'main';

/** One original task inside a merged one: it owns the steps before `end` not owned by an earlier part. */
export interface TaskPart {
  readonly key: string;
  readonly name: string;
  readonly end: number;
}

export interface Task {
  readonly key: string;
  /** Display name: the step names joined by `-` for fused tasks. */
  readonly name: string;
  readonly steps: readonly Step[];
  /** Set on fused / inlined tasks: the original tasks, in step order (see `TaskPart`). */
  readonly parts?: readonly TaskPart[];
}

/** Where `runTask` is: the index of the step running (or that failed). */
export interface StepCursor {
  step: number;
  /**
   * Main thread only: run the steps in slices of at most `ms`, awaiting `pause()` (a turn of the
   * event loop) between slices, so a fused chain of long main-thread steps lets timers, progress
   * bars and an abort in; the task turns asynchronous at its first pause. After a pause the rest
   * is skipped once `stopped()` (nobody wants the result: the run ended).
   */
  slices?: { ms: number; pause: () => Promise<unknown>; stopped: () => boolean };
}

/** The original tasks of `task` (itself when it is not merged). */
export function partsOf(task: Task): readonly TaskPart[] {
  return task.parts ?? [{ key: task.key, name: task.name, end: task.steps.length }];
}

/** The original task that step `step` of `task` belongs to; `undefined` when `step` is out of range. */
export function partAt(task: Task, step: number): TaskPart | undefined {
  if (step < 0 || step >= task.steps.length) return undefined;
  return partsOf(task).find((p) => step < p.end);
}

/** The parts of tasks whose steps are concatenated in this order. */
export function concatParts(tasks: readonly Task[]): TaskPart[] {
  const out: TaskPart[] = [];
  let offset = 0;
  for (const t of tasks) {
    // An unmerged task is its own part: no `partsOf` array for it (fusing a long chain has one per member).
    if (t.parts === undefined) out.push({ key: t.key, name: t.name, end: offset + t.steps.length });
    else for (const p of t.parts) out.push({ key: p.key, name: p.name, end: offset + p.end });
    offset += t.steps.length;
  }
  return out;
}

export function placementOf(task: Task): Placement {
  for (const s of task.steps) if (s.fn !== undefined && s.op === undefined) return 'main';
  return task.steps.some((s) => s.fn !== undefined && !s.cheap) ? 'worker' : 'main';
}

/** True when every step is a literal or a declared-cheap function. */
export function isCheap(task: Task): boolean {
  return task.steps.every((s) => s.fn === undefined || s.cheap);
}


/** Replace every `TaskRef` in `x` by its value, copying only containers that hold references. */
export function substitute(x: unknown, values: readonly unknown[]): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (x instanceof TaskRef) return values[x.index];
  return mapChildren(x, substitute, values);
}

/** The concrete arguments of `step` given the task's local values. */
export function buildArgs(step: Step, values: readonly unknown[]): unknown[] {
  const a = step.args;
  if (step.refMode === 0) return a as unknown[];
  if (step.refMode === 1) {
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      out[i] = v instanceof TaskRef ? values[v.index] : v;
    }
    return out;
  }
  return substitute(a, values) as unknown[];
}


/** How a step's function is found: by default the step's own `fn` (main thread). */
export type FnResolver = (step: Step) => AnyFn | undefined;
const ownFn: FnResolver = (s) => s.fn;

/**
 * Run `task` on its dependencies' results. Synchronous when every step is; a step returning a
 * promise makes the rest asynchronous (async ops are awaited between steps). `at.step` is set
 * to each step's index before it runs, so after a throw (or rejection) it names the failing step.
 */
export function runTask(task: Task, deps: readonly unknown[], resolve: FnResolver = ownFn, at?: StepCursor): unknown {
  const scope = taskScopeHook();
  if (scope === undefined) return runSteps(task, deps, resolve, at, undefined);
  scope.begin(task);
  let r: unknown;
  try {
    r = runSteps(task, deps, resolve, at, scope);
  } catch (e) {
    scope.abandon();
    throw e;
  }
  if (isPromiseLike(r)) scope.abandon();
  else scope.end(r);
  return r;
}

function runSteps(task: Task, deps: readonly unknown[], resolve: FnResolver, at: StepCursor | undefined, scope: TaskScopeHook | undefined): unknown {
  const steps = task.steps;
  if (steps.length === 1) {
    if (at) at.step = 0;
    return runStep(steps[0]!, deps, resolve);
  }
  const values = deps.slice();
  const dying = deaths(task, deps.length);
  const slices = at?.slices;
  const until = slices === undefined ? Infinity : performance.now() + slices.ms;
  for (let k = 0; k < steps.length; k++) {
    if (at) at.step = k;
    const r = runStep(steps[k]!, values, resolve);
    if (isPromiseLike(r)) return continueAsync(task, values, k, r, resolve, at);
    if (slices !== undefined && k < steps.length - 1 && performance.now() >= until) return continueAsync(task, values, k, slices.pause().then(() => r), resolve, at);
    values.push(r);
    if (k < steps.length - 1) {
      dropDead(values, dying, k);
      scope?.step?.(values);
    }
  }
  return values[values.length - 1];
}

async function continueAsync(task: Task, values: unknown[], k: number, pending: PromiseLike<unknown>, resolve: FnResolver, at: StepCursor | undefined) {
  values.push(await pending);
  const slices = at?.slices;
  let until = slices === undefined ? Infinity : performance.now() + slices.ms;
  for (let j = k + 1; j < task.steps.length; j++) {
    if (slices !== undefined) {
      if (slices.stopped()) return undefined;
      if (performance.now() >= until) {
        await slices.pause();
        if (slices.stopped()) return undefined;
        until = performance.now() + slices.ms;
      }
    }
    if (at) at.step = j;
    values.push(await runStep(task.steps[j]!, values, resolve));
  }
  return values[values.length - 1];
}

function runStep(step: Step, values: readonly unknown[], resolve: FnResolver): unknown {
  const args = buildArgs(step, values);
  if (step.fn === undefined && step.op === undefined) return args[0];
  const fn = resolve(step);
  if (!fn) throw new Error(`runTask: no function for step '${step.name}'`);
  return fn(...args);
}
