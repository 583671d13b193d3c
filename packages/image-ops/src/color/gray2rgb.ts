/**
 * `color.gray2rgb` (scikit-image 0.19): stack three copies of a grey image along a new channel
 * axis (`np.stack(3 * (image,), axis=channelAxis)`), keeping the dtype.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { moveLastAxisTo, normalizeAxis, requireArray } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { pointwiseFootprint } from '../core/footprint.ts';

export interface Gray2rgbOptions {
  /** Axis of the output that holds the channels. @default -1 */
  channelAxis?: number;
}

const schema = z.strictObject({ channelAxis: z.number().int().default(-1) });

/** An RGB image whose three channels are copies of `image`. */
export function gray2rgb<D extends NDArray['dtype']>(image: NDArray<D>, options?: Gray2rgbOptions): NDArray<D> {
  requireArray('gray2rgb', 'image', image);
  const { channelAxis } = parseOptions('gray2rgb', schema, options);
  const axis = normalizeAxis('gray2rgb', 'channelAxis', channelAxis, image.ndim + 1);
  const v = image.values();
  const out = allocate(image.dtype, v.length * 3, { zeroed: false }); // every element written below
  for (let i = 0, j = 0; i < v.length; i++, j += 3) {
    const x = v[i]!;
    out[j] = x; out[j + 1] = x; out[j + 2] = x;
  }
  const last = new NDArray(out, [...image.shape, 3], { dtype: image.dtype });
  return moveLastAxisTo(last, axis).contiguous();
}

// Pointwise over pixels.
defineOp(import.meta.url, { name: 'gray2rgb', fn: gray2rgb, schema, footprint: pointwiseFootprint });
