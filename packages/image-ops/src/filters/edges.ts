/**
 * Edge filters as scikit-image 0.19: `sobel`, `prewitt`, `scharr` (n-D, `axis`, `mode`, `mask`)
 * and their 2-D `*H` / `*V` variants.
 *
 * For each edge axis the image is convolved with [1, 0, -1] along that axis and the smoothing
 * weights ([1,2,1]/4, [1,1,1]/3 or [3,10,3]/16) along every other axis (computed separably in
 * float64). With one axis the signed response is returned; with several, the magnitude
 * `sqrt(Σ responses²) / sqrt(ndim)`. Float images keep their dtype, others become float64
 * (`img_as_float`). A `mask` zeroes the result outside the mask eroded by a full-connectivity
 * 3^ndim structure (border pixels always become 0), as `_mask_filter_result`.
 *
 * Two documented differences from 0.19: scikit-image accepts `cval` but never passes it to
 * scipy (so 'constant' mode pads with 0) — dusk does the same and says so; and scikit-image
 * mis-builds the kernel for a negative `axis`, which dusk normalises (axis -1 = last axis).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { separableCorrelate, type AxisPass, type BoundaryMode } from '../core/ndimage/index.ts';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { edgeMagnitude2d } from './edges2d.ts';
import { erodedMask } from './mask.ts';
import { modeSchema, normalizeAxis, requireArray, requireNdim, requireSameShape } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { uniformFootprint } from '../core/footprint.ts';

export interface EdgeOptions {
  /** Edge axis or axes; all axes (magnitude) when omitted. @default undefined */
  axis?: number | readonly number[];
  /** Boundary mode of the convolution. @default 'reflect' */
  mode?: BoundaryMode;
  /** Accepted for compatibility; scikit-image 0.19 ignores it (constant mode pads with 0). @default 0 */
  cval?: number;
  /** Only pixels inside this mask (eroded by one pixel) keep their value. */
  mask?: NDArray;
}

/** Options of the 2-D `*H` / `*V` variants. */
export interface EdgeHVOptions {
  mask?: NDArray;
}

const schema = z.strictObject({
  axis: z.union([z.number().int(), z.array(z.number().int())]).optional(),
  mode: modeSchema.default('reflect'),
  cval: z.number().default(0),
  mask: z.instanceof(NDArray).optional(),
});

const hvSchema = z.strictObject({ mask: z.instanceof(NDArray).optional() });

const SMOOTH = {
  sobel: [0.25, 0.5, 0.25],
  prewitt: [1 / 3, 1 / 3, 1 / 3],
  scharr: [3 / 16, 10 / 16, 3 / 16],
} as const;

type EdgeKind = keyof typeof SMOOTH;

/** Float images keep float32/float64; others go through `img_as_float`. */
function edgeInput(image: NDArray): NDArray<'float32' | 'float64'> {
  return image.dtype === 'float32' || image.dtype === 'float64' ? (image as NDArray<'float32' | 'float64'>) : imgAsFloat(image);
}

/** The float64 response along one edge axis (correlation with the flipped kernel). */
function axisResponse(img: NDArray, kind: EdgeKind, edgeAxis: number, mode: BoundaryMode): Float64Array {
  const passes: AxisPass[] = [{ axis: edgeAxis, weights: Float64Array.of(-1, 0, 1), mode, cval: 0 }];
  for (let ax = 0; ax < img.ndim; ax++) {
    if (ax !== edgeAxis) passes.push({ axis: ax, weights: Float64Array.from(SMOOTH[kind]), mode, cval: 0 });
  }
  return separableCorrelate(kind, img, passes, 'float64').data as Float64Array;
}

