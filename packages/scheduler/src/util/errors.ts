/**
 * Errors across threads and aborts.
 *
 * Structured clone keeps an Error's message and stack but drops its own properties (`code`,
 * `errno`, ...) and turns unknown subclasses into plain `Error`s. `toWireError` captures name,
 * message, stack, cloneable own properties and the cause chain; `fromWireError` rebuilds an Error
 * of the matching built-in class with the *worker's* stack, so a `TaskError`'s `cause` reads as if
 * the op had thrown on the main thread. Non-Error throws (`throw 'x'`) become Errors whose message
 * is the thrown value.
 *
 * The pool's own errors, each named as a subclass would be (`named`): `timeoutError` is the cause
 * of a task that ran past the compute's `timeout` (or, `loading`, whose worker never finished
 * importing its op modules);
 * `unreadableReplyError` is why a worker whose reply could not be read was terminated;
 * `lateWorkerError` reports an error an op raised after its task had finished.
 *
 * `abortError(signal)` is the rejection of a cancelled compute: the signal's reason when it is
 * already an AbortError (as `controller.abort()` makes), else a DOMException named `AbortError`
 * with the reason as `cause`.
 */
import type { LateErrorMessage, WireError } from '../worker/protocol.ts';

const BUILTIN: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

function cloneable(v: unknown): boolean {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined' || t === 'bigint';
}

export function toWireError(e: unknown, depth = 0): WireError {
  if (!(e instanceof Error)) {
    let message: string;
    try {
      // JSON.stringify gives undefined for undefined, functions and symbols, whatever its declared type says.
      message = typeof e === 'string' ? e : (JSON.stringify(e) as string | undefined) ?? String(e);
    } catch {
      message = String(e);
    }
    return { name: 'Error', message, stack: undefined, props: { thrown: cloneable(e) ? e : String(e) } };
  }
  const props: Record<string, unknown> = {};
  for (const k of Object.keys(e)) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (k !== 'cause' && cloneable(v)) props[k] = v;
  }
  const out: WireError = { name: e.name, message: e.message, stack: e.stack, props };
  return e.cause !== undefined && depth < 4 ? { ...out, cause: toWireError(e.cause, depth + 1) } : out;
}

export function fromWireError(w: WireError): Error {
  const Ctor = BUILTIN[w.name] ?? Error;
  const e = w.cause ? new Ctor(w.message, { cause: fromWireError(w.cause) }) : new Ctor(w.message);
  if (e.name !== w.name) named(e, w.name);
  if (w.stack !== undefined) e.stack = w.stack;
  Object.assign(e, w.props);
  return e;
}

/** The error a cancelled compute rejects with. */
export function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error && r.name === 'AbortError') return r;
  return new DOMException('compute was aborted', { name: 'AbortError', cause: r });
}

/** The cause of a task that ran past `compute`'s `timeout` (`what`: what happened to it). */
export function timeoutError(key: string, ms: number, what: string, loading = false): Error {
  const e = new Error(loading
    ? `task '${key}' did not start within ${ms} ms: its worker was still importing its op modules; ${what}`
    : `task '${key}' ran longer than the timeout of ${ms} ms; ${what}`);
  return named(e, 'TimeoutError');
}

/** Give `e` the name `name` (as a subclass of that name would), and return it. */
function named<E extends Error>(e: E, name: string): E {
  Object.defineProperty(e, 'name', { value: name, configurable: true, writable: true });
  return e;
}

/** Why worker `thread` was terminated: a reply of it failed to deserialize with `error`. */
export function unreadableReplyError(thread: number, error: unknown): Error {
  return new Error(`a batch reply from worker thread ${thread} could not be read on the main thread (${String(error)}); the worker was terminated`, { cause: error });
}

/** An error a worker's op raised after its task had finished (`worker/uncaught.ts`). */
export function lateWorkerError({ thread, op, origin, error }: LateErrorMessage['__duskLateError']): Error {
  const cause = fromWireError(error);
  const message = `worker thread ${thread}: op '${op}' raised an error after its task had finished (${origin}; late, not blamed on any task): ${cause.message}`;
  return new Error(message, { cause });
}
