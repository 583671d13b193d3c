/**
 * NumPy's habits, safely: a dtype string where NumPy takes one; anything else there is an error
 * naming the argument, never silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { arange, fromArray, full, ndarray, util, zeros } from 'dusk-image-ops';

describe('constructors with a dtype in NumPy position', () => {
  it('take a dtype string as well as the options object', () => {
    expect(zeros([3, 3], 'uint8').dtype).toBe('uint8');
    expect(zeros([3, 3], { dtype: 'int16' }).dtype).toBe('int16');
    expect(zeros(4, 'float32').shape).toEqual([4]);
    const f = full([2, 2], 7, 'int16');
    expect([f.dtype, ...f.values()]).toEqual(['int16', 7, 7, 7, 7]);
    expect(arange(5, 'uint8').dtype).toBe('uint8');
    expect(arange(2, 5, 'int32').toArray()).toEqual([2, 3, 4]);
    const r = arange(0, 1, 0.25, 'float32');
    expect([r.dtype, ...r.values()]).toEqual(['float32', 0, 0.25, 0.5, 0.75]);
    expect(fromArray([[1, 2], [3, 4]], 'uint8').dtype).toBe('uint8');
    expect(zeros([2]).dtype).toBe('float64');
  });

  it('refuse anything else in the dtype position, naming the argument', () => {
    expect(() => zeros([3, 3], 'uint9' as never)).toThrow(/zeros: argument 'dtype' must be one of bool, uint8, .* received "uint9"/);
    expect(() => zeros([3, 3], 3 as never)).toThrow(/zeros: argument 'dtype' must be a dtype name or an options object .*received number 3/);
    expect(() => zeros([3, 3], { dtpye: 'uint8' } as never)).toThrow(/zeros: options Unrecognized key: "dtpye"/);
    expect(() => full([2], 'uint8' as never)).toThrow(/full: argument 'value' must be a number, received "uint8"/);
    expect(() => arange('5' as never)).toThrow(/arange: argument 'start' must be a number/);
    expect(() => arange(0, 10, 0)).toThrow(/step non-zero/);
    expect(() => (arange as (...a: unknown[]) => unknown)(1, 2, 3, 'uint8', 5)).toThrow(/at most numbers start, stop, step and a dtype/);
    expect(() => fromArray([1, 2], 'int64' as never)).toThrow(/fromArray: argument 'dtype' must be one of/);
    expect(() => fromArray(7 as never)).toThrow(/fromArray: argument 'values' must be an array/);
    expect(() => zeros('3' as never)).toThrow(/zeros: argument 'shape' must be a list/);
    expect(() => ndarray(new Uint8Array(4), [4], 'u8' as 'uint8')).toThrow(/ndarray: argument 'dtype' must be one of/);
  });

  it('leave no other public function to misread a dtype or a shape', () => {
    const a = zeros([2, 2]);
    expect(() => a.astype('uint9' as never)).toThrow(/NDArray.astype: argument 'dtype' must be one of/);
    expect(() => util.convert(a, 'uint9' as never)).toThrow(/convert: argument 'dtype' must be one of/);
    expect(() => a.view(1 as never)).toThrow(/NDArray.view: argument 'slices' must be a list/);
    expect(a.reshape(4).shape).toEqual([4]);
  });
});
