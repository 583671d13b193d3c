/**
 * `filters.gaussian` (scikit-image 0.19 `skimage.filters.gaussian`): n-D Gaussian smoothing.
 *
 * - Integer and bool images become float64 with `img_as_float` scaling, or unscaled with
 *   `preserveRange`; float32 stays float32 and float64 stays float64 (so is the output).
 * - `sigma` is a scalar or one value per axis; with `channelAxis`, a scalar (or one value per
 *   spatial axis) gets sigma 0 inserted on the channel axis, so channels are not mixed.
 * - Like scikit-image, a 3-D image whose last axis has length 3 is taken as RGB when
 *   `channelAxis` is left undefined (scikit-image warns); pass `channelAxis: null` to filter it
 *   as a volume. For chunked arrays the guess is made once from the whole array's shape
 *   (`gaussianParamsForShape`, gaussian's params resolver), never per block.
 * - The filtering is scipy's `gaussian_filter` (`core/ndimage`), default mode 'nearest',
 *   truncate 4: the kernel reaches `floor(truncate·sigma + 0.5)` pixels along each axis.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { defineOps } from 'dusk-graph';
import { declareInto, intoTarget } from '../chunked/into.ts';
import { gaussianFilter, gaussianFilterInto, type BoundaryMode } from '../core/ndimage/index.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { modeSchema, normalizeAxis, requireArray, sigmaSchema } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';

export interface GaussianOptions {
  /** Standard deviation, one for all axes or one per axis. @default 1 */
  sigma?: number | readonly number[];
  /** How the image is extended beyond its border. @default 'nearest' */
  mode?: BoundaryMode;
  /** Value beyond the border in 'constant' mode. @default 0 */
  cval?: number;
  /** Keep integer images' values instead of scaling them to [0, 1]. @default false */
  preserveRange?: boolean;
  /** Truncate the kernel at this many standard deviations. @default 4 */
  truncate?: number;
  /**
   * Axis of colour channels (filtered with sigma 0). `undefined` guesses RGB for (M, N, 3)
   * images as scikit-image does; `null` means no channel axis. @default undefined
   */
  channelAxis?: number | null;
}

const schema = z.strictObject({
  sigma: sigmaSchema.default(1),
  mode: modeSchema.default('nearest'),
  cval: z.number().default(0),
  preserveRange: z.boolean().default(false),
  truncate: z.number().min(0).default(4),
  channelAxis: z.number().int().nullable().optional(),
});

/** scikit-image's guess for an unspecified channel axis: the last one of an (M, N, 3) image. */
function guessChannelAxis(shape: readonly number[]): number | null {
  return shape.length === 3 && shape[2] === 3 ? -1 : null;
}

/** The per-axis sigmas scikit-image passes to scipy (channel axis → 0); `channelAxis` resolved. */
export function gaussianSigmas(
  op: string, shape: readonly number[], sigma: number | readonly number[], channelAxis: number | null | undefined,
): number[] {
  const ndim = shape.length;
  let ch = channelAxis;
  if (ch === undefined) ch = guessChannelAxis(shape);
  let s: number[] = typeof sigma === 'number' ? new Array<number>(ndim).fill(sigma) : [...sigma];
  if (ch !== null) {
    const axis = normalizeAxis(op, 'channelAxis', ch, ndim);
    if (typeof sigma === 'number') s = new Array<number>(ndim - 1).fill(sigma);
    if (s.length === ndim - 1) s.splice(axis, 0, 0);
  }
  if (s.length !== ndim) {
    throw new RangeError(`${op}: option 'sigma' must be a number or have one value per axis (${ndim}), received ${s.length} values`);
  }
  return s;
}

/** Floats pass through (float32 kept); others become float64, scaled unless `preserveRange`. */
export function toFloatImage(image: NDArray, preserveRange: boolean): NDArray<'float32' | 'float64'> {
  if (image.dtype === 'float32' || image.dtype === 'float64') return image as NDArray<'float32' | 'float64'>;
  return preserveRange ? image.astype('float64') : imgAsFloat(image);
}

/** Gaussian-smoothed float copy of `image` (float32 for float32 input, else float64). */
export function gaussian(image: NDArray, options?: GaussianOptions): NDArray<'float32' | 'float64'> {
  const { img, sigmas, filter } = prepare(image, options);
  return gaussianFilter(img, sigmas, filter) as NDArray<'float32' | 'float64'>;
}

function prepare(image: NDArray, options: GaussianOptions | undefined) {
  requireArray('gaussian', 'image', image);
  const o = parseOptions('gaussian', schema, options);
  const sigmas = gaussianSigmas('gaussian', image.shape, o.sigma, o.channelAxis);
  return { img: toFloatImage(image, o.preserveRange), sigmas, filter: { mode: o.mode, cval: o.cval, truncate: o.truncate } };
}

/**
 * mapOverlap's into variant (`chunked/into.ts`): `gaussian(block, options)`'s core — the block
 * less `lo`/`hi` per axis — stored straight into `out` at `start`.
 */
function gaussianInto(block: NDArray, options: GaussianOptions, out: NDArray, start: number[], lo: number[], hi: number[]): void {
  const { img, sigmas, filter } = prepare(block, options);
  gaussianFilterInto(img, sigmas, filter, intoTarget('gaussian', img, out, start, lo, hi));
}

/** `params` with `channelAxis` explicit (the RGB guess made) for an image of the given shape. */
export function gaussianParamsForShape(params: GaussianOptions | undefined, shape: readonly number[]): GaussianOptions {
  const p = params ?? {};
  return p.channelAxis !== undefined ? p : { ...p, channelAxis: guessChannelAxis(shape) };
}

const { gaussianInto: into } = defineOps(import.meta.url, { gaussianInto });

declareInto(defineOp(import.meta.url, {
  name: 'gaussian', fn: gaussian, schema, resolve: gaussianParamsForShape,
  // Reach per axis on the whole shape: floor(truncate·sigma + 0.5), 0 on the channel axis.
  footprint: (o, shape) => gaussianSigmas('gaussian', shape, o.sigma, o.channelAxis).map((v) => (v > 1e-15 ? Math.trunc(o.truncate * v + 0.5) : 0)),
  // Its mode only extends the image beyond its edges: scipy's 'reflect' = Dask's 'reflect' (NumPy 'symmetric').
  edgeModes: { modeKey: 'mode', cvalKey: 'cval', boundaries: { reflect: 'reflect', nearest: 'nearest', periodic: 'wrap', constant: 'constant' } },
  // The shape is kept; float32 stays float32, everything else becomes float64.
  blockOutput: (_o, [x]) => ({ shape: x!.shape, dtype: x!.dtype === 'float32' ? 'float32' : 'float64' }),
}), into as (...a: Parameters<typeof gaussianInto>) => void);
