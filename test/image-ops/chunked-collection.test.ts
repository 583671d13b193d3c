/**
 * A ChunkedArray is a collection to dusk-graph's `compute` (the protocol of
 * `compute/collection.ts`): computed alone or next to Delayeds, in one graph.
 */
import { describe, expect, it } from 'vitest';
import { compute, delayed } from 'dusk-graph';
import 'dusk-scheduler';
import { arange, chunked, NDArray } from 'dusk-image-ops';

describe('ChunkedArray as a collection', () => {
  const x = arange(24).reshape([4, 6]);
  const c = chunked(x, { chunks: [2, 3] });

  for (const scheduler of ['sync', 'threads'] as const) {
    it(`computes inside a structure next to Delayeds (${scheduler})`, async () => {
      const total = delayed((a: NDArray) => Array.from(a.data as ArrayLike<number>).reduce((s, v) => s + v, 0))(x);
      const doubled = c.mul(2);
      const [arr, sum, nested] = await compute([doubled, total, { again: doubled }], { scheduler });
      expect(arr).toBeInstanceOf(NDArray);
      expect(Array.from(arr.data)).toEqual(Array.from(x.data, (v) => Number(v) * 2));
      expect(sum).toBe(276);
      expect(nested.again).toBe(arr);
    });
  }

  it('gives the same array from compute(c) as from c.compute()', async () => {
    const [viaCompute] = await compute([c]);
    expect(Array.from(viaCompute.data)).toEqual(Array.from((await c.compute()).data));
  });
});
