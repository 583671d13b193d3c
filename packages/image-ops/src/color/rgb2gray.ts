/**
 * `color.rgb2gray` (scikit-image 0.19): luminance `Y = 0.2125 R + 0.7154 G + 0.0721 B`.
 *
 * Policy, as scikit-image: the channel axis (`channelAxis`, default the last) must have size 3 —
 * RGBA is an error in 0.19, not silently dropped — and is removed from the output. The input is
 * first taken to float with `img_as_float` rules (uint8 / 255, signed integers clamped at -1,
 * bool to 0/1) without materialising the float copy; float32 input gives a float32 result
 * (computed in single precision), everything else float64.
 *
 * Speed: every output element is written once, so the output is not cleared first
 * (`allocate(..., zeroed: false)`: a reused buffer is not zeroed); uint8 input, the common case,
 * goes through per-channel tables of the already-weighted terms (`lumaU8`).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate, dtypeRange, type DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { moveAxisToEnd, normalizeAxis, requireArray } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { pointwiseFootprint } from '../core/footprint.ts';

export interface Rgb2grayOptions {
  /** Axis of the image holding the R, G, B channels. @default -1 */
  channelAxis?: number;
}

const schema = z.strictObject({ channelAxis: z.number().int().default(-1) });

const W = [0.2125, 0.7154, 0.0721] as const;
const W32 = W.map(Math.fround) as unknown as readonly [number, number, number];

/** The per-element scale `img_as_float` applies to `dtype` (`k`) and whether it clamps at -1. */
export function floatScale(dtype: DType): { k: number; clampNeg: boolean } {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'bool') return { k: 1, clampNeg: false };
  return { k: 1 / dtypeRange(dtype)[1], clampNeg: dtype === 'int16' || dtype === 'int32' };
}

/** `LUMA[c][x]` = (x · (1/255)) · W[c], the uint8 channel terms (each rounded as NumPy rounds it). */
const LUMA = W.map((w) => Float64Array.from({ length: 256 }, (_, x) => (x * (1 / 255)) * w));
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * uint8 RGB → float64 luminance: three table lookups and two adds per pixel, the same sums as
 * `(r·(1/255))·a + (g·(1/255))·b + (b·(1/255))·c`. Four pixels (12 bytes) are read as three 32-bit
 * words when the channel bytes start 4-byte aligned on a little-endian machine (the usual case:
 * a whole image), else byte by byte.
 */
function lumaU8(v: Uint8Array, out: Float64Array): void {
  const [la, lb, lc] = LUMA as [Float64Array, Float64Array, Float64Array];
  const n = out.length;
  let i = 0;
  if (LITTLE_ENDIAN && v.byteOffset % 4 === 0) {
    const w = new Uint32Array(v.buffer, v.byteOffset, (n >> 2) * 3);
    for (let q = 0; q < w.length; i += 4, q += 3) {
      const w0 = w[q]!, w1 = w[q + 1]!, w2 = w[q + 2]!;
      out[i] = la[w0 & 255]! + lb[(w0 >>> 8) & 255]! + lc[(w0 >>> 16) & 255]!;
      out[i + 1] = la[w0 >>> 24]! + lb[w1 & 255]! + lc[(w1 >>> 8) & 255]!;
      out[i + 2] = la[(w1 >>> 16) & 255]! + lb[w1 >>> 24]! + lc[w2 & 255]!;
      out[i + 3] = la[(w2 >>> 8) & 255]! + lb[(w2 >>> 16) & 255]! + lc[w2 >>> 24]!;
    }
  }
  for (let j = 3 * i; i < n; i++, j += 3) out[i] = la[v[j]!]! + lb[v[j + 1]!]! + lc[v[j + 2]!]!;
}

/** Luminance of an RGB image; the channel axis is removed. */
export function rgb2gray(image: NDArray, options?: Rgb2grayOptions): NDArray<'float32' | 'float64'> {
  requireArray('rgb2gray', 'image', image);
  const { channelAxis } = parseOptions('rgb2gray', schema, options);
  if (image.ndim < 1) throw new RangeError('rgb2gray: image must have a channel axis, received a 0-d array');
  const axis = normalizeAxis('rgb2gray', 'channelAxis', channelAxis, image.ndim);
  if (image.shape[axis] !== 3) {
    throw new RangeError(
      `rgb2gray: the input array must have size 3 along channelAxis ${channelAxis}, received shape [${image.shape.join(', ')}]`,
    );
  }
  const v = moveAxisToEnd(image, axis).values();
  const n = v.length / 3;
  const shape = image.shape.filter((_, i) => i !== axis);
  if (image.dtype === 'float32') {
    const out = allocate('float32', n, { zeroed: false });
    const [a, b, c] = W32, f = Math.fround;
    for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = f(f(f(v[j]! * a) + f(v[j + 1]! * b)) + f(v[j + 2]! * c));
    return new NDArray(out, shape, { dtype: 'float32' });
  }
  const out = allocate('float64', n, { zeroed: false });
  const [a, b, c] = W;
  const { k, clampNeg } = floatScale(image.dtype);
  if (k === 1) {
    for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = v[j]! * a + v[j + 1]! * b + v[j + 2]! * c;
  } else if (image.dtype === 'uint8') {
    lumaU8(v as Uint8Array, out);
  } else {
    const s = (x: number) => (clampNeg ? Math.max(x * k, -1) : x * k);
    for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = s(v[j]!) * a + s(v[j + 1]!) * b + s(v[j + 2]!) * c;
  }
  return new NDArray(out, shape, { dtype: 'float64' });
}

defineOp(import.meta.url, {
  name: 'rgb2gray', fn: rgb2gray, schema, footprint: pointwiseFootprint, // pointwise over pixels
  // The channel axis goes; float32 stays float32, everything else becomes float64.
  blockOutput: (o, [x]) => {
    const drop = o.channelAxis < 0 ? o.channelAxis + x!.shape.length : o.channelAxis;
    return { shape: x!.shape.filter((_, i) => i !== drop), dtype: x!.dtype === 'float32' ? 'float32' : 'float64' };
  },
});
