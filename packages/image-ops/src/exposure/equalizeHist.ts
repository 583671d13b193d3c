/**
 * `exposure.equalizeHist` (scikit-image 0.19): map every pixel through the image's cumulative
 * distribution (`np.interp(image, binCenters, cdf)`), giving values in (0, 1].
 *
 * With `mask` (same shape; nonzero = used), the distribution is taken from the masked pixels only
 * and applied to the whole image. Output is float64, float32 for float32 images. `nbins` only
 * matters for float images: integer images use one bin per integer value.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { ndarraySchema, requireArray, requireSameShape } from '../util/checks.ts';
import { interp } from './binning.ts';
import { cdfOf } from './cumulativeDistribution.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface EqualizeHistOptions {
  /** Number of histogram bins for float images. @default 256 */
  nbins?: number;
  /** Only pixels where the mask is nonzero shape the distribution. @default null */
  mask?: NDArray | null;
}

const schema = z.strictObject({
  nbins: z.number().int().min(1).default(256),
  mask: ndarraySchema.nullable().default(null),
});

/** Histogram-equalized image. */
export function equalizeHist(image: NDArray, options?: EqualizeHistOptions): NDArray<'float32' | 'float64'> {
  requireArray('equalizeHist', 'image', image);
  const { nbins, mask } = parseOptions('equalizeHist', schema, options);
  const v = image.values();
  let source: NDArray = image;
  if (mask) {
    requireSameShape('equalizeHist', "option 'mask'", image, mask);
    const m = mask.values();
    let n = 0;
    for (let i = 0; i < m.length; i++) if (m[i]) n++;
    const picked = allocate(image.dtype, n, { shared: false });
    for (let i = 0, k = 0; i < m.length; i++) if (m[i]) picked[k++] = v[i]!;
    source = new NDArray(picked, [n], { dtype: image.dtype });
  }
  const [cdf, centers] = cdfOf(source, nbins, 'equalizeHist');
  const dtype = image.dtype === 'float32' ? 'float32' : 'float64';
  const out = allocate(dtype, v.length);
  const xp = centers.values(), fp = cdf.values();
  if (centers.dtype === 'int32') {
    // Integer images: bin centres are consecutive integers and every pixel hits one exactly
    // (np.interp returns fp there); pixels outside (only possible with a mask) take an end value.
    const lo = xp[0]!, last = xp.length - 1;
    for (let i = 0; i < v.length; i++) {
      const k = v[i]! - lo;
      out[i] = fp[k < 0 ? 0 : k > last ? last : k]!;
    }
  } else {
    interp(v, xp, fp, out);
  }
  return new NDArray(out, image.shape, { dtype });
}

defineOp(import.meta.url, { name: 'equalizeHist', fn: equalizeHist, schema, parityInputs: ['mask'], footprint: globalFootprint('the equalizing map comes from the histogram of every pixel') });
