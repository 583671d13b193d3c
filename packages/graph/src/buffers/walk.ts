/**
 * The buffers a value reaches: walked through arrays, plain and class objects, Maps, Sets and
 * typed arrays (a view and the array it views share one buffer, so comparing buffers catches an
 * op that returns a view of its input, or the input itself).
 *
 * This is a reachability walk, not `core/walk.ts`'s structure walk: to prove a buffer unreachable
 * it must enter everything that can hold one — class instances (an NDArray), Sets, Map keys —
 * where the structure walker treats those as leaves.
 *
 * A value too large to walk (more than `MAX_WALK` objects) or holding a function (a closure may
 * capture anything) gives `undefined`: nothing can be concluded, and callers then reuse nothing.
 */

/** Most objects walked in one value. */
export const MAX_WALK = 10_000;

/** Every ArrayBuffer/SharedArrayBuffer reachable from `value`, or `undefined` when the walk gives up. */
export function buffersOf(value: unknown): Set<ArrayBufferLike> | undefined {
  const found = new Set<ArrayBufferLike>();
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : found;
  const seen = new Set<object>();
  const stack: object[] = [value];
  let visits = 0;
  // Only objects and functions are stacked: a long list of numbers costs one pass, not a walk.
  const push = (x: unknown): void => {
    if (x !== null && (typeof x === 'object' || typeof x === 'function')) stack.push(x);
  };
  try {
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (++visits > 10 * MAX_WALK) return undefined;
      if (typeof v === 'function') return undefined;
      if (seen.has(v)) continue;
      if (seen.size >= MAX_WALK) return undefined;
      seen.add(v);
      if (ArrayBuffer.isView(v)) found.add(v.buffer);
      else if (v instanceof SharedArrayBuffer || v instanceof ArrayBuffer) found.add(v);
      else if (v instanceof Map) {
        for (const [k, x] of v) {
          push(k);
          push(x);
        }
      }
      else if (v instanceof Set) for (const x of v) push(x);
      else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) push(v[i]);
      else for (const x of Object.values(v)) push(x);
    }
  } catch {
    return undefined; // an exotic value (a throwing getter, a revoked proxy)
  }
  return found;
}
