/**
 * `filters`: scikit-image 0.19's `skimage.filters` ops (smoothing, edges, thresholds, sharpening).
 * Each op file defines its op with `defineOp` (core/defineOp.ts: worker registration, options
 * schema, footprint, block output, params resolver); this index only re-exports them, one line
 * per op file.
 */
export { gaussian, type GaussianOptions } from './gaussian.ts';
export { sobel, sobelH, sobelV, prewitt, prewittH, prewittV, scharr, scharrH, scharrV, type EdgeOptions, type EdgeHVOptions } from './edges.ts';
export { laplace, type LaplaceOptions } from './laplace.ts';
export { median, type MedianOptions } from './median.ts';
export { thresholdOtsu, type ThresholdOtsuOptions } from './thresholdOtsu.ts';
export { thresholdLocal, type ThresholdLocalOptions, type ThresholdLocalMethod } from './thresholdLocal.ts';
export { unsharpMask, type UnsharpMaskOptions } from './unsharpMask.ts';
