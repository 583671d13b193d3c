import { describe, expect, it } from 'vitest';
import { opRef } from 'dusk-graph/internal';
import { arange, fromArray, util, zeros } from 'dusk-image-ops';

describe('util.viewAsWindows', () => {
  it('returns a strided view of every window without copying', () => {
    const a = arange(60, undefined, 1, { dtype: 'int32' }).reshape([6, 10]);
    const w = util.viewAsWindows(a, { windowShape: [3, 4], step: 2 });
    expect(w).toMatchShape([2, 4, 3, 4]);
    expect(w.data).toBe(a.data);
    expect(w.get(1, 2, 0, 0)).toBe(2 * 10 + 4);
    expect(w.view([1, 2]).toArray()).toEqual([[24, 25, 26, 27], [34, 35, 36, 37], [44, 45, 46, 47]]);
    a.set([2, 4], -1);
    expect(w.get(1, 2, 0, 0)).toBe(-1);
  });

  it('takes one window size for every axis and defaults step to 1', () => {
    const w = util.viewAsWindows(arange(5), { windowShape: 3 });
    expect(w).toMatchShape([3, 3]);
    expect(w.toArray()).toEqual([[0, 1, 2], [1, 2, 3], [2, 3, 4]]);
  });

  it('works on views that are already strided', () => {
    const a = arange(24).reshape([4, 6]).view([null, [0, 6, 2]]);
    const w = util.viewAsWindows(a, { windowShape: [2, 2] });
    expect(w).toMatchShape([3, 2, 2, 2]);
    expect(w.view([0, 1]).toArray()).toEqual([[2, 4], [8, 10]]);
  });

  it('rejects windows that are too large or too small and steps below 1, naming the option', () => {
    const a = zeros([4, 5]);
    expect(() => util.viewAsWindows(a, { windowShape: [5, 2] })).toThrow(/viewAsWindows: option 'windowShape' is too large/);
    expect(() => util.viewAsWindows(a, { windowShape: [0, 2] })).toThrow(/option 'windowShape' is too small/);
    expect(() => util.viewAsWindows(a, { windowShape: 2, step: 0 })).toThrow(/option 'step' must be >= 1/);
    expect(() => util.viewAsWindows(a, { windowShape: [2, 2, 2] })).toThrow(/one entry per axis \(2\), received 3/);
    expect(() => util.viewAsWindows(a, {} as never)).toThrow(/viewAsWindows: option 'windowShape'/);
  });

  it('is registered to run on worker threads', () => {
    expect(opRef(util.viewAsWindows)?.name).toBe('viewAsWindows');
  });
});

describe('util dtype conversion', () => {
  it('re-exports imgAsFloat and imgAsUbyte with scikit-image scaling', () => {
    const u8 = fromArray([0, 51, 255], { dtype: 'uint8' });
    expect(util.imgAsFloat(u8)).toEqualArray([0, 0.2, 1]);
    expect(util.imgAsUbyte(fromArray([0, 0.5, 1]))).toEqualArray([0, 128, 255]);
    expect(opRef(util.imgAsUbyte)).toBeDefined();
  });
});

describe('float to integer conversion', () => {
  // Values and expected outputs from scikit-image 0.19.3 (util.img_as_ubyte / img_as_uint /
  // img_as_int): ties round half to even, and float32 images are scaled in float32 arithmetic
  // (0.5/255 stored as float32 times 255 is exactly 0.5 there, so it rounds to 0, not 1).
  const values = [0, 1, -1, 0.5 / 255, 1.5 / 255, 2.5 / 255, 254.5 / 255, 0.3, -0.3, -0.5 / 32767.5, 0.5 / 65535, 0.99999, -0.99999, 3.5 / 65535];
  const expected = {
    ubyte: [0, 255, 0, 0, 2, 2, 254, 76, 0, 0, 0, 255, 0, 0],
    uint: [0, 65535, 0, 128, 386, 642, 65406, 19660, 0, 0, 0, 65534, 0, 4],
    int: [0, 32767, -32768, 64, 192, 321, 32703, 9830, -9831, -1, 0, 32767, -32768, 1],
  };
  it.each(['float64', 'float32'] as const)('rounds %s images exactly as scikit-image does', (dtype) => {
    const image = fromArray(values, { dtype });
    expect(util.imgAsUbyte(image)).toEqualArray(expected.ubyte);
    expect(util.imgAsUint(image)).toEqualArray(expected.uint);
    expect(util.imgAsInt(image)).toEqualArray(expected.int);
  });

  it('refuses floats outside [-1, 1], naming the range it received', () => {
    expect(() => util.imgAsUbyte(fromArray([0, 1.5]))).toThrow(/between -1 and 1 to convert to uint8, received values in \[0, 1.5\]/);
  });
});
