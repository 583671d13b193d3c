/**
 * scipy.ndimage's 1-D and separable linear filters on NDArrays of any ndim: `correlate1d`,
 * `convolve1d`, `uniformFilter1d`, `uniformFilter`, and the derivative filters `sobel` and
 * `prewitt` (scipy's versions: [-1, 0, 1] along `axis`, smoothing along every other axis).
 *
 * Output dtype defaults to the input's (as scipy); arithmetic is float64 and every pass stores
 * into the output dtype (see `separable.ts`). Outputs live on SharedArrayBuffers.
 */
import type { NDArray } from '../../ndarray/ndarray.ts';
import { checkCval, checkOutputDType, perAxis, perAxisModes, type BoundaryOptions } from './args.ts';
import { requireArray, normalizeAxis } from '../../util/checks.ts';
import { checkMode, type BoundaryMode } from './modes.ts';
import { separableCorrelate, type AxisPass } from './separable.ts';

export interface Filter1dOptions {
  /** Axis to filter along (negative counts from the end). @default -1 */
  axis?: number;
  /** @default 'reflect' */
  mode?: BoundaryMode;
  /** @default 0 */
  cval?: number;
  /** Shift of the kernel centre, scipy's `origin`. @default 0 */
  origin?: number;
  /** Output dtype. @default the input's dtype */
  output?: NDArray['dtype'];
}

function toWeights(where: string, weights: ArrayLike<number>): Float64Array {
  const w = Float64Array.from(weights as ArrayLike<number>);
  if (w.length < 1) throw new RangeError(`${where}: no filter weights given`);
  return w;
}

/** `scipy.ndimage.correlate1d`: `out[i] = Σ_j w[j] · in[i + j - len(w)//2 - origin]` along `axis`. */
export function correlate1d(input: NDArray, weights: ArrayLike<number>, options: Filter1dOptions = {}): NDArray {
  const where = 'correlate1d';
  requireArray(where, 'input', input);
  const axis = normalizeAxis(where, 'axis', options.axis ?? -1, input.ndim);
  const pass: AxisPass = {
    axis, weights: toWeights(where, weights), mode: checkMode(where, options.mode ?? 'reflect'),
    cval: checkCval(where, options.cval ?? 0), origin: options.origin ?? 0,
  };
  return separableCorrelate(where, input, [pass], checkOutputDType(where, options.output, input.dtype));
}

/** `scipy.ndimage.convolve1d`: correlation with the reversed kernel (origin mirrored). */
export function convolve1d(input: NDArray, weights: ArrayLike<number>, options: Filter1dOptions = {}): NDArray {
  const w = toWeights('convolve1d', weights).reverse();
  let origin = -(options.origin ?? 0);
  if ((w.length & 1) === 0) origin -= 1;
  return correlate1d(input, w, { ...options, origin });
}

/** `scipy.ndimage.uniform_filter1d`: moving average of `size` along `axis` (running sum, as scipy). */
export function uniformFilter1d(input: NDArray, size: number, options: Filter1dOptions = {}): NDArray {
  const where = 'uniformFilter1d';
  requireArray(where, 'input', input);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`${where}: size must be a positive integer, received ${size}`);
  const axis = normalizeAxis(where, 'axis', options.axis ?? -1, input.ndim);
  const pass: AxisPass = {
    axis, uniformSize: size, mode: checkMode(where, options.mode ?? 'reflect'),
    cval: checkCval(where, options.cval ?? 0), origin: options.origin ?? 0,
  };
  return separableCorrelate(where, input, [pass], checkOutputDType(where, options.output, input.dtype));
}

export interface UniformFilterOptions extends BoundaryOptions {
  /** Kernel centre shift, one for all axes or one per axis. @default 0 */
  origin?: number | readonly number[];
}

/** `scipy.ndimage.uniform_filter`: moving average of `size` (per axis) along every axis with size > 1. */
export function uniformFilter(input: NDArray, size: number | readonly number[] = 3, options: UniformFilterOptions = {}): NDArray {
  const where = 'uniformFilter';
  requireArray(where, 'input', input);
  const nd = input.ndim;
  const sizes = perAxis(where, 'size', size, nd);
  const origins = perAxis(where, 'origin', options.origin ?? 0, nd);
  const modes = perAxisModes(where, options.mode ?? 'reflect', nd);
  const cval = checkCval(where, options.cval ?? 0);
  const passes: AxisPass[] = [];
  for (let ax = 0; ax < nd; ax++) {
    const s = sizes[ax]!;
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`${where}: size must be a positive integer, received ${s}`);
    if (s > 1) passes.push({ axis: ax, uniformSize: s, mode: modes[ax]!, cval, origin: origins[ax]! });
  }
  return separableCorrelate(where, input, passes, checkOutputDType(where, options.output, input.dtype));
}

export interface DerivativeOptions extends BoundaryOptions {
  /** Axis of the derivative. @default -1 */
  axis?: number;
}

function derivative(where: string, smooth: readonly number[], input: NDArray, options: DerivativeOptions): NDArray {
  requireArray(where, 'input', input);
  const nd = input.ndim;
  const axis = normalizeAxis(where, 'axis', options.axis ?? -1, nd);
  const modes = perAxisModes(where, options.mode ?? 'reflect', nd);
  const cval = checkCval(where, options.cval ?? 0);
  const passes: AxisPass[] = [{ axis, weights: Float64Array.of(-1, 0, 1), mode: modes[axis]!, cval }];
  for (let ax = 0; ax < nd; ax++) {
    if (ax !== axis) passes.push({ axis: ax, weights: Float64Array.from(smooth), mode: modes[ax]!, cval });
  }
  return separableCorrelate(where, input, passes, checkOutputDType(where, options.output, input.dtype));
}

/** `scipy.ndimage.sobel`: [-1, 0, 1] along `axis`, [1, 2, 1] along the other axes. */
export function sobel(input: NDArray, options: DerivativeOptions = {}): NDArray {
  return derivative('sobel', [1, 2, 1], input, options);
}

/** `scipy.ndimage.prewitt`: [-1, 0, 1] along `axis`, [1, 1, 1] along the other axes. */
export function prewitt(input: NDArray, options: DerivativeOptions = {}): NDArray {
  return derivative('prewitt', [1, 1, 1], input, options);
}
