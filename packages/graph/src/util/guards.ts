/**
 * Type guards and the function type shared by the graph code (one home each): `AnyFn`,
 * `isPlainObject` (an object literal or a null-prototype object: what graph structures walk into)
 * and `isPromiseLike` (a thenable, awaited by the runner).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a task may hold any function; its own signature types it
export type AnyFn = (...args: any[]) => any;

/** `{...}` or `Object.create(null)`: walked into; class instances, arrays and views are not. */
export function isPlainObject(v: object): v is Record<string, unknown> {
  const p: unknown = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** A value with a callable `then`. */
export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as PromiseLike<unknown>).then === 'function';
}
