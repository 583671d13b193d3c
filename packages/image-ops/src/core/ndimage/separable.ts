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
 * An `OutputTarget` (mapOverlap's tiles, `chunked/into.ts`): only the *core* of the result — the
 * input's box less `lo`/`hi` elements per axis (the halo) — is wanted, in a given array (a view
 * of a bigger output). A halo along an axis is read only by the passes along that axis, so each
 * correlation pass computes its rows only where a later pass still reads them (no halo on the
 * axes no later pass filters; `Crop`), and the last pass stores the core straight into the
 * target — no padded result, no trim, no copy. Where the last pass cannot write the target
 * directly (a moving average, a halo on an axis inside its rows, or a target not laid out for
 * it) it runs into the private array and the core is copied once. Values are the same as the
 * whole result's core, bit for bit (each element is computed from the same inputs in the same
 * order).
 *
 * `asFloat64` / `fromFloat64` / `roundToDType` are float64 helpers for callers that combine
 * filter results themselves.
 */
import { assign } from '../../ndarray/assign.ts';
import { allocate, type DType } from '../../ndarray/dtype.ts';
import { cStrides, NDArray } from '../../ndarray/ndarray.ts';
import { checkOrigin, correlateAxis, cropFits, type Crop } from './correlateAxis.ts';
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

/** Where a result's core goes instead of a new array: see the file header. */
export interface OutputTarget {
  /** Receives the core: shape = the input's less `lo` + `hi` per axis, dtype = the output dtype. */
  array: NDArray;
  /** Halo per axis below and above the core (elements of the input that are not stored). */
  lo: readonly number[];
  hi: readonly number[];
}

/** Throws unless `target` fits an input of `shape` and the output dtype (a clear message naming what differs). */
function checkTarget(where: string, target: OutputTarget, shape: readonly number[], outDtype: DType): number[] {
  const { array, lo, hi } = target;
  const ok = (h: readonly number[]) => h.length === shape.length && h.every((v, ax) => Number.isInteger(v) && v >= 0 && v <= shape[ax]!);
  if (!ok(lo) || !ok(hi)) {
    throw new RangeError(`${where}: output target halo lo [${lo.join(', ')}] / hi [${hi.join(', ')}] does not fit an input of shape [${shape.join(', ')}]`);
  }
  const core = shape.map((n, ax) => n - lo[ax]! - hi[ax]!);
  if (core.some((n) => n < 0) || array.ndim !== shape.length || array.shape.some((n, ax) => n !== core[ax])) {
    throw new RangeError(`${where}: output target has shape [${array.shape.join(', ')}], expected the core [${core.join(', ')}] of an input of shape [${shape.join(', ')}]`);
  }
  if (array.dtype !== outDtype) throw new TypeError(`${where}: output target has dtype ${array.dtype}, expected ${outDtype}`);
  return core;
}

/** The crop of pass `k`: the target's halo on the axes up to its own that no later pass filters. */
function passCrop(passes: readonly AxisPass[], k: number, target: OutputTarget): { lo: number[]; hi: number[] } {
  const axis = passes[k]!.axis;
  const later = new Set(passes.slice(k + 1).map((p) => p.axis));
  const keep = (ax: number) => ax <= axis && !later.has(ax);
  return { lo: target.lo.map((v, ax) => (keep(ax) ? v : 0)), hi: target.hi.map((v, ax) => (keep(ax) ? v : 0)) };
}

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
 * Run `passes` in order over `input` and return a new array of `outDtype` — or, with `target`,
 * store the result's core into `target.array` and return that. With no passes the result is a
 * converted copy of the input (as scipy's `output[...] = input`).
 */
export function separableCorrelate(where: string, input: NDArray, passes: readonly AxisPass[], outDtype: DType, target?: OutputTarget): NDArray {
  const shape = input.shape;
  for (const p of passes) {
    if (!Number.isInteger(p.axis) || p.axis < 0 || p.axis >= shape.length) {
      throw new RangeError(`${where}: axis ${p.axis} is out of bounds for an array of ${shape.length} dimensions`);
    }
    const fs = passLength(p);
    if (!Number.isInteger(fs) || fs < 1) throw new RangeError(`${where}: filter size must be a positive integer, received ${fs}`);
    checkOrigin(where, p.origin ?? 0, fs);
  }
  const core = target && checkTarget(where, target, shape, outDtype);
  const bool = outDtype === 'bool';
  // Every element is written (by the copy below or by the first pass) before any is read; under
  // a target, every element a later pass or the final copy reads.
  const out = allocate(outDtype, input.size, { zeroed: false });
  const result = new NDArray(out, shape, { dtype: outDtype });
  const coreOf = (a: NDArray) => a.view(shape.map((n, ax) => [target!.lo[ax]!, n - target!.hi[ax]!] as const));
  if (passes.length === 0 || input.size === 0 || core?.some((n) => n === 0)) {
    const v = input.values();
    if (bool) for (let i = 0; i < v.length; i++) out[i] = v[i] !== 0 ? 1 : 0;
    else out.set(v);
    if (target) assign(target.array, coreOf(result));
    return target ? target.array : result;
  }
  let src: Strided = { data: input.data, offset: input.offset, strides: input.strides };
  const cs = cStrides(shape);
  const own: Strided = { data: out, offset: 0, strides: cs };
  const last = passes.length - 1;
  let stored = false;
  for (const [k, p] of passes.entries()) {
    if (!('weights' in p)) {
      uniformAxis(src, out, shape, p.axis, p.uniformSize, p.origin ?? 0, p.mode, p.cval, bool);
      src = own;
      continue;
    }
    let crop: Crop | undefined;
    if (target) {
      const { lo, hi } = passCrop(passes, k, target);
      const t = target.array;
      const direct = k === last && lo.every((v, ax) => v === target.lo[ax]) && hi.every((v, ax) => v === target.hi[ax])
        && t.data.buffer !== input.data.buffer && cropFits(t, t.shape, p.axis);
      stored = direct;
      crop = direct
        ? { lo, hi, dst: t }
        : { lo, hi, dst: { data: out, offset: lo.reduce((s, v, ax) => s + v * cs[ax]!, 0), strides: cs } };
    }
    correlateAxis(src, out, shape, p.axis, p.weights, p.origin ?? 0, p.mode, p.cval, bool, crop);
    src = own;
  }
  if (!target) return result;
  if (!stored) assign(target.array, coreOf(result));
  return target.array;
}
