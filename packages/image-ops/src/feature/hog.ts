/**
 * `feature.hog` (scikit-image 0.19): Histogram of Oriented Gradients.
 *
 * Stages, as scikit-image: optional square-root compression (`transformSqrt`), central-difference
 * gradients (for multichannel images, per pixel the channel with the largest gradient magnitude),
 * per-cell orientation histograms (`hogHistograms.ts`), block normalization (`hogBlocks.ts`), and
 * optionally the visualization image (`hogImage.ts`). The image is cast to float without
 * rescaling (uint8 stays 0..255), float32 computes and returns float32, anything else float64.
 * Returns the flattened feature vector, or the (nBlocksRow, nBlocksCol, bRow, bCol, orientations)
 * array with `featureVector: false`; with `visualize: true`, `[features, hogImage]`.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { moveAxisToEnd, normalizeAxis, requireArray } from '../util/checks.ts';
import { hogBlocks, type BlockNorm } from './hogBlocks.ts';
import { channelGradient, hogHistograms } from './hogHistograms.ts';
import { hogImage } from './hogImage.ts';
import { hypot, hypotf } from './hypot.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface HogOptions {
  /** Number of orientation bins over [0°, 180°). @default 9 */
  orientations?: number;
  /** Cell size in pixels, [rows, cols]. @default [8, 8] */
  pixelsPerCell?: readonly [number, number];
  /** Block size in cells, [rows, cols]. @default [3, 3] */
  cellsPerBlock?: readonly [number, number];
  /** Block normalization. @default 'L2-Hys' */
  blockNorm?: BlockNorm;
  /** Also return the HOG visualization image. @default false */
  visualize?: boolean;
  /** Take the square root of the image first (requires non-negative values). @default false */
  transformSqrt?: boolean;
  /** Return the features flattened to 1-D. @default true */
  featureVector?: boolean;
  /** Axis holding colour channels; `null` for a 2-D grey image. @default null */
  channelAxis?: number | null;
}

export type HogFeatures = NDArray<'float32' | 'float64'>;

const pair = z.tuple([z.number().int().min(1), z.number().int().min(1)]);
const schema = z.strictObject({
  orientations: z.number().int().min(1).default(9),
  pixelsPerCell: pair.default([8, 8]),
  cellsPerBlock: pair.default([3, 3]),
  blockNorm: z.enum(['L1', 'L1-sqrt', 'L2', 'L2-Hys']).default('L2-Hys'),
  visualize: z.boolean().default(false),
  transformSqrt: z.boolean().default(false),
  featureVector: z.boolean().default(true),
  channelAxis: z.number().int().nullable().default(null),
});

/** Float copy of the image (channels last), square-rooted when asked. */
function prepare(image: NDArray, axis: number | null, sqrt: boolean, f32: boolean): Float32Array | Float64Array {
  const v = (axis === null ? image : moveAxisToEnd(image, axis)).values();
  const out = f32 ? new Float32Array(v.length) : new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (sqrt && x < 0) throw new RangeError(`hog: transformSqrt needs non-negative values, received ${x}`);
    out[i] = sqrt ? Math.sqrt(x) : x;
  }
  return out;
}

/** HOG descriptor of a 2-D image; with `visualize: true`, also its visualization. */
export function hog(image: NDArray, options: HogOptions & { visualize: true }): [HogFeatures, HogFeatures];
export function hog(image: NDArray, options?: HogOptions & { visualize?: false }): HogFeatures;
export function hog(image: NDArray, options?: HogOptions): HogFeatures | [HogFeatures, HogFeatures];
export function hog(image: NDArray, options?: HogOptions): HogFeatures | [HogFeatures, HogFeatures] {
  requireArray('hog', 'image', image);
  const o = parseOptions('hog', schema, options);
  if (image.ndim < 2) image = image.reshape(image.ndim === 0 ? [1, 1] : [1, image.size]); // np.atleast_2d
  const axis = o.channelAxis === null ? null : normalizeAxis('hog', 'channelAxis', o.channelAxis, image.ndim);
  if (image.ndim - (axis === null ? 0 : 1) !== 2) {
    throw new RangeError(
      `hog: image must have two spatial dimensions (set channelAxis for colour images), received shape [${image.shape.join(', ')}]`,
    );
  }
  const f32 = image.dtype === 'float32';
  const dtype = f32 ? 'float32' : 'float64';
  const [h, w] = axis === null ? image.shape : image.shape.filter((_, i) => i !== axis);
  const nch = axis === null ? 1 : image.shape[axis]!;
  const px = prepare(image, axis, o.transformSqrt, f32);
  const n = h! * w!;
  const make = () => (f32 ? new Float32Array(n) : new Float64Array(n));
  let gRow = make(), gCol = make();
  if (nch === 1) channelGradient(px, h!, w!, gRow, gCol);
  else {
    const best = make(), cr = make(), cc = make();
    best.fill(-Infinity);
    for (let ch = 0; ch < nch; ch++) {
      channelGradient(px, h!, w!, cr, cc, nch, ch);
      for (let i = 0; i < n; i++) {
        const m = f32 ? hypotf(cr[i]!, cc[i]!) : hypot(cr[i]!, cc[i]!);
        if (m > best[i]! || ch === 0) [best[i], gRow[i], gCol[i]] = [m, cr[i]!, cc[i]!];
      }
    }
  }
  const [cRow, cCol] = o.pixelsPerCell, [bRow, bCol] = o.cellsPerBlock;
  const { hist, nCellsRow, nCellsCol } = hogHistograms(gRow, gCol, h!, w!, cRow, cCol, o.orientations);
  const nbr = nCellsRow - bRow + 1, nbc = nCellsCol - bCol + 1;
  if (nbr < 0 || nbc < 0) {
    throw new RangeError(
      `hog: image of shape [${h}, ${w}] holds ${nCellsRow}×${nCellsCol} cells of [${cRow}, ${cCol}] pixels, fewer than one block of [${bRow}, ${bCol}] cells`,
    );
  }
  const feat = allocate(dtype, nbr * nbc * bRow * bCol * o.orientations);
  hogBlocks(hist, nCellsRow, nCellsCol, o.orientations, bRow, bCol, o.blockNorm, feat);
  const features = new NDArray(feat, o.featureVector ? [feat.length] : [nbr, nbc, bRow, bCol, o.orientations], { dtype });
  if (!o.visualize) return features;
  const img = allocate(dtype, n);
  hogImage(hist, nCellsRow, nCellsCol, o.orientations, cRow, cCol, w!, img);
  return [features, new NDArray(img, [h!, w!], { dtype })];
}

defineOp(import.meta.url, { name: 'hog', fn: hog, schema, footprint: globalFootprint('it returns one descriptor for the whole image, laid out by its cell grid') });
