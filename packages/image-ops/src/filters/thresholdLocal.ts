/**
 * `filters.thresholdLocal` (scikit-image 0.19 `threshold_local`): a threshold image, each pixel
 * being a weighted mean of its `blockSize` neighbourhood minus `offset`.
 *
 * The image is cast (not rescaled) to float64, or kept float32; methods:
 * - 'gaussian' (default): scikit-image's `gaussian` with sigma `param`, or `(blockSize - 1) / 6`
 *   per axis, truncate 4 — so it reaches `floor(4·sigma + 0.5)` pixels, more than the block
 *   radius (e.g. 7 for blockSize 11);
 * - 'mean': scipy's `uniform_filter` of `blockSize`;
 * - 'median': scipy's `median_filter` of `blockSize`;
 * - 'generic': `param(values)` over the `blockSize` box (scipy's `generic_filter`).
 * `blockSize` is one odd positive integer for every axis or one per axis.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { genericFilter, medianFilter, uniformFilter, type BoundaryMode, type GenericFilterFn } from '../core/ndimage/index.ts';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { gaussian, gaussianSigmas } from './gaussian.ts';
import { modeSchema, requireArray, sigmaSchema } from '../util/checks.ts';
import { defineOp, type ParsedOptions } from '../core/defineOp.ts';

export type ThresholdLocalMethod = 'gaussian' | 'mean' | 'median' | 'generic';

export interface ThresholdLocalOptions {
  /** Odd size of the neighbourhood, for all axes or per axis. @default 3 */
  blockSize?: number | readonly number[];
  /** How the neighbourhood value is computed. @default 'gaussian' */
  method?: ThresholdLocalMethod;
  /** Subtracted from the neighbourhood value. @default 0 */
  offset?: number;
  /** How the image is extended beyond its border. @default 'reflect' */
  mode?: BoundaryMode;
  /** 'gaussian': sigma (scalar or per axis); 'generic': the function of the block's values. */
  param?: number | readonly number[] | GenericFilterFn;
  /** Value beyond the border in 'constant' mode. @default 0 */
  cval?: number;
}

const oddSize = z.number().int().min(1).refine((b) => b % 2 === 1, { message: 'block_size must be odd' });
const schema = z.strictObject({
  blockSize: z.union([oddSize, z.array(oddSize).min(1)]).default(3),
  method: z.enum(['gaussian', 'mean', 'median', 'generic']).default('gaussian'),
  offset: z.number().default(0),
  mode: modeSchema.default('reflect'),
  param: z.union([sigmaSchema, z.custom<GenericFilterFn>((f) => typeof f === 'function', { message: 'expected a function' })]).optional(),
  cval: z.number().default(0),
});

function blockSizes(blockSize: number | readonly number[], ndim: number): number[] {
  if (typeof blockSize === 'number') return new Array<number>(ndim).fill(blockSize);
  if (blockSize.length !== ndim) {
    throw new RangeError(`thresholdLocal: option 'blockSize' must have one value per axis (${ndim}), received ${blockSize.length} values`);
  }
  return [...blockSize];
}

/** The local threshold image (float32 for float32 input, else float64). */
export function thresholdLocal(image: NDArray, options?: ThresholdLocalOptions): NDArray<'float32' | 'float64'> {
  requireArray('thresholdLocal', 'image', image);
  const o = parseOptions('thresholdLocal', schema, options);
  const sizes = blockSizes(o.blockSize, image.ndim);
  const img: NDArray = image.dtype === 'float32' || image.dtype === 'float64' ? image : image.astype('float64');
  const dtype = img.dtype as 'float32' | 'float64';
  let t: NDArray;
  switch (o.method) {
    case 'gaussian': {
      if (typeof o.param === 'function') throw new TypeError("thresholdLocal: option 'param' must be a sigma for method 'gaussian', received a function");
      const sigma = o.param ?? sizes.map((b) => (b - 1) / 6);
      t = gaussian(img, { sigma, mode: o.mode, cval: o.cval });
      break;
    }
    case 'mean':
      t = uniformFilter(img, sizes, { mode: o.mode, cval: o.cval });
      break;
    case 'median':
      t = medianFilter(img, { size: sizes, mode: o.mode, cval: o.cval });
      break;
    case 'generic':
      if (typeof o.param !== 'function') {
        throw new TypeError("thresholdLocal: option 'param' must be a function of the block's values for method 'generic'");
      }
      t = genericFilter(img, o.param, { size: sizes, mode: o.mode, cval: o.cval });
      break;
  }
  const tv = t.values();
  const out = allocate(dtype, img.size);
  const off = dtype === 'float32' ? Math.fround(o.offset) : o.offset;
  for (let i = 0; i < out.length; i++) out[i] = tv[i]! - off;
  return new NDArray(out, img.shape, { dtype });
}

/** Reach per axis: the Gaussian's `floor(4·sigma + 0.5)` for 'gaussian', else the block radius. */
function thresholdLocalFootprint(o: ParsedOptions<z.output<typeof schema>>, shape: readonly number[]): number[] {
  const ndim = shape.length;
  const sizes = blockSizes(o.blockSize, ndim);
  if (o.method !== 'gaussian') return sizes.map((b) => b >> 1);
  const param = typeof o.param === 'function' ? undefined : o.param;
  const sig = gaussianSigmas('thresholdLocal', new Array<number>(ndim).fill(0), param ?? sizes.map((b) => (b - 1) / 6), null);
  return sig.map((s) => (s > 1e-15 ? Math.trunc(4 * s + 0.5) : 0));
}

defineOp(import.meta.url, { name: 'thresholdLocal', fn: thresholdLocal, schema, footprint: thresholdLocalFootprint });
