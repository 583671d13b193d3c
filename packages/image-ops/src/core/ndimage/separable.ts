/**
 * Separable filtering: a sequence of 1-D passes (correlations or moving averages) over an NDArray,
 * the way scipy.ndimage chains them (`gaussian_filter`, `uniform_filter`, `sobel`):
 *
 * - the first pass reads the input (any dtype, any strides: a view is read in place, never
 *   copied), each later pass reads the previous pass's output;
 * - every pass stores its result in the output dtype, so float32 or integer outputs are rounded
 *   (or truncated, as a C cast) after each pass, exactly like scipy's intermediate arrays;
 * - arithmetic is float64, in line/row buffers of bounded size (the kernels' workspace).
 *
 * Memory: the output (SharedArrayBuffer, output dtype) is the only array allocated at the size of
 * the input. The first pass writes it from the input; every later pass runs in place on it
 * (see `correlateAxis` / `uniformAxis` for how each keeps the rows it still needs).
 *
 * `asFloat64` / `fromFloat64` / `roundToDType` are float64 helpers for callers that combine
 * filter results themselves.
 */
import { allocate, type DType } from '../../ndarray/dtype.ts';
import { cStrides, NDArray } from '../../ndarray/ndarray.ts';
import { checkOrigin, correlateAxis } from './correlateAxis.ts';
import type { BoundaryMode } from './modes.ts';
import type { Strided } from './strided.ts';
import { uniformAxis } from './uniformAxis.ts';

/** One 1-D pass along `axis`: a correlation with `weights`, or a moving average of `uniformSize`. */
export type AxisPass = {
  axis: number;
  mode: BoundaryMode;
  cval: number;
  /** @default 0 */
  origin?: number;
} & ({ weights: Float64Array } | { uniformSize: number });

const passLength = (p: AxisPass): number => ('weights' in p ? p.weights.length : p.uniformSize);

/** The input's elements as a float64 buffer (the storage itself when already float64). */
export function asFloat64(a: NDArray): Float64Array {
  const v = a.contiguous().values();
  if (v instanceof Float64Array) return v;
  const f = new Float64Array(v.length);
  f.set(v);
  return f;
}

/** Round `buf` in place to what storing in `dtype` would keep (float32 rounding, C-cast truncation). */
export function roundToDType(buf: Float64Array, dtype: DType): void {
  if (dtype === 'float64') return;
  if (dtype === 'float32') {
    for (let i = 0; i < buf.length; i++) buf[i] = Math.fround(buf[i]!);
    return;
  }
  const tmp = allocate(dtype, buf.length, { shared: false });
  if (dtype === 'bool') for (let i = 0; i < buf.length; i++) tmp[i] = buf[i] !== 0 ? 1 : 0;
  else tmp.set(buf);
  buf.set(tmp);
}

/** A new SAB-backed array of `dtype` holding `buf` (converted as a C cast would). */
export function fromFloat64(buf: Float64Array, shape: readonly number[], dtype: DType): NDArray {
  if (dtype === 'float64' && buf.buffer instanceof SharedArrayBuffer && buf.byteOffset === 0 && buf.length === buf.buffer.byteLength / 8) {
    return new NDArray(buf, shape, { dtype: 'float64' });
  }
  const out = allocate(dtype, buf.length);
  if (dtype === 'bool') for (let i = 0; i < buf.length; i++) out[i] = buf[i] !== 0 ? 1 : 0;
  else out.set(buf);
  return new NDArray(out, shape, { dtype });
}

/**
 * Run `passes` in order over `input` and return a new array of `outDtype`. With no passes the
 * result is a converted copy of the input (as scipy's `output[...] = input`).
 */
export function separableCorrelate(where: string, input: NDArray, passes: readonly AxisPass[], outDtype: DType): NDArray {
  const shape = input.shape;
  for (const p of passes) {
    if (!Number.isInteger(p.axis) || p.axis < 0 || p.axis >= shape.length) {
      throw new RangeError(`${where}: axis ${p.axis} is out of bounds for an array of ${shape.length} dimensions`);
    }
    const fs = passLength(p);
    if (!Number.isInteger(fs) || fs < 1) throw new RangeError(`${where}: filter size must be a positive integer, received ${fs}`);
    checkOrigin(where, p.origin ?? 0, fs);
  }
  const bool = outDtype === 'bool';
  // Every element is written (by the copy below or by the first pass) before any is read.
  const out = allocate(outDtype, input.size, { zeroed: false });
  const result = new NDArray(out, shape, { dtype: outDtype });
  if (passes.length === 0 || input.size === 0) {
    const v = input.values();
    if (bool) for (let i = 0; i < v.length; i++) out[i] = v[i] !== 0 ? 1 : 0;
    else out.set(v);
    return result;
  }
  let src: Strided = { data: input.data, offset: input.offset, strides: input.strides };
  const own: Strided = { data: out, offset: 0, strides: cStrides(shape) };
  for (const p of passes) {
    if ('weights' in p) correlateAxis(src, out, shape, p.axis, p.weights, p.origin ?? 0, p.mode, p.cval, bool);
    else uniformAxis(src, out, shape, p.axis, p.uniformSize, p.origin ?? 0, p.mode, p.cval, bool);
    src = own;
  }
  return result;
}
