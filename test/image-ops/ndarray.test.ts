import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from 'dusk-graph/internal';
import { NDArray, arange, fromArray, ndarray, zeros } from 'dusk-image-ops';

describe('NDArray', () => {
  it('allocates on a SharedArrayBuffer in C order by default', () => {
    const a = zeros([2, 3], { dtype: 'uint8' });
    expect(a.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.strides).toEqual([3, 1]);
    a.set([1, 2], 7);
    expect(a.data[5]).toBe(7);
    expect(a.get(-1, -1)).toBe(7);
  });

  it('slices views without copying and reads them in C order', () => {
    const a = arange(24).reshape([2, 3, 4]);
    const v = a.view([1, [0, 3, 2], [1, 3]]);
    expect(v).toMatchShape([2, 2]);
    expect(v.data).toBe(a.data);
    expect(v).toEqualArray([13, 14, 21, 22]);
    expect(v.isContiguous).toBe(false);
    expect(v.copy().isContiguous).toBe(true);
  });

  it('computes reductions as NumPy does, variance being population variance', () => {
    const a = fromArray([[1, 2], [3, 4]]);
    expect(a.sum()).toBe(10);
    expect(a.mean()).toBe(2.5);
    expect(a.variance()).toBe(1.25);
    expect(a.min()).toBe(1);
    expect(a.max()).toBe(4);
    expect(fromArray([1, NaN, 3]).max()).toBeNaN();
  });

  it('sums a large array with pairwise accuracy', () => {
    const n = 1_000_003;
    const a = zeros([n]);
    a.data.fill(0.1);
    expect(Math.abs(a.sum() - n * 0.1)).toBeLessThan(1e-7);
  });

  it('rejects bad shapes and indices with messages naming the problem', () => {
    expect(() => zeros([2, -1])).toThrow(/shape\[1\] must be a non-negative integer, received -1/);
    expect(() => zeros([2, 2]).get(2, 0)).toThrow(/index 2 is out of bounds for axis 0 with size 2/);
    expect(() => fromArray([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => ndarray(new Float32Array(3), [2, 2])).toThrow(/needs 4 elements/);
  });

  it('survives a wire round trip as an NDArray sharing its storage', () => {
    const a = arange(6, undefined, 1, { dtype: 'int16' }).reshape([2, 3]).view([null, [1, 3]]);
    const back = decodeWire(structuredClone(encodeWire({ img: a, list: [a] }))) as { img: NDArray; list: NDArray[] };
    expect(back.img).toBeInstanceOf(NDArray);
    expect(back.img.dtype).toBe('int16');
    expect(back.list[0]!.toArray()).toEqual([[1, 2], [4, 5]]);
    back.img.set([0, 0], 99);
    expect(a.get(0, 0)).toBe(99);
  });
});
