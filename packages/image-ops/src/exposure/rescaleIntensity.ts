/**
 * `exposure.rescaleIntensity` (scikit-image 0.19): clip to `inRange`, then map it linearly onto
 * `outRange`.
 *
 * A range is `'image'` (the image's min/max), `'dtype'` (the image dtype's range: [-1, 1] for
 * floats), a dtype name (`'uint8'`, `'uint12'`, `'float'`, ...) or `[min, max]`. When the input
 * range is non-negative, a dtype output range starts at 0 (so floats rescale to [0, 1]). Output
 * dtype: the image's for `'image'`/`'dtype'`, the named dtype (uint10/12/14 → uint16) for a
 * name, float (float32 for float32 images) for a pair. Arithmetic follows NumPy's promotion:
 * float64 for integer images, single precision for float32 images, and the cast to an integer
 * dtype truncates. NaN levels propagate to the whole image, as in scikit-image.
 *
 * Speed: the output is written once per element (not cleared first) by one loop per case
 * (`stretch`), with no per-element dtype dispatch.
 *
 * Footprint: pointwise when both ranges are fixed; global when either is `'image'` (the image's
 * min/max), since each block would otherwise be stretched by its own range.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate, type DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { globalReach, type GlobalReach } from '../core/footprint.ts';
import { requireArray } from '../util/checks.ts';
import { minMax } from './histogram.ts';
import { defineOp, type ParsedOptions } from '../core/defineOp.ts';

/** Dtype names scikit-image accepts as ranges (`DTYPE_RANGE`). */
export type DTypeName =
  | 'bool' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int8' | 'int16' | 'int32' | 'int64'
  | 'float16' | 'float32' | 'float64' | 'float' | 'uint10' | 'uint12' | 'uint14';

/** Intensity ranges of the dtype names scikit-image knows (`DTYPE_RANGE`). */
const NAMED: Record<DTypeName, [number, number]> = {
  bool: [0, 1], uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], uint64: [0, 2 ** 64 - 1],
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647], int64: [-(2 ** 63), 2 ** 63 - 1],
  float16: [-1, 1], float32: [-1, 1], float64: [-1, 1], float: [-1, 1],
  uint10: [0, 1023], uint12: [0, 4095], uint14: [0, 16383],
};
/** Output dtype of a named range (names dusk cannot store are rejected when used as `outRange`). */
const NAMED_OUT: Partial<Record<DTypeName, DType>> = {
  bool: 'bool', uint8: 'uint8', uint16: 'uint16', int16: 'int16', int32: 'int32',
  float32: 'float32', float64: 'float64', float: 'float64', uint10: 'uint16', uint12: 'uint16', uint14: 'uint16',
};

export type IntensityRange = 'image' | 'dtype' | DTypeName | readonly [number, number];

export interface RescaleIntensityOptions {
  /** Input intensity range, clipped to. @default 'image' */
  inRange?: IntensityRange;
  /** Output intensity range. @default 'dtype' */
  outRange?: IntensityRange;
}

const range = z.union([
  z.enum(['image', 'dtype', ...(Object.keys(NAMED) as DTypeName[])]),
  z.tuple([z.number(), z.number()]),
]);
const schema = z.strictObject({ inRange: range.default('image'), outRange: range.default('dtype') });

function levels(image: NDArray, v: ArrayLike<number>, r: string | readonly [number, number], clipNegative: boolean): [number, number] {
  if (typeof r !== 'string') return [r[0], r[1]];
  if (r === 'image') return minMax(v);
  const [lo, hi] = NAMED[(r === 'dtype' ? image.dtype : r) as DTypeName];
  return [clipNegative ? 0 : lo, hi];
}

