/**
 * The mark of a ChunkedArray, so the modules that build chunked arrays (`blockwise.ts`,
 * `elementwise.ts`, `structure.ts`, `unify.ts`, ...) can tell one from other values without a
 * load-time import of `chunked.ts`, whose methods call them (no import cycle; issue 13).
 *
 * `ChunkedArray` carries `chunkedBrand` on its prototype, so `isChunked` holds for exactly the
 * values `instanceof ChunkedArray` holds for (subclasses included). Those modules build their
 * results with `x.derive(...)` on an input they already have, never `new ChunkedArray`.
 */
import type { ChunkedArray } from './chunked.ts';

export const chunkedBrand: unique symbol = Symbol('dusk.ChunkedArray');

/** `x instanceof ChunkedArray`, without importing the class. */
export function isChunked(x: unknown): x is ChunkedArray {
  return typeof x === 'object' && x !== null && chunkedBrand in x;
}
