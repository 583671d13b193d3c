/**
 * `bytesOf(value)`: how many bytes of array data a task result holds, for profilers.
 *
 * Counts the typed arrays and ArrayBuffers reachable through arrays, Maps, plain objects and the
 * own fields of class instances (an NDArray counts its `data`), to a small depth. Views that
 * share one buffer are counted by their own extent, so two views of one image count twice.
 * Numbers, strings and other scalars count 0: the point is the large data a task keeps alive.
 */
const MAX_DEPTH = 4;

export function bytesOf(v: unknown, depth = 0): number {
  if (v === null || typeof v !== 'object') return 0;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return v.byteLength;
  if (depth >= MAX_DEPTH) return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += bytesOf(v[i], depth + 1);
  } else if (v instanceof Map) {
    for (const x of v.values()) n += bytesOf(x, depth + 1);
  } else if (v instanceof Set) {
    for (const x of v) n += bytesOf(x, depth + 1);
  } else {
    // Own enumerable string keys, as Object.keys, without building its array (a result of the
    // threads scheduler is sized once per task: the look-ahead budget, profilers).
    const rec = v as Record<string, unknown>;
    for (const k in rec) if (Object.hasOwn(rec, k)) n += bytesOf(rec[k], depth + 1);
  }
  return n;
}
