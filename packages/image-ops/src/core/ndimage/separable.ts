/**
 * Separable filtering: a sequence of 1-D passes (correlations or moving averages) over an NDArray,
 * the way scipy.ndimage chains them (`gaussian_filter`, `uniform_filter`, `sobel`):
 *
 * - the first pass reads the input (any dtype, read as float64), each later pass reads the
 *   previous pass's output;
 * - every pass stores its result in the output dtype, so float32 or integer outputs are rounded
 *   (or truncated, as a C cast) after each pass, exactly like scipy's intermediate arrays;
 * - arithmetic is float64 throughout.
 *
 * Buffers: the final pass writes the (SharedArrayBuffer) output directly when it is float64;
 * passes along the contiguous last axis run in place; other passes ping-pong with one scratch
 * buffer, planned backwards so the last pass lands in the output.
 */
import { allocate, type DType } from '../../ndarray/dtype.ts';
import { NDArray } from '../../ndarray/ndarray.ts';
import { checkOrigin, correlateAxis } from './correlateAxis.ts';
import type { BoundaryMode } from './modes.ts';
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
  const tmp = allocate(dtype, buf.length, false);
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
  const size = input.size;
  for (const p of passes) {
    if (!Number.isInteger(p.axis) || p.axis < 0 || p.axis >= shape.length) {
      throw new RangeError(`${where}: axis ${p.axis} is out of bounds for an array of ${shape.length} dimensions`);
    }
    const fs = passLength(p);
    if (!Number.isInteger(fs) || fs < 1) throw new RangeError(`${where}: filter size must be a positive integer, received ${fs}`);
    checkOrigin(where, p.origin ?? 0, fs);
  }
  const src0 = asFloat64(input);
  const final = outDtype === 'float64' ? allocate('float64', size) : new Float64Array(size);
  if (passes.length === 0 || size === 0) {
    final.set(src0);
    return fromFloat64(final, shape, outDtype);
  }
  // Plan destinations backwards: the last pass writes `final`; a pass along the last axis can
  // read its own destination, any other pass reads the other buffer.
  let scratch: Float64Array | undefined;
  const dsts: Float64Array[] = new Array(passes.length);
  let d = final;
  for (let i = passes.length - 1; i >= 0; i--) {
    dsts[i] = d;
    const inPlace = innerSize(shape, passes[i]!.axis) === 1;
    if (!inPlace) d = d === final ? (scratch ??= new Float64Array(size)) : final;
  }
  let src = src0;
  for (let i = 0; i < passes.length; i++) {
    const p = passes[i]!;
    const dst = dsts[i]!;
    if ('weights' in p) correlateAxis(src, dst, shape, p.axis, p.weights, p.origin ?? 0, p.mode, p.cval);
    else uniformAxis(src, dst, shape, p.axis, p.uniformSize, p.origin ?? 0, p.mode, p.cval);
    if (i < passes.length - 1) roundToDType(dst, outDtype);
    src = dst;
  }
  return fromFloat64(final, shape, outDtype);
}

function innerSize(shape: readonly number[], axis: number): number {
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return inner;
}
