import { describe, expect, it } from 'vitest';
import { fromArray, measure, zeros } from 'dusk-image-ops';

describe('measure.label', () => {
  it('joins diagonal neighbours only with connectivity 2', () => {
    const eye = fromArray([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { dtype: 'int32' });
    expect(measure.label(eye, { connectivity: 1 }).toArray()).toEqual([[1, 0, 0], [0, 2, 0], [0, 0, 3]]);
    expect(measure.label(eye, { connectivity: 2 }).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(measure.label(eye).dtype).toBe('int32');
  });

  it('separates touching regions of different values and honours background', () => {
    const x = fromArray([[1, 0, 0], [1, 1, 5], [0, 0, 0]], { dtype: 'int32' });
    expect(measure.label(x).toArray()).toEqual([[1, 0, 0], [1, 1, 2], [0, 0, 0]]);
    const eye = fromArray([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { dtype: 'int32' });
    expect(measure.label(eye, { background: -1 }).toArray()).toEqual([[1, 2, 2], [2, 1, 2], [2, 2, 1]]);
  });

  it('numbers labels in raster order of each region first pixel', () => {
    const x = fromArray([[0, 0, 7], [3, 0, 7], [3, 3, 0]], { dtype: 'uint8' });
    expect(measure.label(x).toArray()).toEqual([[0, 0, 1], [2, 0, 1], [2, 2, 0]]);
    const u = fromArray([[0, 1, 0, 1], [1, 1, 1, 1]], { dtype: 'uint8' });
    expect(measure.label(u, { connectivity: 1 }).toArray()).toEqual([[0, 1, 0, 1], [1, 1, 1, 1]]);
  });

  it('labels the False pixels of a bool image with background 1', () => {
    const b = fromArray([[1, 0], [0, 1]], { dtype: 'bool' });
    expect(measure.label(b, { background: 1 }).toArray()).toEqual([[0, 1], [1, 0]]);
    expect(measure.label(b, { connectivity: 1 }).toArray()).toEqual([[1, 0], [0, 2]]);
  });

  it('returns the count with returnNum, 0 for an image with no foreground', () => {
    const [labels, num] = measure.label(zeros([3, 4], { dtype: 'uint8' }), { returnNum: true });
    expect(num).toBe(0);
    expect(Array.from(labels.values()).every((v) => v === 0)).toBe(true);
    const [, n] = measure.label(fromArray([[1, 0, 1]], { dtype: 'uint8' }), { returnNum: true });
    expect(n).toBe(2);
    const [empty, e] = measure.label(zeros([0, 3], { dtype: 'uint8' }), { returnNum: true });
    expect(empty).toMatchShape([0, 3]);
    expect(e).toBe(0);
  });

  it('labels 1-pixel images', () => {
    expect(measure.label(fromArray([[5]], { dtype: 'uint8' })).toArray()).toEqual([[1]]);
    expect(measure.label(fromArray([[0]], { dtype: 'uint8' })).toArray()).toEqual([[0]]);
  });

  it('labels n-D images with any connectivity up to ndim', () => {
    const a = zeros([2, 2, 2, 2], { dtype: 'uint8' });
    a.set([0, 0, 0, 0], 1);
    a.set([1, 1, 1, 1], 1);
    a.set([0, 0, 0, 1], 1);
    const [, n1] = measure.label(a, { connectivity: 1, returnNum: true });
    const [l4, n4] = measure.label(a, { connectivity: 4, returnNum: true });
    expect(n1).toBe(2);
    expect(n4).toBe(1);
    expect(l4.get(1, 1, 1, 1)).toBe(1);
  });

  it('truncates float values to integers, as scikit-image casts to intp', () => {
    expect(measure.label(fromArray([[1.7, 1.2], [0.5, -0.3]])).toArray()).toEqual([[1, 1], [0, 0]]);
  });

  it('rejects connectivity outside 1..ndim and 0-d images', () => {
    const img = zeros([3, 3], { dtype: 'uint8' });
    expect(() => measure.label(img, { connectivity: 3 })).toThrow(/label: option 'connectivity' for a 2-D image must be in \[1, \.\.\., 2\], received 3/);
    expect(() => measure.label(img, { connectivity: 0 })).toThrow(/option 'connectivity'/);
    expect(() => measure.label(zeros([]))).toThrow(/label: image must have at least 1 axis/);
  });
});
