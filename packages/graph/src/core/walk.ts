/**
 * The one structure walker: what a container is, and how its children are mapped.
 *
 * Task arguments, compute's values and wire messages are nested structures. Everything that walks
 * them — substitution of results (`task.ts` `substitute`), finding `Delayed`s in a call's
 * arguments (`delayed/template.ts`), remapping references (`remap.ts`), the wire codec
 * (`wire/codec.ts`, `wire/limits.ts`) and the other packages that rebuild such values — uses this
 * file's definition:
 *
 * - a **container** is an array, a Set (its items, in order), a Map (its values, and its keys
 *   that are objects or functions: an NDArray may be a key) or a plain object: an object literal
 *   or a null-prototype object (`isPlainObject`), its own enumerable string keys;
 * - everything else (class instances, typed arrays, functions, primitives) is a leaf, which
 *   each walker treats by its own rules (the wire codec also walks a class instance's fields,
 *   with `mapFields`, because structured clone turns it into a plain object).
 *
 * `mapChildren` maps a container's children copy-on-write: the container is copied only when a
 * child changes, and returned as it is otherwise, so walking a structure without anything to
 * replace allocates nothing. The callback takes an extra argument (`arg`) instead of closing over
 * it, so the hot paths allocate no closure per container. Recursion stays in the callers: each
 * decides what its leaves become and how deep it may go.
 */
import { isPlainObject } from '../util/guards.ts';

export type Container = unknown[] | Set<unknown> | Map<unknown, unknown> | Record<string, unknown>;

/** Maps one child: its value, the walker's own argument, and its key (index, Set position, Map key, `MapKey` or property name). */
export type ChildFn<A> = (value: unknown, arg: A, key: unknown) => unknown;

/** The key a walker is given when the child is a Map's key itself: the entry's position. */
export class MapKey {
  constructor(readonly index: number) {}
}

/** True for the values walkers descend into: arrays, Sets, Maps and plain objects (see above). */
export function isContainer(x: unknown): x is Container {
  return x !== null && typeof x === 'object' && (Array.isArray(x) || x instanceof Map || x instanceof Set || isPlainObject(x));
}

/** A Map key walkers visit: one that can hold or be something to replace (primitives cannot). */
const walksKey = (k: unknown): boolean => k !== null && (typeof k === 'object' || typeof k === 'function');

/**
 * `x` with `f` applied to each child when `x` is a container; a copy only when some child
 * changed, else `x` itself. Any other object is returned as it is (so callers test once).
 */
export function mapChildren<C extends object, A>(x: C, f: ChildFn<A>, arg: A): C {
  if (Array.isArray(x)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < x.length; i++) {
      const v = f(x[i], arg, i);
      if (v !== x[i]) (out ??= x.slice())[i] = v;
    }
    return (out ?? x) as C;
  }
  if (x instanceof Map) return mapEntries(x as Map<unknown, unknown>, f, arg) as unknown as C;
  if (x instanceof Set) {
    let out: unknown[] | undefined;
    let i = 0;
    for (const v of x as Set<unknown>) {
      const w = f(v, arg, i);
      if (w !== v && out === undefined) out = [...(x as Set<unknown>)].slice(0, i);
      out?.push(w);
      i++;
    }
    return (out ? new Set(out) : x) as C;
  }
  return isPlainObject(x) ? (mapFields(x, f, arg) as C) : x;
}

/** A Map with `f` applied to its values and to its keys that `walksKey`; a copy (same order) only when one changed. */
function mapEntries<A>(m: Map<unknown, unknown>, f: ChildFn<A>, arg: A): Map<unknown, unknown> {
  let out: Map<unknown, unknown> | undefined;
  let i = 0;
  for (const [k, v] of m) {
    const k2 = walksKey(k) ? f(k, arg, new MapKey(i)) : k;
    const w = f(v, arg, k);
    if ((k2 !== k || w !== v) && out === undefined) out = new Map([...m].slice(0, i));
    out?.set(k2, w);
    i++;
  }
  return out ?? m;
}

/**
 * `obj` with `f` applied to each own enumerable string-keyed field; a plain-object copy only when
 * some field changed, else `obj` itself.
 */
export function mapFields<A>(obj: object, f: ChildFn<A>, arg: A): object {
  const rec = obj as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(rec)) {
    const v = f(rec[k], arg, k);
    if (v !== rec[k]) (out ??= { ...rec })[k] = v;
  }
  return out ?? obj;
}

/** The children of a container (or an object's fields, as `mapFields` sees them), as `mapChildren` visits them, for read-only walks. */
export function* childrenOf(x: object): Iterable<[key: unknown, value: unknown]> {
  if (Array.isArray(x)) yield* x.entries();
  else if (x instanceof Set) {
    let i = 0;
    for (const v of x) yield [i++, v];
  } else if (x instanceof Map) {
    let i = 0;
    for (const [k, v] of x) {
      if (walksKey(k)) yield [new MapKey(i), k];
      yield [k, v];
      i++;
    }
  } else yield* Object.entries(x);
}

/** How an error message prints the path to a child: `[3]`, `.get("k")` (a Map entry), `.keys()[0]` (a Map key), `.values()[2]` (a Set item), `.name`. */
export function childSegment(x: object, key: unknown): string {
  if (Array.isArray(x)) return `[${String(key)}]`;
  if (x instanceof Set) return `.values()[${String(key)}]`;
  if (key instanceof MapKey) return `.keys()[${key.index}]`;
  if (x instanceof Map) return `.get(${typeof key === 'string' ? JSON.stringify(key) : typeof key})`;
  return `.${String(key)}`;
}
