/**
 * Several chunked inputs on one grid (Dask's `unify_chunks`): the inputs must have one shape
 * (numbers are broadcast to every block as they are; arrays of other shapes are refused, naming
 * both shapes), and along each axis the common grid is the union of every input's block edges,
 * so each input is only split, never merged (`rechunk` of a split is views, no copies).
 */
import { isChunked } from './brand.ts';
import type { ChunkedArray } from './chunked.ts';

/** The common refinement of several chunkings of one axis: every input's block edges. */
export function commonAxis(chunkLists: readonly (readonly number[])[]): number[] {
  const edges = new Set<number>();
  for (const cs of chunkLists) {
    let o = 0;
    for (const c of cs) edges.add((o += c));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  return sorted.map((e, i) => e - (i ? sorted[i - 1]! : 0)).filter((n, i) => n > 0 || (i === 0 && sorted.length === 1));
}

export function unifyChunks<T extends ChunkedArray | number>(where: string, inputs: readonly T[]): T[] {
  const arrays = inputs.filter((x): x is T & ChunkedArray => isChunked(x));
  if (arrays.length < 2) return [...inputs];
  const first = arrays[0]!;
  for (const [i, a] of inputs.entries()) {
    if (isChunked(a) && (a.ndim !== first.ndim || a.shape.some((n, ax) => n !== first.shape[ax]))) {
      throw new RangeError(`${where}: input ${i} has shape [${a.shape.join(', ')}], but the first array has [${first.shape.join(', ')}]; inputs must have one shape (numbers are broadcast)`);
    }
  }
  const chunks = first.shape.map((_, ax) => commonAxis(arrays.map((a) => a.chunks[ax]!)));
  return inputs.map((x) => (isChunked(x) ? (x.rechunk(chunks) as T) : x));
}
