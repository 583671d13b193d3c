/**
 * `ChunkedArray.store(target)` (Dask's `da.store`, NumPy's `out=`; `chunked/store.ts`): the result
 * lands in an array the caller already has — the same values `compute()` gives, in place, for a
 * target of any layout (a slice of a bigger stack), on a shared or a plain buffer, on every
 * executor — and a target that does not fit, or that an input lives in, is refused saying why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from 'dusk-scheduler';
import { allocate, chunked, filters, NDArray, zeros } from 'dusk-image-ops';
import { noise } from '../helpers/index.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());
const EXECUTORS = [['sync', { scheduler: 'sync' }], ['threads', { pool }]] as const;

const x = noise([10, 23, 19]).astype('float32');
/** A gaussian run on tiles with the into variant, and a pointwise chain of blocks. */
const ARRAYS = {
  mapOverlap: () => chunked(x, { chunks: [5, 12, 10] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1.5 }),
  blocks: () => chunked(x, { chunks: [5, 12, 10] }).mul(2).add(1),
};

describe('ChunkedArray.store', () => {
  for (const [name, options] of EXECUTORS) {
    for (const [kind, make] of Object.entries(ARRAYS)) {
      it(`writes the values compute() gives into the target and returns it (${kind}, ${name})`, async () => {
        const y = make();
        const want = await y.compute(options);
        const target = zeros(y.shape, { dtype: 'float32' });
        expect(await y.store(target, options)).toBe(target);
        expect(target.values()).toEqualArray(want.values());
        // Again into the same target: the same values over the old ones.
        target.data.fill(-7);
        await y.store(target, options);
        expect(target.values()).toEqualArray(want.values());
      });

      it(`writes into a slice of a bigger stack and leaves the rest alone (${kind}, ${name})`, async () => {
        const y = make();
        const want = await y.compute(options);
        const stack = zeros([3, ...y.shape], { dtype: 'float32' });
        await y.store(stack.view([1, [0, y.shape[0]!], [0, y.shape[1]!], [0, y.shape[2]!]]), options);
        expect(stack.view([1, [0, y.shape[0]!], [0, y.shape[1]!], [0, y.shape[2]!]]).values()).toEqualArray(want.values());
        for (const k of [0, 2]) expect(stack.view([k, [0, y.shape[0]!], [0, y.shape[1]!], [0, y.shape[2]!]]).values().every((v) => v === 0)).toBe(true);
      });

      it(`writes into a target on a plain ArrayBuffer (${kind}, ${name})`, async () => {
        const y = make();
        const want = await y.compute(options);
        const target = new NDArray(allocate('float32', y.size, { shared: false }), y.shape, { dtype: 'float32' });
        expect(target.data.buffer).toBeInstanceOf(ArrayBuffer);
        await y.store(target, options);
        expect(target.values()).toEqualArray(want.values());
      });
    }
  }

  it('refuses a target of another shape or dtype, naming the expected and the received', () => {
    const y = ARRAYS.mapOverlap();
    expect(() => y.store(zeros([10, 23, 18], { dtype: 'float32' }))).toThrow("store: target must have the array's shape [10, 23, 19], received [10, 23, 18]");
    expect(() => y.store(zeros([10, 23, 19], { dtype: 'float64' }))).toThrow("store: target must have the array's dtype float32, received float64");
    expect(() => y.store(new Float32Array(10) as never)).toThrow('store: target must be an NDArray, received Float32Array');
  });

  it('refuses a target that an input of the computation lives in', () => {
    const src = noise([6, 8, 8]).astype('float32');
    const y = chunked(src, { chunks: [3, 4, 4] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 1 });
    expect(() => y.store(src)).toThrow(/store: target shares its memory with an input of the computation \(task '.*'\); store into a separate array/);
    // A view of the input is the same memory.
    const big = zeros([2, 6, 8, 8], { dtype: 'float32' });
    const inView = big.view([0, [0, 6], [0, 8], [0, 8]]);
    const z = chunked(inView, { chunks: [3, 4, 4] }).mul(2);
    expect(() => z.store(big.view([1, [0, 6], [0, 8], [0, 8]]))).toThrow(/shares its memory/);
  });
});
