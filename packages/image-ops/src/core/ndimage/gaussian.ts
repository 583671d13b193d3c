/**
 * Gaussian filters, as scipy.ndimage 1.10: `gaussianFilter1d`, `gaussianFilter` (separable, per
 * axis sigma/order/mode; axes with sigma ≤ 1e-15 are skipped) and `gaussianLaplace` (the sum of
 * second derivatives along each axis, scipy's `generic_laplace` over `gaussian_filter` with
 * order 2 on one axis, each term added into the first in the output dtype).
 *
 * Each axis correlates with `_gaussian_kernel1d(sigma, order, int(truncate·sigma + 0.5))`
 * reversed; the output dtype defaults to the input's and intermediate passes are stored in it.
 * `gaussianFilterInto` stores only the core of a padded block's result, straight into a given
 * array (mapOverlap's tiles; `separable.ts`' `OutputTarget`).
 */
import type { DType, TypedArray } from '../../ndarray/dtype.ts';
import type { NDArray } from '../../ndarray/ndarray.ts';
import { checkCval, checkOutputDType, perAxis, perAxisModes, type BoundaryOptions } from './args.ts';
import { requireArray, normalizeAxis } from '../../util/checks.ts';
import { gaussianKernel1d, gaussianRadius } from './gaussianKernel.ts';
import { checkMode, type BoundaryMode } from './modes.ts';
import { separableCorrelate, type AxisPass, type OutputTarget } from './separable.ts';

export interface GaussianOptions extends BoundaryOptions {
  /** Derivative order per axis (0 = smoothing). @default 0 */
  order?: number | readonly number[];
  /** Truncate the kernel at this many standard deviations. @default 4 */
  truncate?: number;
  /** Kernel radius per axis, overriding `truncate` (scipy's `radius`). */
  radius?: number | readonly number[];
}

function gaussianPass(
  where: string, axis: number, sigma: number, order: number, mode: BoundaryMode, cval: number,
  truncate: number, radius: number | undefined,
): AxisPass {
  if (typeof sigma !== 'number' || !(sigma >= 0)) {
    throw new RangeError(`${where}: option 'sigma' must be a non-negative number, received ${sigma}`);
  }
  if (!Number.isInteger(order) || order < 0) {
    throw new RangeError(`${where}: option 'order' must be a non-negative integer, received ${order}`);
  }
  const lw = radius ?? gaussianRadius(sigma, truncate);
  if (!Number.isInteger(lw) || lw < 0) {
    throw new RangeError(`${where}: radius must be a non-negative integer, received ${lw} (truncate ${truncate}, sigma ${sigma})`);
  }
  const k = gaussianKernel1d(sigma, order, lw).reverse();
  return { axis, weights: k, mode, cval };
}

/** `scipy.ndimage.gaussian_filter1d` along one axis. */
export function gaussianFilter1d(
  input: NDArray, sigma: number,
  options: { axis?: number; order?: number; mode?: BoundaryMode; cval?: number; truncate?: number; radius?: number; output?: DType } = {},
): NDArray {
  const where = 'gaussianFilter1d';
  requireArray(where, 'input', input);
  const axis = normalizeAxis(where, 'axis', options.axis ?? -1, input.ndim);
  const pass = gaussianPass(where, axis, sigma, options.order ?? 0, checkMode(where, options.mode ?? 'reflect'),
    checkCval(where, options.cval ?? 0), options.truncate ?? 4, options.radius);
  return separableCorrelate(where, input, [pass], checkOutputDType(where, options.output, input.dtype));
}

function gaussianPasses(where: string, input: NDArray, sigma: number | readonly number[], options: GaussianOptions): AxisPass[] {
  const nd = input.ndim;
  const sigmas = perAxis(where, 'sigma', sigma, nd);
  const orders = perAxis(where, 'order', options.order ?? 0, nd);
  const modes = perAxisModes(where, options.mode ?? 'reflect', nd);
  const radii = perAxis<number | undefined>(where, 'radius', options.radius, nd);
  const cval = checkCval(where, options.cval ?? 0);
  const truncate = options.truncate ?? 4;
  if (typeof truncate !== 'number' || !Number.isFinite(truncate)) {
    throw new TypeError(`${where}: option 'truncate' must be a finite number, received ${truncate}`);
  }
  const passes: AxisPass[] = [];
  for (let ax = 0; ax < nd; ax++) {
    const s = sigmas[ax]!;
    if (typeof s !== 'number' || !(s >= 0)) {
      throw new RangeError(`${where}: option 'sigma' must be non-negative, received ${s}`);
    }
    if (s > 1e-15) passes.push(gaussianPass(where, ax, s, orders[ax]!, modes[ax]!, cval, truncate, radii[ax]));
  }
  return passes;
}

/** `scipy.ndimage.gaussian_filter`: separable Gaussian (or its derivatives) over every axis. */
export function gaussianFilter(input: NDArray, sigma: number | readonly number[], options: GaussianOptions = {}): NDArray {
  return filterInto(input, sigma, options, undefined);
}

function filterInto(input: NDArray, sigma: number | readonly number[], options: GaussianOptions, target: OutputTarget | undefined): NDArray {
  const where = 'gaussianFilter';
  requireArray(where, 'input', input);
  const passes = gaussianPasses(where, input, sigma, options);
  return separableCorrelate(where, input, passes, checkOutputDType(where, options.output, input.dtype), target);
}

/**
 * `gaussianFilter(input, sigma, options)` with only the core of the result — `input` less
 * `target.lo`/`target.hi` per axis — stored, into `target.array` (returned). Equal to the core
 * of `gaussianFilter`'s result, bit for bit.
 */
export function gaussianFilterInto(input: NDArray, sigma: number | readonly number[], options: GaussianOptions, target: OutputTarget): NDArray {
  return filterInto(input, sigma, options, target);
}

/**
 * `scipy.ndimage.gaussian_laplace`: Σ over axes of the second Gaussian derivative along that
 * axis (smoothing along the others). The first term is stored in the output dtype and each
 * further term is added in it, as scipy's `generic_laplace`.
 */
export function gaussianLaplace(
  input: NDArray, sigma: number | readonly number[],
  options: Omit<GaussianOptions, 'order' | 'radius'> = {},
): NDArray {
  const where = 'gaussianLaplace';
  requireArray(where, 'input', input);
  const nd = input.ndim;
  const outDtype = checkOutputDType(where, options.output, input.dtype);
  if (nd === 0) return separableCorrelate(where, input, [], outDtype);
  const modes = perAxisModes(where, options.mode ?? 'reflect', nd);
  let acc: NDArray | undefined;
  for (let ax = 0; ax < nd; ax++) {
    const order = new Array<number>(nd).fill(0);
    order[ax] = 2;
    const passes = gaussianPasses(where, input, sigma, { ...options, mode: modes[ax]!, order });
    const term = separableCorrelate(where, input, passes, outDtype);
    if (acc === undefined) acc = term;
    else addInto(acc.data, term.data, outDtype === 'bool');
  }
  return acc!;
}

/** `acc += term` elementwise, stored in `acc`'s element type (NumPy's in-place add). */
function addInto(acc: TypedArray, term: TypedArray, bool: boolean): void {
  if (acc instanceof Float32Array) addF32(acc, term as Float32Array);
  else if (acc instanceof Float64Array) addF64(acc, term as Float64Array);
  else if (bool) for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + term[i]! !== 0 ? 1 : 0;
  else for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + term[i]!;
}

function addF32(acc: Float32Array, term: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + term[i]!;
}

function addF64(acc: Float64Array, term: Float64Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + term[i]!;
}
