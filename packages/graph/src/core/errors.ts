/**
 * `TaskError`: a task failed. Unlike Dask, which re-raises the bare exception, the error names
 * the failing key and op and keeps the original error (with the worker's stack, when it ran on a
 * worker) as `cause` (DESIGN.md §8).
 *
 * The optimizer merges tasks (`fuseLinear` chains, `inline`d cheap producers), but the error
 * still names the original task whose step failed — its key and op — and, in `fusedIn`, the key
 * of the merged task it ran inside (the key that is in the optimized graph). `taskError` builds
 * that from the merged task and the index of the failing step (`runTask`'s `StepCursor`); with no
 * step known (-1), it names the merged task as a whole.
 */
import { partAt, type Task } from './task.ts';

export class TaskError extends Error {
  override readonly name = 'TaskError';
  /** Key of the task whose step failed (an original key, also when it was fused). */
  readonly key: string;
  /** Display name of that task's op. */
  readonly op: string;
  /** Key of the fused / inlined task the failing task ran inside, when it is another key. */
  readonly fusedIn: string | undefined;

  constructor(key: string, op: string, cause: unknown, fusedIn?: string) {
    const msg = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const where = fusedIn !== undefined && fusedIn !== key ? ` failed in fused task '${fusedIn}'` : ' failed';
    super(`task '${key}' (${op})${where}: ${msg}`, { cause });
    this.key = key;
    this.op = op;
    this.fusedIn = fusedIn !== undefined && fusedIn !== key ? fusedIn : undefined;
  }
}

/** The `TaskError` for step `step` of `task` failing with `cause` (`step` -1: not known). */
export function taskError(task: Task, step: number, cause: unknown): TaskError {
  const part = task.parts ? partAt(task, step) : undefined;
  return part ? new TaskError(part.key, part.name, cause, task.key) : new TaskError(task.key, task.name, cause);
}
