/**
 * Task scopes: where one task's synchronous run begins and ends, for a data library that wants
 * to know which of the buffers it allocated during a task died with it.
 *
 * `runTask` calls the installed hook's `begin(task)` before the first step and, when the task
 * finished synchronously, `end(result)` after the last; a task that throws or turns asynchronous
 * (other tasks may run on this thread while it awaits) calls `abandon()` instead. Between two
 * steps of a merged task it calls `step(live)` with the values later steps still read (the
 * others already dropped: `liveness.ts`), so buffers only dead values reached can go back before
 * the chain ends. The values a
 * task makes between its steps are private to it (a fused chain hands each step's output to the
 * next step only), so once it ends, every buffer allocated during it that its result does not
 * reach is garbage — unless one of its functions kept a reference somewhere, which only the
 * library that owns the functions can rule out. `dusk-image-ops` installs a hook that reuses
 * such buffers (`ndarray/recycle.ts`).
 *
 * State: at most one hook per thread (each worker thread has its own module instance).
 */
import type { Task } from './task.ts';

export interface TaskScopeHook {
  /** A task is about to run its first step. Calls may nest (a task that runs tasks). */
  begin(task: Task): void;
  /** The task begun last finished synchronously with `result`. */
  end(result: unknown): void;
  /** The task begun last threw, or returned a promise: nothing can be concluded about it. */
  abandon(): void;
  /** Between two steps of the task begun last: `live` holds every value a later step reads (and the last step's output). */
  step?(live: readonly unknown[]): void;
}

let hook: TaskScopeHook | undefined;

/** Install `h` as this thread's task-scope hook (`undefined` removes it); returns the previous one. */
export function setTaskScopeHook(h: TaskScopeHook | undefined): TaskScopeHook | undefined {
  const previous = hook;
  hook = h;
  return previous;
}

/** The installed hook, if any (read on every task by `runTask`). */
export function taskScopeHook(): TaskScopeHook | undefined {
  return hook;
}
