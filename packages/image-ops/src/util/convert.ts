/**
 * Image dtype conversion with scikit-image's rules (`skimage.util.dtype._convert`, 0.19).
 *
 * Integer images are interpreted over their dtype's whole range; float images over [0, 1] (or
 * [-1, 1] when signed). So `imgAsFloat(uint8)` divides by 255, `imgAsUbyte(float)` multiplies by
 * 255 and rounds half to even (`np.rint`), `imgAsUbyte(uint16)` drops the low 8 bits, and floats
 * outside [-1, 1] are an error rather than a silent wrap. Signed integers map to floats with the
 * most negative value clamped to -1 (DirectX rule). Same dtype in, same array out (no copy).
 */
import { allocate, dtypeRange, isFloat, requireDType, type DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { defineOp } from '../core/defineOp.ts';
import { pointwiseFootprint } from '../core/footprint.ts';
import { NO_OPTIONS } from '../core/opOptions.ts';
import { roundF64ToU8 } from './toUint8Simd.ts';

/** Round half to even, as `np.rint`. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const BITS: Partial<Record<DType, number>> = { uint8: 8, uint16: 16, int16: 16, int32: 32 };
const isSigned = (d: DType) => d === 'int16' || d === 'int32';

/** 1.5 · 2^52: for |x| < 2^51, `(x + ROUND) - ROUND` is x rounded to nearest, ties to even. */
const ROUND = 6755399441055744;

/**
 * Float → integer: `clip(rint(v · scale + shift), lo, hi)` for input in [-1, 1]. The rounding
 * loops also find the input's range in the same pass (one read of the input instead of two);
 * input outside [-1, 1] then throws, and the output written meanwhile is dropped with it.
 */
function floatToInt(v: Float32Array | Float64Array, out: Int32Array | Uint8Array | Uint16Array | Int16Array, dtype: DType): void {
  const [lo, hi] = dtypeRange(dtype);
  // In [-1, 1], |x · scale| < 2^32, so the rounding trick is np.rint exactly. scikit-image
  // multiplies in the input's precision: float32 images in float32.
  const signed = isSigned(dtype);
  if (v instanceof Float32Array) roundIntoF32(v, out, signed ? (hi - lo) / 2 : hi, signed ? -0.5 : 0, lo, hi);
  else if (out instanceof Uint8Array) roundIntoU8(v, out, hi);
  else roundInto(v, out, signed ? (hi - lo) / 2 : hi, signed ? -0.5 : 0, lo, hi);
  const inMin = RANGE[0]!, inMax = RANGE[1]!;
  if (inMin < -1 || inMax > 1) {
    throw new RangeError(
      `Images of type float must be between -1 and 1 to convert to ${dtype}, received values in [${inMin}, ${inMax}]`,
    );
  }
}

/**
 * The smallest and largest input element the last rounding loop saw (NaNs skipped: they convert
 * to 0, as NumPy's cast does here). A plain store: returning a fresh tuple deoptimized the loops.
 */
const RANGE = new Float64Array(2);

/** `out = clip(rint(v · scale + shift), lo, hi)` in float64; the input's range into `RANGE`. */
function roundInto(v: Float64Array, out: Int32Array | Uint16Array | Int16Array, scale: number, shift: number, lo: number, hi: number): void {
  let inMin = Infinity, inMax = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < inMin) inMin = x;
    if (x > inMax) inMax = x;
    const y = x * scale + shift + ROUND - ROUND;
    out[i] = y < lo ? lo : y > hi ? hi : y;
  }
  RANGE[0] = inMin;
  RANGE[1] = inMax;
}

/** `roundInto` with float32 arithmetic, as NumPy does for float32 images. */
function roundIntoF32(v: Float32Array, out: Int32Array | Uint8Array | Uint16Array | Int16Array, scale: number, shift: number, lo: number, hi: number): void {
  const f = Math.fround, s32 = f(scale);
  let inMin = Infinity, inMax = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < inMin) inMin = x;
    if (x > inMax) inMax = x;
    const y = f(f(x * s32) + shift) + ROUND - ROUND;
    out[i] = y < lo ? lo : y > hi ? hi : y;
  }
  RANGE[0] = inMin;
  RANGE[1] = inMax;
}

/**
 * `roundInto` from float64 to uint8 (`img_as_ubyte`, the common case), kept monomorphic: the
 * WebAssembly SIMD kernel (`toUint8Simd.ts`, the same bytes and range) takes all but the last
 * few elements when it can.
 */
function roundIntoU8(v: Float64Array, out: Uint8Array, scale: number): void {
  RANGE[0] = Infinity;
  RANGE[1] = -Infinity;
  const done = scale === 255 ? roundF64ToU8(v, out, RANGE) : 0;
  let inMin = RANGE[0], inMax = RANGE[1];
  for (let i = done; i < v.length; i++) {
    const x = v[i]!;
    if (x < inMin) inMin = x;
    if (x > inMax) inMax = x;
    const y = x * scale + ROUND - ROUND;
    out[i] = y < 0 ? 0 : y > 255 ? 255 : y;
  }
  RANGE[0] = inMin;
  RANGE[1] = inMax;
}