/**
 * `out[i] = ((clip(v[i], lo, hi) − lo) / span) · ospan + omin` (or, when the input range is one
 * value, `clip(clip(v[i], lo, hi), omin, omax)`), in single precision when `single`. A store into
 * an integer array truncates towards zero (and NaN gives 0), which is NumPy's cast here, so the
 * loops store `y` as it is. NaN levels (`lo`, `hi` NaN) give NaN through the subtraction. One
 * loop per case: no per-element dispatch.
 */
function stretch(
  v: ArrayLike<number>, out: { [i: number]: number; length: number }, lo: number, hi: number, omin: number, omax: number,
  linear: boolean, span: number, ospan: number, single: boolean,
): void {
  const n = out.length;
  if (!linear) {
    for (let i = 0; i < n; i++) out[i] = clip(clip(v[i]!, lo, hi), omin, omax);
  } else if (single) {
    const f = Math.fround;
    for (let i = 0; i < n; i++) out[i] = f(f(f(f(clip(v[i]!, lo, hi) - lo) / span) * ospan) + omin);
  } else {
    for (let i = 0; i < n; i++) out[i] = ((clip(v[i]!, lo, hi) - lo) / span) * ospan + omin;
  }
}

/** NumPy's `clip(x, lo, hi)`: `minimum(maximum(x, lo), hi)` — NaN stays NaN, and lo > hi gives hi. */
function clip(x: number, lo: number, hi: number): number {
  const m = x < lo ? lo : x;
  return m > hi ? hi : m;
}

/** `image` with intensities stretched from `inRange` onto `outRange`. */
export function rescaleIntensity(image: NDArray, options?: RescaleIntensityOptions): NDArray {
  requireArray('rescaleIntensity', 'image', image);
  const o = parseOptions('rescaleIntensity', schema, options);
  if (image.size === 0) throw new RangeError('rescaleIntensity: image must not be empty');
  let outDtype: DType;
  if (typeof o.outRange !== 'string') outDtype = image.dtype === 'float32' ? 'float32' : 'float64';
  else if (o.outRange === 'image' || o.outRange === 'dtype') outDtype = image.dtype;
  else {
    const d = NAMED_OUT[o.outRange as DTypeName];
    if (!d) throw new TypeError(`rescaleIntensity: option 'outRange' names dtype '${o.outRange}', which dusk cannot store`);
    outDtype = d;
  }
  const v = image.values();
  const [imin, imax] = levels(image, v, o.inRange, false);
  const [omin, omax] = levels(image, v, o.outRange, imin >= 0);
  const out = allocate(outDtype, v.length, { zeroed: false });
  const single = image.dtype === 'float32';
  const f = single ? Math.fround : (x: number) => x;
  // NaN levels make every element NaN, as NumPy's clip and arithmetic do.
  const nan = Number.isNaN(f(imin)) || Number.isNaN(f(imax));
  const lo = nan ? NaN : f(imin), hi = nan ? NaN : f(imax);
  if (outDtype === 'bool') {
    // Rare: compute in float64 storage, then store y ≠ 0.
    const y = new Float64Array(v.length);
    stretch(v, y, lo, hi, f(omin), f(omax), imin !== imax, f(imax - imin), f(omax - omin), single);
    for (let i = 0; i < y.length; i++) out[i] = y[i] !== 0 ? 1 : 0;
  } else {
    stretch(v, out, lo, hi, f(omin), f(omax), imin !== imax, f(imax - imin), f(omax - omin), single);
  }
  return new NDArray(out, image.shape, { dtype: outDtype });
}

/** 0 on every axis, or global when a range is `'image'` (the default `inRange`). */
function rescaleIntensityFootprint(o: ParsedOptions<z.output<typeof schema>>, shape: readonly number[]): number[] | GlobalReach {
  if (o.inRange === 'image' || o.outRange === 'image') {
    return globalReach("with a range of 'image' it rescales by the whole image's min and max; pass explicit ranges to map it per block");
  }
  return shape.map(() => 0);
}

defineOp(import.meta.url, { name: 'rescaleIntensity', fn: rescaleIntensity, schema, footprint: rescaleIntensityFootprint });
