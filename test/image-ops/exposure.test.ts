import { describe, expect, it } from 'vitest';
import { exposure, fromArray, zeros } from 'dusk-image-ops';

describe('exposure.histogram', () => {
  it('gives integer images one int32 bin per value between their min and max', () => {
    const [h, c] = exposure.histogram(fromArray([-3, 1, 0, 1], { dtype: 'int16' }));
    expect(h.dtype).toBe('int32');
    expect(h).toEqualArray([1, 0, 0, 1, 2]);
    expect(c).toEqualArray([-3, -2, -1, 0, 1]);
  });

  it('bins float images into nbins uniform bins and returns their centres', () => {
    const [h, c] = exposure.histogram(fromArray([0, 0.1, 0.5, 0.9, 1]), { nbins: 2 });
    expect(h).toEqualArray([2, 3]);
    expect(c).toEqualArray([0.25, 0.75]);
  });

  it('widens a constant float image by 0.5 each side and normalizes on request', () => {
    const [h, c] = exposure.histogram(fromArray([2, 2, 2]), { nbins: 4, normalize: true });
    expect(h.dtype).toBe('float64');
    expect(h).toEqualArray([0, 0, 1, 0]);
    expect(c).toEqualArray([1.625, 1.875, 2.125, 2.375]);
  });

  it('uses the whole dtype range with sourceRange dtype', () => {
    const [h, c] = exposure.histogram(fromArray([3, 3], { dtype: 'uint8' }), { sourceRange: 'dtype' });
    expect(h).toMatchShape([256]);
    expect(h.get(3)).toBe(2);
    expect(c.get(255)).toBe(255);
  });

  it('gives one row per channel with common bins when channelAxis is set', () => {
    const img = fromArray([[[0, 5], [1, 5]]], { dtype: 'uint8' });
    const [h, c] = exposure.histogram(img, { channelAxis: -1 });
    expect(h).toMatchShape([2, 6]);
    expect(h.toArray()).toEqual([[1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 2]]);
    expect(c).toMatchShape([6]);
  });

  it('rejects empty integer images and non-finite float ranges', () => {
    expect(() => exposure.histogram(zeros([0], { dtype: 'uint8' }))).toThrow(/histogram: image must not be empty/);
    expect(() => exposure.histogram(fromArray([0, NaN]))).toThrow(/histogram: autodetected range of \[NaN, NaN\] is not finite/);
    expect(() => exposure.histogram(fromArray([0, 1]), { nbins: 0 })).toThrow(/histogram: option 'nbins'/);
    expect(() => exposure.histogram(fromArray([-2e9, 2e9], { dtype: 'int32' }))).toThrow(/histogram: an integer histogram over .* needs 4000000001 bins/);
  });
});

describe('exposure.cumulativeDistribution', () => {
  it('rises to exactly 1 and keeps float32 for float32 images', () => {
    const [cdf, c] = exposure.cumulativeDistribution(fromArray([0.1, 0.2, 0.2, 0.9], { dtype: 'float32' }), { nbins: 4 });
    expect(cdf.dtype).toBe('float32');
    expect(cdf.get(3)).toBe(1);
    expect(cdf).toEqualArray([0.75, 0.75, 0.75, 1]);
    expect(c.dtype).toBe('float32');
  });

  it('refuses an empty image instead of returning NaNs', () => {
    expect(() => exposure.cumulativeDistribution(zeros([0]))).toThrow(/cumulativeDistribution: image must not be empty/);
  });
});

describe('exposure.equalizeHist', () => {
  it('maps every pixel to its cumulative frequency', () => {
    const img = fromArray([[3, 5, 7], [7, 7, 2]], { dtype: 'uint8' });
    const out = exposure.equalizeHist(img);
    expect(out.dtype).toBe('float64');
    expect(out).toBeCloseToArray([1 / 3, 0.5, 1, 1, 1, 1 / 6], { atol: 5e-16 });
  });

  it('keeps float32 images float32', () => {
    expect(exposure.equalizeHist(fromArray([0.1, 0.5, 0.7], { dtype: 'float32' })).dtype).toBe('float32');
  });

  it('takes the distribution from the masked pixels only but maps the whole image', () => {
    const img = fromArray([1, 2, 3, 4], { dtype: 'uint8' });
    const out = exposure.equalizeHist(img, { mask: fromArray([1, 1, 0, 0], { dtype: 'bool' }) });
    expect(out).toEqualArray([0.5, 1, 1, 1]);
  });

  it('rejects a mask of another shape, naming the option', () => {
    expect(() => exposure.equalizeHist(zeros([2, 2]), { mask: zeros([3, 2], { dtype: 'bool' }) })).toThrow(
      /equalizeHist: option 'mask' must have the image's shape \[2, 2\], received \[3, 2\]/,
    );
  });
});

describe('exposure.rescaleIntensity', () => {
  it('stretches the image range to the dtype range by default', () => {
    const out = exposure.rescaleIntensity(fromArray([51, 102, 153], { dtype: 'uint8' }));
    expect(out.dtype).toBe('uint8');
    expect(out).toEqualArray([0, 127, 255]);
    expect(exposure.rescaleIntensity(fromArray([51, 102, 153]))).toEqualArray([0, 0.5, 1]);
  });

  it('clips as NumPy does, maximum then minimum, so an inverted inRange maps everything to outRange\'s top (scikit-image)', () => {
    // np.clip(x, 1, 0) is 0 everywhere, and (0 - 1) / (0 - 1) = 1
    const out = exposure.rescaleIntensity(fromArray([0, 0.25, 0.5, 1]), { inRange: [1, 0] });
    expect(Array.from(out.data)).toEqual([1, 1, 1, 1]);
  });

  it('clips to inRange before mapping', () => {
    const out = exposure.rescaleIntensity(fromArray([51, 102, 153]), { inRange: [0, 102] });
    expect(out).toEqualArray([0.5, 1, 1]);
  });

  it('returns float for an explicit output pair (float32 for float32 images)', () => {
    const out = exposure.rescaleIntensity(fromArray([-10, 0, 10], { dtype: 'int16' }), { outRange: [0, 127] });
    expect(out.dtype).toBe('float64');
    expect(out).toEqualArray([0, 63.5, 127]);
    expect(exposure.rescaleIntensity(fromArray([0, 1], { dtype: 'float32' }), { outRange: [0, 2] }).dtype).toBe('float32');
  });

  it('maps to a named dtype range and clips a constant image into the output range', () => {
    const out = exposure.rescaleIntensity(fromArray([0, 0.5, 1]), { outRange: 'uint12' });
    expect(out.dtype).toBe('uint16');
    expect(out).toEqualArray([0, 2047, 4095]);
    const c = exposure.rescaleIntensity(fromArray([130, 130], { dtype: 'int32' }), { outRange: [0, 127] });
    expect(c).toEqualArray([127, 127]);
  });

  it('rejects ranges it does not know and dtypes it cannot store', () => {
    expect(() => exposure.rescaleIntensity(zeros([2]), { outRange: 'int8' })).toThrow(/option 'outRange' names dtype 'int8'/);
    expect(() => exposure.rescaleIntensity(zeros([2]), { inRange: 'uint9' as never })).toThrow(/rescaleIntensity: option 'inRange'/);
  });
});
