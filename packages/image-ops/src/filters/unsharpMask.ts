/**
 * `filters.unsharpMask` (scikit-image 0.19 `skimage.filters.unsharp_mask`): sharpening by adding
 * back the detail a Gaussian blur removes, `result = image + (image - blurred) · amount`.
 *
 * - The image becomes float (`img_as_float` scaling, or unscaled with `preserveRange`); float32
 *   stays float32, everything else is float64 — and so is the result.
 * - `blurred` is scikit-image's `gaussian(image, sigma=radius, mode='reflect')` (truncate 4), so
 *   like gaussian it takes an (M, N, 3) image as RGB when no `channelAxis` is given. With
 *   `channelAxis`, each channel is sharpened on its own (scikit-image's per-channel loop, the same
 *   RGB guess made on each channel's slice): the channel axis gets sigma 0. (scikit-image 0.19
 *   slices a negative `channel_axis` along axis 0 and returns uninitialised memory for the rest;
 *   dusk takes it as the axis counted from the end, as every other op does.)
 * - Without `preserveRange` the result is clipped to [0, 1], or to [-1, 1] when any pixel of the
 *   float image is negative. That test looks at the whole image, so chunked processing cannot
 *   reproduce it block by block: the footprint is global unless `preserveRange` is set (then it
 *   is the Gaussian's reach, `floor(4·radius + 0.5)`, 0 on the channel axis).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { defineOp } from '../core/defineOp.ts';
import { globalReach } from '../core/footprint.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { gaussian, gaussianParamsForShape, gaussianSigmas, toFloatImage } from './gaussian.ts';
import { normalizeAxis, requireArray, sigmaSchema } from '../util/checks.ts';

export interface UnsharpMaskOptions {
  /** Standard deviation of the Gaussian blur, one for all (spatial) axes or one per axis. @default 1 */
  radius?: number | readonly number[];
  /** How strongly the detail is added back; may be 0 or negative. @default 1 */
  amount?: number;
  /** Keep integer images' values instead of scaling them to [0, 1] (and do not clip). @default false */
  preserveRange?: boolean;
  /** Axis of colour channels, each sharpened on its own; `null` or omitted: none (scikit-image's None). */
  channelAxis?: number | null;
}

const schema = z.strictObject({
  radius: sigmaSchema.default(1),
  amount: z.number().default(1),
  preserveRange: z.boolean().default(false),
  channelAxis: z.number().int().nullable().optional(),
});

/** The blur's sigma per axis of `shape`: scikit-image's per-channel slices, with 0 on the channel axis. */
function blurSigmas(shape: readonly number[], radius: number | readonly number[], channelAxis: number | null | undefined): number[] {
  if (channelAxis === null || channelAxis === undefined) return gaussianSigmas('unsharpMask', shape, radius, undefined);
  const axis = normalizeAxis('unsharpMask', 'channelAxis', channelAxis, shape.length);
  const s = gaussianSigmas('unsharpMask', shape.filter((_, i) => i !== axis), radius, undefined);
  s.splice(axis, 0, 0);
  return s;
}

/** The sharpened float image (float32 for float32 input, else float64). */
export function unsharpMask(image: NDArray, options?: UnsharpMaskOptions): NDArray<'float32' | 'float64'> {
  requireArray('unsharpMask', 'image', image);
  const o = parseOptions('unsharpMask', schema, options);
  const sigma = blurSigmas(image.shape, o.radius, o.channelAxis);
  const fimg = toFloatImage(image, o.preserveRange);
  const blurred = gaussian(fimg, { sigma, mode: 'reflect', channelAxis: null }).values();
  const x = fimg.values();
  const f32 = fimg.dtype === 'float32';
  const round = f32 ? Math.fround : (v: number) => v;
  const amount = round(o.amount);
  let lo = -Infinity;
  let hi = Infinity;
  if (!o.preserveRange) [lo, hi] = x.some((v) => v < 0) ? [-1, 1] : [0, 1];
  const out = f32 ? new Float32Array(x.length) : new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // NumPy's order: (image - blurred) * amount, then image + that, each rounded to the dtype.
    const r = round(v + round(round(v - blurred[i]!) * amount));
    out[i] = r < lo ? lo : r > hi ? hi : r;
  }
  return new NDArray(out, image.shape, { dtype: fimg.dtype });
}

defineOp(import.meta.url, {
  name: 'unsharpMask', fn: unsharpMask, schema,
  // The RGB guess for an unspecified channel axis, made once from the whole array's shape.
  resolve: (p, shape) => (p?.channelAxis == null ? { ...p, channelAxis: gaussianParamsForShape({}, shape).channelAxis ?? null } : p),
  footprint: (o, shape) =>
    o.preserveRange
      ? blurSigmas(shape, o.radius, o.channelAxis).map((v) => (v > 1e-15 ? Math.trunc(4 * v + 0.5) : 0))
      : globalReach('without preserveRange it clips to [-1, 1] or [0, 1] depending on whether any pixel of the whole image is negative'),
  blockOutput: (_o, [x]) => ({ shape: x!.shape, dtype: x!.dtype === 'float32' ? 'float32' : 'float64' }),
});