function edgeFilter(kind: EdgeKind, image: NDArray, options: EdgeOptions | undefined): NDArray<'float32' | 'float64'> {
  requireArray(kind, 'image', image);
  const o = parseOptions(kind, schema, options);
  const img = edgeInput(image);
  const nd = img.ndim;
  if (nd === 0) throw new RangeError(`${kind}: image must have at least one axis`);
  const axes = o.axis === undefined ? [...Array(nd).keys()] : (typeof o.axis === 'number' ? [o.axis] : o.axis).map((a) => normalizeAxis(kind, 'axis', a, nd));
  const f32 = img.dtype === 'float32';
  const magnitude = axes.length > 1;
  const out = allocate(img.dtype, img.size);
  if (magnitude && nd === 2 && axes[0] === 0 && axes[1] === 1 && img.size > 0) {
    edgeMagnitude2d(img, SMOOTH[kind], o.mode, out);
  } else {
    for (const ax of axes) {
      const r = axisResponse(img, kind, ax, o.mode);
      if (!magnitude) { out.set(r); continue; }
      if (f32) {
        for (let i = 0; i < r.length; i++) { const a = Math.fround(r[i]!); out[i] = Math.fround(out[i]! + Math.fround(a * a)); }
      } else {
        for (let i = 0; i < r.length; i++) out[i] = out[i]! + r[i]! * r[i]!;
      }
    }
    if (magnitude) {
      if (f32) {
        const d = Math.fround(Math.sqrt(nd));
        for (let i = 0; i < out.length; i++) out[i] = Math.fround(Math.fround(Math.sqrt(out[i]!)) / d);
      } else {
        const d = Math.sqrt(nd);
        for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]!) / d;
      }
    }
  }
  if (o.mask !== undefined) applyMask(kind, out, img.shape, o.mask);
  return new NDArray(out, img.shape, { dtype: img.dtype });
}

/** `result *= binary_erosion(mask, full structure, border_value=0)`. */
export function applyMask(op: string, out: Float32Array | Float64Array, shape: readonly number[], mask: NDArray): void {
  requireSameShape(op, "option 'mask'", { shape }, mask);
  const m = erodedMask(mask);
  // oxlint-disable-next-line oxc/erasing-op -- NumPy's `result *= mask`: NaN stays NaN, a negative value becomes -0
  for (let i = 0; i < out.length; i++) if (!m[i]) out[i] = 0 * out[i]!;
}

function hv(kind: EdgeKind, name: string, axis: number, image: NDArray, options: EdgeHVOptions | undefined) {
  requireArray(name, 'image', image);
  const o = parseOptions(name, hvSchema, options);
  requireNdim(name, 'image', image, [2]);
  return edgeFilter(kind, image, { axis, mask: o.mask });
}

/** Sobel edge magnitude (or the response along `axis`). */
export const sobel = (image: NDArray, options?: EdgeOptions) => edgeFilter('sobel', image, options);
/** Prewitt edge magnitude (or the response along `axis`). */
export const prewitt = (image: NDArray, options?: EdgeOptions) => edgeFilter('prewitt', image, options);
/** Scharr edge magnitude (or the response along `axis`). */
export const scharr = (image: NDArray, options?: EdgeOptions) => edgeFilter('scharr', image, options);
/** Horizontal edges of a 2-D image (Sobel response along axis 0). */
export const sobelH = (image: NDArray, options?: EdgeHVOptions) => hv('sobel', 'sobelH', 0, image, options);
/** Vertical edges of a 2-D image (Sobel response along axis 1). */
export const sobelV = (image: NDArray, options?: EdgeHVOptions) => hv('sobel', 'sobelV', 1, image, options);
export const prewittH = (image: NDArray, options?: EdgeHVOptions) => hv('prewitt', 'prewittH', 0, image, options);
export const prewittV = (image: NDArray, options?: EdgeHVOptions) => hv('prewitt', 'prewittV', 1, image, options);
export const scharrH = (image: NDArray, options?: EdgeHVOptions) => hv('scharr', 'scharrH', 0, image, options);
export const scharrV = (image: NDArray, options?: EdgeHVOptions) => hv('scharr', 'scharrV', 1, image, options);

// Every edge kernel is 3 wide: one pixel of reach per axis. A fixture's second input is the mask.
for (const [name, fn] of Object.entries({ sobel, prewitt, scharr })) {
  defineOp(import.meta.url, { name, fn, schema, footprint: uniformFootprint(1), parityInputs: ['mask'] });
}
for (const [name, fn] of Object.entries({ sobelH, sobelV, prewittH, prewittV, scharrH, scharrV })) {
  defineOp(import.meta.url, { name, fn, schema: hvSchema, footprint: uniformFootprint(1), parityInputs: ['mask'] });
}
