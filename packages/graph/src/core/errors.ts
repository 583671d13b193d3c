/**
 * `TaskError`: a task failed. Unlike Dask, which re-raises the bare exception, the error names
 * the failing key and op and keeps the original error (with the worker's stack, when it ran on a
 * worker) as `cause` (DESIGN.md §8).
 */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  readonly key: string;
  readonly op: string;

  constructor(key: string, op: string, cause: unknown) {
    const msg = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`task '${key}' (${op}) failed: ${msg}`, { cause });
    this.key = key;
    this.op = op;
  }
}
