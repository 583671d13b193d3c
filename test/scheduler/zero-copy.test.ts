/**
 * Data crosses threads without copies: SharedArrayBuffer-backed typed arrays and NDArrays are
 * shared in both directions, and NDArrays arrive as NDArrays (wire codecs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NDArray, zeros } from 'dusk-image-ops';
import { compute, createPool, delayed, Profiler } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';
import { ndOps } from './fixtures/nd-ops.ts';
import { genericOps } from './fixtures/generic-ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());
// Always send worker ops to workers here, however cheap they measure.
const onWorkers = { pool, inlineBelowUs: 0 } as const;

describe('zero-copy data', () => {
  it('lets a worker op write into a SharedArrayBuffer-backed array the main thread passed in', async () => {
    const arr = new Float64Array(new SharedArrayBuffer(8 * 1000));
    const prof = new Profiler();
    expect(await compute(delayed(ops.fillWith)(arr, 7), { ...onWorkers, callbacks: [prof] })).toBe(1000);
    expect(prof.results[0]!.thread).not.toBe(0);
    expect(arr.every((v) => v === 7)).toBe(true);
  });

  it('returns a SharedArrayBuffer allocated by a worker as the same memory the main thread reads', async () => {
    const made = await compute(delayed(ops.makeShared)(16, 3), onWorkers);
    expect(made.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(made)).toEqual(new Array(16).fill(3));
    // A second worker op writes into it: the main thread's array sees the write.
    await compute(delayed(ops.fillWith)(made, 9), onWorkers);
    expect(Array.from(made)).toEqual(new Array(16).fill(9));
  });

  it('rebuilds NDArrays on both sides and keeps their data shared', async () => {
    const a = await compute(delayed(ndOps.ndFull)([4, 5], 2), onWorkers);
    expect(a).toBeInstanceOf(NDArray);
    expect(a.dtype).toBe('float32');
    expect(a.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.sum()).toBe(40);
    await compute(delayed(ndOps.ndFill)(a, 1), onWorkers);
    expect(a.sum()).toBe(20);
  });

  it('passes strided views of a shared image with their offset and strides', async () => {
    const img = zeros([6, 8]);
    const window = img.view([[1, 5], [2, 8, 2]]);
    const seen = await compute(delayed(ndOps.describe)(window), onWorkers);
    expect(seen).toEqual({ isNDArray: true, shared: true, shape: [4, 3], strides: [8, 2], offset: 10 });
    expect(await compute(delayed(ndOps.ndFill)(window, 5), onWorkers)).toBe(12);
    expect(img.sum()).toBe(60);
    expect(img.get(1, 2)).toBe(5);
    expect(img.get(1, 3)).toBe(0);
    expect(img.get(0, 2)).toBe(0);
  });

  it('hands a worker result to the next worker task without copying it', async () => {
    const a = delayed(ndOps.ndFull)([3, 3], 1);
    const filled = delayed(ndOps.ndFill)(a, 4);
    const [arr, n] = await compute([a, filled], { ...onWorkers, optimizeGraph: false });
    expect(n).toBe(9);
    // `a` was filled in place by the second task: both saw the same buffer.
    expect(arr.sum()).toBe(36);
  });

  it('rebuilds an NDArray on a worker whose op module never imported image-ops', async () => {
    await using fresh = createPool({ workers: 1 });
    const a = zeros([3, 4]);
    a.data.fill(2);
    expect(await compute(delayed(genericOps.describeArg)(a as never), { pool: fresh, inlineBelowUs: 0 })).toEqual({ ctor: 'NDArray', sum: 24 });
  });
});
