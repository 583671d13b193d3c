/**
 * `filters`: scikit-image 0.19's `skimage.filters` ops — `gaussian`, the edge filters (`sobel`,
 * `prewitt`, `scharr` and their `H`/`V` variants), `laplace`, `median`, `thresholdOtsu` and
 * `thresholdLocal`. Every op is registered with defineOps (so `delayed(filters.gaussian)` runs on
 * worker threads) and declares its footprint for chunked processing: the reach per axis of the
 * neighbourhood ops, global for `thresholdOtsu`. gaussian also declares its params resolver (the
 * RGB guess made once from the whole array's shape).
 */
import { defineOps } from 'dusk-graph';
import { declareBlockOutput } from '../core/blockOutput.ts';
import { declareFootprint, declareParamsResolver, globalFootprint, uniformFootprint } from '../core/footprint.ts';
import { prewitt as prewittFn, prewittH as prewittHFn, prewittV as prewittVFn, scharr as scharrFn, scharrH as scharrHFn,
  scharrV as scharrVFn, sobel as sobelFn, sobelH as sobelHFn, sobelV as sobelVFn } from './edges.ts';
import { gaussian as gaussianFn, gaussianFootprint, gaussianParamsForShape } from './gaussian.ts';
import { laplace as laplaceFn } from './laplace.ts';
import { median as medianFn, medianFootprint } from './median.ts';
import { thresholdLocal as thresholdLocalFn, thresholdLocalFootprint } from './thresholdLocal.ts';
import { thresholdOtsu as thresholdOtsuFn } from './thresholdOtsu.ts';

export type { GaussianOptions } from './gaussian.ts';
export type { EdgeOptions, EdgeHVOptions } from './edges.ts';
export type { LaplaceOptions } from './laplace.ts';
export type { MedianOptions } from './median.ts';
export type { ThresholdOtsuOptions } from './thresholdOtsu.ts';
export type { ThresholdLocalOptions, ThresholdLocalMethod } from './thresholdLocal.ts';

const ops = defineOps(import.meta.url, {
  gaussian: gaussianFn,
  sobel: sobelFn, sobelH: sobelHFn, sobelV: sobelVFn,
  prewitt: prewittFn, prewittH: prewittHFn, prewittV: prewittVFn,
  scharr: scharrFn, scharrH: scharrHFn, scharrV: scharrVFn,
  laplace: laplaceFn,
  median: medianFn,
  thresholdOtsu: thresholdOtsuFn,
  thresholdLocal: thresholdLocalFn,
});

export const {
  gaussian, sobel, sobelH, sobelV, prewitt, prewittH, prewittV, scharr, scharrH, scharrV,
  laplace, median, thresholdOtsu, thresholdLocal,
} = ops;

declareFootprint(gaussian, gaussianFootprint);
declareParamsResolver(gaussian, gaussianParamsForShape);
for (const f of [sobel, sobelH, sobelV, prewitt, prewittH, prewittV, scharr, scharrH, scharrV]) declareFootprint(f, uniformFootprint(1));
// laplace's kernel is 3 wide whatever ksize is (see laplace.ts).
declareFootprint(laplace, uniformFootprint(1));
declareFootprint(median, medianFootprint);
declareFootprint(thresholdLocal, thresholdLocalFootprint);
declareFootprint(thresholdOtsu, globalFootprint("Otsu's threshold is computed from the histogram of every pixel"));
// gaussian keeps the shape; float32 stays float32, everything else becomes float64.
declareBlockOutput(gaussian, (_p: unknown, [x]) => ({ shape: x!.shape, dtype: x!.dtype === 'float32' ? 'float32' : 'float64' }));
