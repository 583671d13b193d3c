/**
 * Tokens for pure keys: a cheap, deterministic fingerprint of a call's function and arguments.
 *
 * Primitives are fingerprinted by value with `Object.is` semantics (-0 differs from 0, NaN equals
 * NaN), `Delayed`s by key, arrays/plain objects/Maps recursively (up to a size bound, beyond which
 * the container's identity is used, as for plain objects with symbol keys; object keys are
 * length-prefixed so no two objects spell alike). Symbols are fingerprinted by identity (two
 * `Symbol('a')` differ), except registered `Symbol.for` symbols, which are their registry key.
 * Typed arrays, NDArrays, Sets and other class instances are fingerprinted by *identity* (a
 * per-object id kept in a WeakMap): hashing every byte of a big image on the main thread would
 * cost more than the task. So two equal-but-distinct arrays give different keys (no CSE, still
 * correct), and one array passed twice gives the same key. Functions are fingerprinted by their
 * op identity when they have one, else by identity.
 *
 * The fingerprint string is hashed to 64 bits and printed as hex: two 32-bit lanes over its
 * UTF-16 code units, one FNV-1a, the other seeded with the length and mixed with MurmurHash2's
 * multiplier and a xor-shift.
 */
import { opRef } from '../ops/defineOps.ts';
import { isPlainObject } from '../util/guards.ts';

const ids = new WeakMap<object, number>();
/** Unregistered symbols (only these may be WeakMap keys; a WeakMap lets them be collected). */
const symbolIds = new WeakMap<symbol, number>();
let nextId = 1;

function identity(o: object): string {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return `#${id}`;
}

function symbolPrint(x: symbol): string {
  const registered = Symbol.keyFor(x);
  if (registered !== undefined) return `Y${registered.length}:${registered}`;
  let id = symbolIds.get(x);
  if (id === undefined) symbolIds.set(x, (id = nextId++));
  return `y#${id}`;
}

const MAX_ITEMS = 64;

/** Anything with a `key` that marks it as a graph node (Delayed) is fingerprinted by key. */
export interface Keyed {
  readonly key: string;
}

function fingerprint(x: unknown, isKeyed: (v: object) => v is Keyed, depth: number): string {
  switch (typeof x) {
    case 'string': return `s${x.length}:${x}`;
    case 'number': return Object.is(x, -0) ? 'n-0' : `n${x}`;
    case 'boolean': return x ? 'T' : 'F';
    case 'undefined': return 'u';
    case 'bigint': return `b${x}`;
    case 'symbol': return symbolPrint(x);
    case 'function': {
      if (isKeyed(x)) return `k${x.key}`; // an attribute of a Delayed is a callable Delayed
      const ref = opRef(x);
      return ref ? `f${ref.module}#${ref.name}` : `f${identity(x)}`;
    }
  }
  if (x === null) return 'N';
  const o = x as object;
  if (isKeyed(o)) return `k${o.key}`;
  if (depth > 8) return identity(o);
  if (Array.isArray(o)) {
    if (o.length > MAX_ITEMS) return `A${identity(o)}`;
    return `[${o.map((e) => fingerprint(e, isKeyed, depth + 1)).join(',')}]`;
  }
  if (o instanceof Map) {
    if (o.size > MAX_ITEMS) return `M${identity(o)}`;
    return `M{${[...o].map(([k, v]) => `${fingerprint(k, isKeyed, depth + 1)}:${fingerprint(v, isKeyed, depth + 1)}`).join(',')}}`;
  }
  if (isPlainObject(o) && Object.keys(o).length <= MAX_ITEMS && Object.getOwnPropertySymbols(o).length === 0) {
    const rec = o as Record<string, unknown>;
    return `{${Object.keys(rec).sort().map((k) => `${k.length}:${k}:${fingerprint(rec[k], isKeyed, depth + 1)}`).join(',')}}`;
  }
  return identity(o);
}

function hash64(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** A 16-hex-digit token for the given values. */
export function tokenize(values: readonly unknown[], isKeyed: (v: object) => v is Keyed): string {
  return hash64(values.map((v) => fingerprint(v, isKeyed, 0)).join('|'));
}
