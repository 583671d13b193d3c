/**
 * What `encodeWire` refuses to send, and how it says so.
 *
 * Structured clone keeps some objects as their own kind (typed arrays, buffers, errors, dates,
 * regexps, boxed primitives): the codecs leave them alone (`isOpaque`). It refuses others
 * (functions, symbols, promises, weak collections, proxies) with a DataCloneError that names
 * neither the value nor where it sat; `encodeWire` refuses them itself (`Refusal`, whose path is
 * collected while the walk unwinds: `value.a[1].f`). A value nested deeper than `MAX_WIRE_DEPTH`
 * is refused too (the receiving thread's stack may be too small to read it), and when the depth
 * comes from a cycle the error names the cycle instead (`cycleIn`, run only on that error path).
 */
import { types } from 'node:util';
import { childrenOf, childSegment } from '../core/walk.ts';

/** Levels of arrays, objects, Sets and Maps a value may nest to cross threads. */
export const MAX_WIRE_DEPTH = 1000;

/** Objects structured clone keeps as their own kind (or refuses): never walked on either side. */
export function isOpaque(v: object): boolean {
  return types.isArrayBufferView(v) || types.isAnyArrayBuffer(v) || types.isNativeError(v) || v instanceof Error
    || types.isDate(v) || types.isRegExp(v) || types.isBoxedPrimitive(v);
}

/** Thrown inside the walk for a refused value; collects the path while unwinding. */
export class Refusal {
  readonly path: string[] = [];
  constructor(readonly what: string) {}
}

/** Thrown inside the walk when it goes deeper than `MAX_WIRE_DEPTH`. */
export const tooDeep = Object.freeze({ tooDeep: true });

/** Add the path segment of the child being encoded to a refusal thrown from it; return `e`. */
export function within(e: unknown, segment: string): unknown {
  if (e instanceof Refusal) e.path.push(segment);
  return e;
}

/** What structured clone refuses among objects that are not plain objects or arrays, or undefined. */
export function refusedObject(v: object): string | undefined {
  if (types.isProxy(v)) return 'a Proxy';
  if (types.isPromise(v)) return 'a Promise';
  if (types.isWeakMap(v) || types.isWeakSet(v) || v instanceof WeakRef) return `a ${v.constructor.name}`;
  return undefined;
}

/** The error message for a cycle in `value` (through what the encoder walks), if it has one. */
export function cycleIn(value: unknown): string | undefined {
  const ancestors = new Map<object, string>();
  const walk = (v: unknown, path: string): string | undefined => {
    if (v === null || typeof v !== 'object' || isOpaque(v) || ancestors.size > MAX_WIRE_DEPTH) return undefined;
    const seen = ancestors.get(v);
    if (seen !== undefined) return `encodeWire: ${path} refers back to ${seen} (a cycle); cyclic values cannot cross threads`;
    ancestors.set(v, path);
    for (const [key, x] of childrenOf(v)) {
      const found = walk(x, path + childSegment(v, key));
      if (found !== undefined) return found;
    }
    ancestors.delete(v);
    return undefined;
  };
  return walk(value, 'value');
}
