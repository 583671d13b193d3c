/**
 * `filters.laplace` (scikit-image 0.19): the discrete Laplacian, i.e. convolution with the
 * 3^ndim kernel holding 2·ndim at the centre and -1 at the two neighbours along each axis
 * (scipy's `convolve`, mode 'reflect'), then the edge-filter `mask` rule.
 *
 * As in scikit-image 0.19, `ksize` only sizes the transfer function that `laplacian()` also
 * returns: the kernel is 3 wide whatever `ksize` is, and `ksize` must be an integer ≥ 3 (smaller
 * values fail there). So the op reaches 1 pixel along each axis.
 * Float images keep their dtype; others become float64 (`img_as_float`).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { asFloat64, separableCorrelate } from '../core/ndimage/index.ts';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { applyMask } from './edges.ts';
import { requireArray } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { uniformFootprint } from '../core/footprint.ts';

export interface LaplaceOptions {
  /** Size of the discrete Laplacian operator (≥ 3; the kernel itself is always 3 wide). @default 3 */
  ksize?: number;
  /** Only pixels inside this mask (eroded by one pixel) keep their value. */
  mask?: NDArray;
}

const schema = z.strictObject({
  ksize: z.number().int().min(3).default(3),
  mask: z.instanceof(NDArray).optional(),
});

/** The Laplacian of `image` (float32 for float32 input, else float64). */
export function laplace(image: NDArray, options?: LaplaceOptions): NDArray<'float32' | 'float64'> {
  requireArray('laplace', 'image', image);
  const o = parseOptions('laplace', schema, options);
  const img = image.dtype === 'float32' || image.dtype === 'float64' ? image : imgAsFloat(image);
  const nd = img.ndim;
  const acc = new Float64Array(img.size);
  if (nd > 0 && img.size > 0) {
    // Σ over axes of [-1, 2, -1] along that axis = 2·ndim·x - Σ neighbours.
    for (let ax = 0; ax < nd; ax++) {
      const r = asFloat64(separableCorrelate('laplace', img, [{ axis: ax, weights: Float64Array.of(-1, 2, -1), mode: 'reflect', cval: 0 }], 'float64'));
      for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + r[i]!;
    }
  } else if (img.size > 0) {
    acc[0] = 0;
  }
  const out = allocate(img.dtype as 'float32' | 'float64', img.size);
  out.set(acc);
  if (o.mask !== undefined) applyMask('laplace', out, img.shape, o.mask);
  return new NDArray(out, img.shape, { dtype: img.dtype as 'float32' | 'float64' });
}

// The kernel is 3 wide whatever ksize is: one pixel of reach per axis.
defineOp(import.meta.url, { name: 'laplace', fn: laplace, schema, footprint: uniformFootprint(1), parityInputs: ['mask'] });
