/**
 * scipy.ndimage-equivalent primitives on NDArrays of any ndim: boundary modes, 1-D and separable
 * correlation, Gaussian filters (and the Laplacian of Gaussian), uniform, sobel/prewitt, rank,
 * median and generic filters. Import from here, never from the individual files.
 */
export { BOUNDARY_MODES, isBoundaryMode, checkMode, mapIndex, extendLine, type BoundaryMode } from './modes.ts';
export { gaussianKernel1d, gaussianRadius } from './gaussianKernel.ts';
export { kernelSymmetry } from './correlateAxis.ts';
export { separableCorrelate, asFloat64, fromFloat64, roundToDType, type AxisPass, type OutputTarget } from './separable.ts';
export {
  correlate1d, convolve1d, uniformFilter1d, uniformFilter, sobel, prewitt,
  type Filter1dOptions, type UniformFilterOptions, type DerivativeOptions,
} from './filters1d.ts';
export { gaussianFilter1d, gaussianFilter, gaussianFilterInto, gaussianLaplace, type GaussianOptions } from './gaussian.ts';
export { rankFilter, medianFilter, minimumFilter, maximumFilter, resolveFootprint, type RankFilterOptions, type Footprint } from './rank.ts';
export { genericFilter, type GenericFilterFn } from './generic.ts';
export { padInto } from './pad.ts';
export type { BoundaryOptions } from './args.ts';