/** Integer → integer with bit scaling (`_scale`), including unsigned ↔ signed. */
function intToInt(v: ArrayLike<number>, out: Int32Array | Uint8Array | Uint16Array | Int16Array, from: DType, to: DType): void {
  const nIn = BITS[from]! - (isSigned(from) ? 1 : 0);
  const nOut = BITS[to]! - (isSigned(to) ? 1 : 0);
  let maxIn = 0;
  for (let i = 0; i < v.length; i++) if (v[i]! > maxIn) maxIn = v[i]!;
  const [lo, hi] = dtypeRange(to);
  if (isSigned(from) && isSigned(to) && nIn < nOut) {
    // signed → wider signed: shift to unsigned, scale exactly, shift back.
    const [inLo] = dtypeRange(from);
    const f = (2 ** (nOut + 1) - 1) / (2 ** (nIn + 1) - 1);
    for (let i = 0; i < v.length; i++) out[i] = Math.floor((v[i]! - inLo) * f) + lo;
    return;
  }
  // y = x · mul / div, floored when `floor`: one loop, no per-element function call. Values that
  // fit (skimage casts them without scaling) and equal widths keep mul = div = 1.
  let mul = 1, div = 1, floor = false;
  const fits = nIn > nOut && maxIn < 2 ** nOut;
  if (!fits && nIn > nOut) {
    div = 2 ** (nIn - nOut);
    floor = true;
  } else if (!fits && nIn < nOut && nOut % nIn === 0) {
    mul = (2 ** nOut - 1) / (2 ** nIn - 1);
  } else if (!fits && nIn < nOut) {
    const o = (Math.floor(nOut / nIn) + 1) * nIn;
    mul = Math.floor((2 ** o - 1) / (2 ** nIn - 1));
    div = 2 ** (o - nOut);
    floor = true;
  }
  for (let i = 0; i < v.length; i++) {
    let y = v[i]! * mul;
    if (floor) y = Math.floor(y / div);
    out[i] = y < lo ? lo : y > hi ? hi : y;
  }
}

/** Convert `image` to `dtype` with scikit-image's scaling rules. */
export function convert<D extends DType>(image: NDArray, dtype: D): NDArray<D> {
  requireDType('convert', "argument 'dtype'", dtype);
  const from = image.dtype;
  if (from === (dtype as DType)) return image as unknown as NDArray<D>;
  const v = image.values();
  const out = allocate(dtype, v.length, { zeroed: false }); // every branch writes every element
  const result = new NDArray(out, image.shape, { dtype });
  if (dtype === 'bool') {
    const half = dtypeRange(from)[1] / 2;
    for (let i = 0; i < v.length; i++) out[i] = v[i]! > half ? 1 : 0;
  } else if (from === 'bool') {
    const hi = isFloat(dtype) ? 1 : dtypeRange(dtype)[1];
    for (let i = 0; i < v.length; i++) out[i] = v[i] ? hi : 0;
  } else if (isFloat(from)) {
    if (isFloat(dtype)) out.set(v);
    else floatToInt(v as Float32Array | Float64Array, out as Uint8Array, dtype);
  } else if (isFloat(dtype)) {
    const [, imax] = dtypeRange(from);
    const k = 1 / imax;
    if (isSigned(from)) for (let i = 0; i < v.length; i++) out[i] = Math.max(v[i]! * k, -1);
    else for (let i = 0; i < v.length; i++) out[i] = v[i]! * k;
  } else {
    intToInt(v, out as Uint8Array, from, dtype);
  }
  return result;
}

/** `skimage.util.img_as_float`: float images pass through (float32 stays float32), others become float64. */
export function imgAsFloat(image: NDArray): NDArray<'float32' | 'float64'> {
  return image.dtype === 'float32' || image.dtype === 'float64'
    ? (image as NDArray<'float32' | 'float64'>)
    : convert(image, 'float64');
}

export const imgAsFloat64 = (image: NDArray): NDArray<'float64'> => convert(image, 'float64');
export const imgAsFloat32 = (image: NDArray): NDArray<'float32'> => convert(image, 'float32');
/** `skimage.util.img_as_ubyte`: to uint8, scaling and rounding as scikit-image. */
export const imgAsUbyte = (image: NDArray): NDArray<'uint8'> => convert(image, 'uint8');
export const imgAsUint = (image: NDArray): NDArray<'uint16'> => convert(image, 'uint16');
export const imgAsInt = (image: NDArray): NDArray<'int16'> => convert(image, 'int16');
export const imgAsBool = (image: NDArray): NDArray<'bool'> => convert(image, 'bool');

// The img_as_* conversions are ops taking no options, pointwise over pixels.
for (const [name, fn] of Object.entries({ imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsUbyte, imgAsUint, imgAsInt, imgAsBool })) {
  defineOp(import.meta.url, { name, fn, schema: NO_OPTIONS, footprint: pointwiseFootprint });
}
