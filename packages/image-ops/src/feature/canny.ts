/**
 * `feature.canny` (scikit-image 0.19): Canny edge detection on a 2-D image; bool output.
 *
 * Steps, as scikit-image: the image is taken to float (`img_as_float`; float32 stays float32) and
 * smoothed with a Gaussian (`mode: 'constant'` by default), masked pixels excluded and the result
 * renormalized by the smoothed mask; `ndimage.sobel` along rows and columns; magnitude with
 * glibc's `hypot`; non-maximum suppression inside the (eroded) mask (`nonMaxSuppression.ts`);
 * hysteresis (`hysteresis.ts`). Thresholds default to 0.1 / 0.2 of the float magnitude; explicit
 * thresholds are divided by the dtype's maximum (255 for uint8), or read as quantiles of the
 * magnitude with `useQuantiles`. Smoothing and gradients come from `core/ndimage`.
 *
 * Footprint: the Gaussian's radius + 1 (sobel) + 1 (suppression). Hysteresis linking (and
 * quantile thresholds) are global, so chunked results can differ along edges crossing chunks.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { gaussianFilter, gaussianRadius, sobel, type BoundaryMode } from '../core/ndimage/index.ts';
import { allocate, dtypeRange, isFloat } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { modeSchema, ndarraySchema, requireArray, requireNdim, requireSameShape } from '../util/checks.ts';
import { erodedMask } from '../filters/mask.ts';
import { hysteresis, percentile } from './hysteresis.ts';
import { hypot, hypotf } from './hypot.ts';
import { nonMaxSuppression } from './nonMaxSuppression.ts';
import { defineOp } from '../core/defineOp.ts';

export interface CannyOptions {
  /** Standard deviation of the Gaussian smoothing. @default 1 */
  sigma?: number;
  /** Hysteresis low threshold (in the image dtype's units, or a quantile). @default 10% of the float range */
  lowThreshold?: number | null;
  /** Hysteresis high threshold (in the image dtype's units, or a quantile). @default 20% of the float range */
  highThreshold?: number | null;
  /** Only detect edges where the mask is nonzero. @default null */
  mask?: NDArray | null;
  /** Read the thresholds as quantiles in [0, 1] of the gradient magnitude. @default false */
  useQuantiles?: boolean;
  /** Boundary mode of the Gaussian smoothing. @default 'constant' */
  mode?: BoundaryMode;
  /** Value outside the image for `mode: 'constant'`. @default 0 */
  cval?: number;
}

const schema = z.strictObject({
  sigma: z.number().min(0).default(1),
  lowThreshold: z.number().nullable().default(null),
  highThreshold: z.number().nullable().default(null),
  mask: ndarraySchema.nullable().default(null),
  useQuantiles: z.boolean().default(false),
  mode: modeSchema.default('constant'),
  cval: z.number().default(0),
});

function threshold(field: string, value: number | null, fallback: number, quantiles: boolean, dtypeMax: number): number {
  if (value === null) return fallback;
  if (!quantiles) return value / dtypeMax;
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`canny: option '${field}' must be a quantile in [0, 1] with useQuantiles, received ${value}`);
  }
  return value;
}

/** Binary edge map of a 2-D image. */
export function canny(image: NDArray, options?: CannyOptions): NDArray<'bool'> {
  requireArray('canny', 'image', image);
  const o = parseOptions('canny', schema, options);
  requireNdim('canny', 'image', image, [2]);
  const dtypeMax = isFloat(image.dtype) ? 1 : dtypeRange(image.dtype)[1];
  let low = threshold('lowThreshold', o.lowThreshold, 0.1, o.useQuantiles, dtypeMax);
  let high = threshold('highThreshold', o.highThreshold, 0.2, o.useQuantiles, dtypeMax);
  if (high < low) throw new RangeError(`canny: lowThreshold (${low}) must not exceed highThreshold (${high})`);
  const [h, w] = image.shape as [number, number];
  const n = h * w;
  const img = imgAsFloat(image);
  const f32 = img.dtype === 'float32';
  const gauss = { mode: o.mode, cval: o.cval };

  let maskF: NDArray<'float64'>, masked: NDArray, eroded: Uint8Array;
  if (o.mask) {
    requireSameShape('canny', "option 'mask'", image, o.mask);
    const m = o.mask.values();
    const mv = allocate('float64', n), iv = allocate(img.dtype, n), src = img.values();
    for (let i = 0; i < n; i++) if (m[i]) { mv[i] = 1; iv[i] = src[i]!; }
    maskF = new NDArray(mv, [h, w], { dtype: 'float64' });
    masked = new NDArray(iv, [h, w], { dtype: img.dtype });
    eroded = erodedMask(maskF);
  } else {
    maskF = new NDArray(allocate('float64', n).fill(1), [h, w], { dtype: 'float64' });
    masked = img;
    eroded = new Uint8Array(n);
    for (let r = 1; r < h - 1; r++) eroded.fill(1, r * w + 1, r * w + w - 1);
  }
  const bleed = gaussianFilter(maskF, o.sigma, gauss).values();
  const smoothed = gaussianFilter(masked, o.sigma, gauss);
  const sv = smoothed.values() as Float32Array | Float64Array;
  for (let i = 0; i < n; i++) sv[i] = sv[i]! / (bleed[i]! + Number.EPSILON);

  const gj = sobel(smoothed, { axis: 1 }).values(), gi = sobel(smoothed, { axis: 0 }).values();
  const mag = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) mag[i] = f32 ? hypotf(gi[i]!, gj[i]!) : hypot(gi[i]!, gj[i]!);
  if (o.useQuantiles) [low, high] = [percentile(mag, 100 * low), percentile(mag, 100 * high)];

  const maxima = new Uint8Array(n);
  nonMaxSuppression(gi, gj, mag, eroded, h, w, f32, maxima);
  const out = allocate('bool', n);
  hysteresis(maxima, mag, low, high, h, w, out);
  return new NDArray(out, [h, w], { dtype: 'bool' });
}

defineOp(import.meta.url, {
  name: 'canny', fn: canny, schema, parityInputs: ['mask'],
  // The Gaussian's reach (truncate 4) plus one pixel for the Sobel gradient and one for non-maximum suppression.
  footprint: (o, shape) => shape.map(() => gaussianRadius(o.sigma, 4) + 2),
});
