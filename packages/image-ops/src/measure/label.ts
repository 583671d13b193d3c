/**
 * `measure.label` (scikit-image 0.19): label connected regions of equal value.
 *
 * Policy, as scikit-image: bool images label their True pixels (False with `background: 1`), as
 * `ndimage.label` does; other images are truncated to integers and pixels equal to `background`
 * (default 0) are 0. `connectivity` is the number of orthogonal hops (1..ndim, default ndim).
 * Labels are numbered in raster order of each region's first pixel — for non-bool inputs in the
 * axis order scikit-image's Cython scans, which first swaps a trailing size-1 axis forward
 * (`_ccomp.reshape_array`: shape (3, 4, 1) is scanned as (1, 4, 3)). Output is int32. Unlike
 * scikit-image (1-3-D), any number of axes is accepted; above 3-D the scan is in C order.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { requireArray } from '../util/checks.ts';
import { connectedComponents } from './connectedComponents.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface LabelOptions {
  /** Value of background pixels (label 0); `null` means 0. @default null */
  background?: number;
  /** Maximum number of orthogonal hops between neighbours, 1..ndim. @default ndim */
  connectivity?: number | null;
  /** Also return the number of labels: `[labels, num]`. @default false */
  returnNum?: boolean;
}

const schema = z.strictObject({
  background: z.number().nullable().default(null),
  connectivity: z.number().int().nullable().default(null),
  returnNum: z.boolean().default(false),
});

/** scikit-image's `_get_swaps` + buggy `_apply_swaps`: the one axis swap its Cython applies. */
function scanSwap(shape: readonly number[]): [number, number] | null {
  const ones = shape.flatMap((d, i) => (d === 1 ? [i] : [])).reverse();
  const bigs = shape.flatMap((d, i) => (d > 1 ? [i] : []));
  const swaps: [number, number][] = [];
  for (let k = 0; k < Math.min(ones.length, bigs.length); k++) {
    if (ones[k]! < bigs[k]!) break;
    swaps.push([ones[k]!, bigs[k]!]);
  }
  return swaps.length ? swaps[swaps.length - 1]! : null;
}

function swapAxes(a: NDArray, [i, j]: [number, number]): NDArray {
  const shape = [...a.shape], strides = [...a.strides];
  [shape[i], shape[j]] = [shape[j]!, shape[i]!];
  [strides[i], strides[j]] = [strides[j]!, strides[i]!];
  return new NDArray(a.data, shape, { dtype: a.dtype, strides, offset: a.offset });
}

/** Connected-region labels of `image` (int32); with `returnNum: true`, `[labels, num]`. */
export function label(image: NDArray, options: LabelOptions & { returnNum: true }): [NDArray<'int32'>, number];
export function label(image: NDArray, options?: LabelOptions & { returnNum?: false }): NDArray<'int32'>;
export function label(image: NDArray, options?: LabelOptions): NDArray<'int32'> | [NDArray<'int32'>, number];
export function label(image: NDArray, options?: LabelOptions): NDArray<'int32'> | [NDArray<'int32'>, number] {
  requireArray('label', 'image', image);
  const o = parseOptions('label', schema, options);
  const nd = image.ndim;
  if (nd < 1) throw new RangeError('label: image must have at least 1 axis, received a 0-d array');
  const connectivity = o.connectivity ?? nd;
  if (connectivity < 1 || connectivity > nd) {
    throw new RangeError(`label: option 'connectivity' for a ${nd}-D image must be in [1, ..., ${nd}], received ${connectivity}`);
  }
  const isBool = image.dtype === 'bool';
  const swap = !isBool && nd <= 3 ? scanSwap(image.shape) : null;
  const scanned = swap ? swapAxes(image, swap) : image;
  const src = scanned.values();
  let values: ArrayLike<number> = src;
  let background: number;
  if (isBool) {
    background = o.background === 1 ? 1 : 0;
  } else {
    background = Math.trunc(o.background ?? 0);
    if (image.dtype === 'float32' || image.dtype === 'float64') {
      const t = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) {
        if (!Number.isFinite(src[i]!)) throw new RangeError(`label: image values must be finite, received ${src[i]}`);
        t[i] = Math.trunc(src[i]!);
      }
      values = t;
    }
  }
  const out = allocate('int32', image.size);
  const num = connectedComponents(values, scanned.shape, background, connectivity, out);
  let labels = new NDArray(out, scanned.shape, { dtype: 'int32' });
  if (swap) labels = swapAxes(labels, swap).contiguous() as NDArray<'int32'>;
  return o.returnNum ? [labels, num] : labels;
}

defineOp(import.meta.url, { name: 'label', fn: label, schema, footprint: globalFootprint('a connected component can span the whole image and labels are numbered across it') });
