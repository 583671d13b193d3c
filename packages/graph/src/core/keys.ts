/**
 * Keys: names of tasks.
 *
 * An impure call gets a unique key `name-<n>` from a per-process decimal counter (Dask uses a uuid; a
 * counter is unique within the process and much cheaper). A pure call gets `name-<token>` where
 * the token hashes the function's identity and its arguments (see `tokenize.ts`), so the same pure
 * call built twice has the same key and becomes one task.
 *
 * `keySplit` recovers the human name from a key, as Dask's `key_split`: `gaussian-12` → `gaussian`,
 * `load-image-9f3a…` → `load-image`.
 */
let counter = 0;

export function uniqueKey(name: string): string {
  return `${name}-${counter++}`;
}

const ALPHA = /^[A-Za-z_]+$/;
const TOKEN = /^[0-9a-f]{16}$/;

/** The name part of a key: words up to the first that is not purely alphabetic, or is a token. */
export function keySplit(key: string): string {
  const words = key.split('-');
  let out = words[0]!;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (!ALPHA.test(w) || TOKEN.test(w)) break;
    out += `-${w}`;
  }
  return out;
}

/** A display name for a function: its `name`, or `lambda` for anonymous functions. */
export function funcName(fn: unknown): string {
  const n = typeof fn === 'function' ? fn.name : undefined;
  if (!n) return 'lambda';
  return n.startsWith('bound ') ? n.slice(6) : n;
}
