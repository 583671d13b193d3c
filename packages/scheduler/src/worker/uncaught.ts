/**
 * Uncaught errors inside a worker, attributed to the task whose code raised them.
 *
 * Every task runs in its own async context (`inTaskScope`), which timers, promises and callbacks
 * it creates inherit. When an error escapes (an exception in a timer callback, an unhandled
 * rejection), the worker's `uncaughtException` handler looks at the context it came from:
 * - a task still pending on this worker (an async op that has not settled): that task fails with
 *   the error, exactly as if its promise had rejected; the worker lives on;
 * - a task that already finished (a sync op that left a timer behind, an async op that resolved
 *   and threw later): the error is *late*. It is not blamed on whatever task happens to run next
 *   on this worker; it is reported to the main thread as an error of the worker
 *   (`LateErrorMessage`, naming the op whose context it came from), where the pool records it
 *   and emits a warning, and the worker lives on;
 * - no task at all (code an op module ran at import, the worker's own machinery, e.g. a reply
 *   that cannot be posted): the worker dies of it, as it would without this handler.
 * Errors that end the thread (those, `process.exit()`, running out of memory) are the crash
 * triage's business (`executors/crash.ts`).
 *
 * State: the AsyncLocalStorage of task scopes; the handler is installed once per worker thread.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isMainThread, parentPort, threadId } from 'node:worker_threads';
import { toWireError } from '../util/errors.ts';
import type { LateErrorMessage } from './protocol.ts';

export interface TaskScope {
  /** The op (or ops, for a fused task) the task runs. */
  readonly op: string;
  /** Set while the task is pending: fails it. */
  fail: ((error: unknown) => void) | undefined;
}

const scopes = new AsyncLocalStorage<TaskScope>();

/**
 * Run `fn(scope)` (a task) in scope `scope`: errors its async work raises later are attributed to
 * it. The scope is the argument, so a caller needs no closure per task.
 */
export function inTaskScope<S extends TaskScope, T>(scope: S, fn: (scope: S) => T): T {
  return scopes.run(scope, fn, scope);
}

function onUncaught(error: unknown, origin: string): void {
  const scope = scopes.getStore();
  if (scope === undefined) {
    // Not from a task: the worker dies of it, as without this handler (rethrowing here ends the
    // thread with this error), and the crash triage deals with its batches.
    process.off('uncaughtException', onUncaught);
    throw error;
  }
  if (scope.fail) return scope.fail(error);
  const message: LateErrorMessage = { __duskLateError: { thread: threadId, op: scope.op, origin, error: toWireError(error) } };
  parentPort?.postMessage(message);
}

if (!isMainThread) process.on('uncaughtException', onUncaught);
