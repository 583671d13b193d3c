/**
 * Attribute access and method calls on a `Delayed`, as in dask.delayed: `d.shape` is a task
 * that reads the result's `shape`, `d.slice(1)` a task that calls the result's `slice(1)`.
 *
 * How: the prototype of `Delayed.prototype` is a Proxy whose `get` trap answers every name that
 * is neither a `Delayed` member nor an `Object.prototype` one. A Delayed's own fields and methods
 * (`key`, `deps`, `compute`, `get`, `at`, `persist`, ...) are found before the Proxy is reached,
 * so the hot path of graph building never meets it. The attribute is a *callable* Delayed (a
 * function object whose prototype is `Delayed.prototype`): used as a value it reads the
 * attribute; called, it becomes a method call on the result. Both tasks run on the main thread.
 *
 * Names that are never attributes — so that `await d`, `console.log(d)`, JSON and test matchers
 * keep treating a Delayed as a plain object — answer `undefined`: symbols, `then`, `catch`,
 * `finally`, `toJSON` and a few names that libraries probe (`asymmetricMatch`, `nodeType`,
 * `tagName`, `inspect`), and names starting with `_`, `$` or `@`. Read those with `d.get(name)`.
 * The same list is the type-level `Reserved` of `types.ts`.
 */

const NEVER = new Set(['then', 'catch', 'finally', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', 'inspect']);

/** True when `d.<name>` makes an attribute task (see the list above). */
export function isAttributeName(name: string | symbol): name is string {
  if (typeof name !== 'string' || NEVER.has(name)) return false;
  const c = name.charCodeAt(0);
  return c !== 95 /* _ */ && c !== 36 /* $ */ && c !== 64 /* @ */;
}

/**
 * Make instances of the class whose prototype is `proto` answer unknown attribute names with
 * `attribute(instance, name)`.
 */
export function installAttributeAccess(proto: object, attribute: (owner: object, name: string) => unknown): void {
  const target = Object.create(Object.getPrototypeOf(proto) as object | null) as object;
  Object.setPrototypeOf(proto, new Proxy(target, {
    get(t, name, receiver) {
      if (name in t || !isAttributeName(name)) return Reflect.get(t, name, receiver);
      return attribute(receiver as object, name);
    },
  }));
}

/** Read attribute `name` of a result; a method comes bound to it (as Python's bound methods). */
export function getattr(obj: unknown, name: string): unknown {
  if (obj === null || obj === undefined) throw new TypeError(`getattr: cannot read attribute '${name}' of ${obj}`);
  const v = (obj as Record<string, unknown>)[name];
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(obj) : v;
}

/** Call method `name` of a result with `args`. */
export function callMethod(obj: unknown, name: string, ...args: unknown[]): unknown {
  if (obj === null || obj === undefined) throw new TypeError(`cannot call method '${name}' of ${obj}`);
  const m = (obj as Record<string, unknown>)[name];
  if (typeof m !== 'function') {
    throw new TypeError(`'${name}' of the result (${typeof obj === 'object' ? (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object' : typeof obj}) is not a method: it is ${typeof m}`);
  }
  return (m as (...a: unknown[]) => unknown).apply(obj, args);
}
