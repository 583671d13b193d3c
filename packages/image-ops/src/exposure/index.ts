/**
 * `exposure`: histograms and intensity mapping (scikit-image's `skimage.exposure`). Every op is
 * registered with defineOps so `delayed(exposure.equalizeHist)` runs on worker threads. The
 * histogram ops look at every pixel (global footprint); `rescaleIntensity` is pointwise when
 * both ranges are explicit, global when either is 'image' (the default `inRange`).
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, globalFootprint } from '../core/footprint.ts';
import { cumulativeDistribution as cdfFn } from './cumulativeDistribution.ts';
import { equalizeHist as equalizeHistFn } from './equalizeHist.ts';
import { histogram as histogramFn } from './histogram.ts';
import { rescaleIntensity as rescaleIntensityFn, rescaleIntensityFootprint } from './rescaleIntensity.ts';

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

declareFootprint(histogram, globalFootprint('the histogram counts every pixel'));
declareFootprint(cumulativeDistribution, globalFootprint('the distribution counts every pixel'));
declareFootprint(equalizeHist, globalFootprint('the equalizing map comes from the histogram of every pixel'));
declareFootprint(rescaleIntensity, rescaleIntensityFootprint);
