/**
 * The fast path of `parseOptions` (options.ts): an op called thousands of times on tiny images
 * with `undefined` or the same few option values (`{ sigma: 10 }`) ran zod's `safeParse` every
 * time (~6 µs and ~1 KB of garbage a call). Here a successful parse is remembered by *content*,
 * never by object identity (a user may change an options object between calls), so zod runs
 * only the first time a schema meets given keys and values:
 *
 * - Only schemas whose result is a pure function of the input are cached (`isPure`): objects,
 *   unions, optional/nullable/default wrappers, arrays, tuples and the scalar types with their
 *   built-in checks. Anything that runs user code (`refine`, `custom`, `instanceof`, `transform`,
 *   `pipe`, `overwrite`, `lazy`, ...) makes the whole schema uncached: zod parses every call.
 *   Defaults must be values (all of dusk's are): a function default would be called once.
 * - Only inputs that are `undefined` (treated as `{}`, as parseOptions does) or a plain object
 *   (prototype `Object.prototype` or null) whose own enumerable values are all primitives, -0
 *   excepted (zod keeps it, a Map key would not), are looked up; anything else goes to zod.
 * - The key is the sequence of (key, value) pairs in the object's own order, in a trie of Maps
 *   (no string is built per call); `{ a: undefined }` and `{}` are different entries.
 * - Only successes are stored, so every error message comes from zod as before. The stored
 *   result is deeply frozen and shared by every call that hits it; results that are not plain
 *   data are not stored. At most `MAX_ENTRIES` results per schema (then it stops adding).
 *
 * State: a WeakMap from schema to its trie (or `null` for an uncacheable schema).
 */
import type { z } from 'zod';

/** Stored results per schema; beyond this, new option values are parsed by zod every call. */
export const MAX_ENTRIES = 256;

/** zod node types whose parse depends on nothing but the input (their children checked too). */
const PURE_TYPES = new Set([
  'object', 'optional', 'nullable', 'nonoptional', 'default', 'readonly', 'union', 'array', 'tuple',
  'number', 'boolean', 'string', 'enum', 'literal', 'null', 'undefined', 'never',
]);
/** zod checks that compare the value and run no user code. */
const PURE_CHECKS = new Set([
  'greater_than', 'less_than', 'multiple_of', 'number_format', 'bigint_format', 'length_equals', 'max_length', 'min_length',
  'max_size', 'min_size', 'size_equals', 'string_format', 'describe', 'meta',
]);

interface ZodDef {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
}

/** True when parsing with `schema` runs no user code (so equal inputs give equal results). */
export function isPure(schema: z.ZodType, seen = new Set<z.ZodType>()): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
  if (!PURE_TYPES.has(def.type)) return false;
  if (def.checks?.some((c) => !PURE_CHECKS.has(c._zod.def.check))) return false;
  const children = [
    ...(def.type === 'object' ? Object.values(def.shape ?? {}) : []), def.catchall, def.innerType, ...(def.options ?? []), def.element,
    ...(def.items ?? []), def.rest,
  ];
  return children.every((c) => c === undefined || c === null || isPure(c, seen));
}

interface Node {
  /** The stored result for the path to this node (undefined: none yet). */
  out: unknown;
  next: Map<string, Map<unknown, Node>> | undefined;
}
interface Trie {
  root: Node;
  entries: number;
}

const tries = new WeakMap<z.ZodType, Trie | null>();

function trieOf(schema: z.ZodType): Trie | null {
  let t = tries.get(schema);
  if (t === undefined) {
    t = isPure(schema) ? { root: { out: undefined, next: undefined }, entries: 0 } : null;
    tries.set(schema, t);
  }
  return t;
}

/** A plain object (or `undefined`), the only inputs looked up. */
function isPlain(value: unknown): value is Record<string, unknown> | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A value that may be a key: a primitive, not -0. */
const keyable = (v: unknown): boolean => (typeof v !== 'object' || v === null) && typeof v !== 'function' && !Object.is(v, -0);

/**
 * The trie node for `value`'s (key, primitive value) pairs in order; undefined when `value` cannot
 * be a key, or (unless `make`, which adds the missing nodes) when it was never stored.
 */
function nodeFor(t: Trie, value: Record<string, unknown> | undefined, make: boolean): Node | undefined {
  let node = t.root;
  if (value === undefined) return node;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) return undefined;
    const v = value[k];
    if (!keyable(v)) return undefined;
    let byValue = node.next?.get(k);
    if (byValue === undefined) {
      if (!make) return undefined;
      (node.next ??= new Map()).set(k, (byValue = new Map()));
    }
    let child = byValue.get(v);
    if (child === undefined) {
      if (!make) return undefined;
      byValue.set(v, (child = { out: undefined, next: undefined }));
    }
    node = child;
  }
  return node;
}

/** The stored result for `value` under `schema`, or undefined (parse it with zod). */
export function cachedOptions(schema: z.ZodType, value: unknown): unknown {
  if (!isPlain(value)) return undefined;
  const t = trieOf(schema);
  return t === null ? undefined : nodeFor(t, value, false)?.out;
}

/** Plain data only: primitives, arrays and plain objects (what can be frozen and shared). */
function isPlainData(v: unknown): boolean {
  if (typeof v === 'function') return false;
  if (typeof v !== 'object' || v === null) return true;
  if (Array.isArray(v)) return v.every(isPlainData);
  return isPlain(v) && Object.values(v).every(isPlainData);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Remember zod's successful result `out` for `value` (when both can be shared); returns what to give the caller. */
export function storeOptions<T>(schema: z.ZodType, value: unknown, out: T): T {
  if (!isPlain(value)) return out;
  const t = trieOf(schema);
  if (t === null || t.entries >= MAX_ENTRIES || !isPlainData(out)) return out;
  const node = nodeFor(t, value, true);
  if (node === undefined) return out;
  if (node.out === undefined) {
    node.out = deepFreeze(out);
    t.entries++;
  }
  return node.out as T;
}
