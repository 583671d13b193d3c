/**
 * `restoration.denoiseTvChambolle` (scikit-image 0.19 `denoise_tv_chambolle`): total-variation
 * denoising of an n-D image, or of each channel separately when `channelAxis` is given.
 *
 * Integer and bool images are first taken to float64 with `img_as_float` rules; float32 stays
 * float32, float64 stays float64. The work is global (every pixel influences every other through
 * the iterations), so the op declares a global footprint and cannot be chunked with overlap.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { moveAxisToEnd, moveLastAxisTo, normalizeAxis, requireArray } from '../util/checks.ts';
import { tvChambolle } from './tvChambolleKernel.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface DenoiseTvChambolleOptions {
  /** Denoising weight: larger removes more noise (and detail). Must be > 0. @default 0.1 */
  weight?: number;
  /** Stop when the energy changes by less than `eps` times the initial energy. @default 2e-4 */
  eps?: number;
  /** Maximal number of iterations. @default 200 */
  maxNumIter?: number;
  /** Axis holding channels, each denoised on its own; `null` treats every axis as spatial. @default null */
  channelAxis?: number | null;
}

const schema = z.strictObject({
  weight: z.number().gt(0).default(0.1),
  eps: z.number().min(0).default(2e-4),
  maxNumIter: z.number().int().min(1).default(200),
  channelAxis: z.number().int().nullable().default(null),
});

/** Total-variation denoised copy of `image` (float32 for float32 input, else float64). */
export function denoiseTvChambolle(image: NDArray, options?: DenoiseTvChambolleOptions): NDArray<'float32' | 'float64'> {
  requireArray('denoiseTvChambolle', 'image', image);
  const o = parseOptions('denoiseTvChambolle', schema, options);
  const img = imgAsFloat(image);
  const dtype = img.dtype;
  const minDims = o.channelAxis === null ? 1 : 2;
  if (img.ndim < minDims) {
    throw new RangeError(`denoiseTvChambolle: image must have at least ${minDims} axes, received shape [${img.shape.join(', ')}]`);
  }
  if (o.channelAxis === null) {
    const out = allocate(dtype, img.size);
    if (img.size > 0) tvChambolle(img.values(), img.shape, o.weight, o.eps, o.maxNumIter, out);
    return new NDArray(out, img.shape, { dtype });
  }
  const axis = normalizeAxis('denoiseTvChambolle', 'channelAxis', o.channelAxis, img.ndim);
  const last = moveAxisToEnd(img, axis);
  const channels = last.shape[last.ndim - 1]!;
  const spatial = last.shape.slice(0, -1);
  const out = allocate(dtype, img.size);
  const n = img.size / Math.max(channels, 1);
  if (n > 0) {
    const v = last.values();
    const chan = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    const res = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let c = 0; c < channels; c++) {
      for (let i = 0, j = c; i < n; i++, j += channels) chan[i] = v[j]!;
      tvChambolle(chan, spatial, o.weight, o.eps, o.maxNumIter, res);
      for (let i = 0, j = c; i < n; i++, j += channels) out[j] = res[i]!;
    }
  }
  const result = new NDArray(out, last.shape, { dtype });
  return moveLastAxisTo(result, axis).contiguous();
}

defineOp(import.meta.url, { name: 'denoiseTvChambolle', fn: denoiseTvChambolle, schema, footprint: globalFootprint('each iteration spreads information further and the stopping test sums over the whole image') });
