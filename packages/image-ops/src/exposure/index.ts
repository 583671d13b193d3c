/**
 * `exposure`: histograms and intensity mapping (scikit-image's `skimage.exposure`). Every op is
 * registered with defineOps so `delayed(exposure.equalizeHist)` runs on worker threads. All of
 * them look at every pixel, so none declares a footprint.
 */
import { defineOps } from '@dusk/graph';
import { cumulativeDistribution as cdfFn } from './cumulativeDistribution.ts';
import { equalizeHist as equalizeHistFn } from './equalizeHist.ts';
import { histogram as histogramFn } from './histogram.ts';
import { rescaleIntensity as rescaleIntensityFn } from './rescaleIntensity.ts';

export type { HistogramOptions, Histogram } from './histogram.ts';
export type { CumulativeDistributionOptions, CumulativeDistribution } from './cumulativeDistribution.ts';
export type { EqualizeHistOptions } from './equalizeHist.ts';
export type { RescaleIntensityOptions, IntensityRange, DTypeName } from './rescaleIntensity.ts';

const ops = defineOps(import.meta.url, {
  histogram: histogramFn,
  cumulativeDistribution: cdfFn,
  equalizeHist: equalizeHistFn,
  rescaleIntensity: rescaleIntensityFn,
});
export const { histogram, cumulativeDistribution, equalizeHist, rescaleIntensity } = ops;
