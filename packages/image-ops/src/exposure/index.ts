/**
 * `exposure`: histograms and intensity mapping (scikit-image's `skimage.exposure`). The histogram
 * ops look at every pixel (global footprint); `rescaleIntensity` is pointwise when both ranges
 * are explicit, global when either is 'image' (the default `inRange`). Each op file defines its
 * op with `defineOp` (core/defineOp.ts); this index re-exports them.
 */
export { histogram, type HistogramOptions, type Histogram } from './histogram.ts';
export { cumulativeDistribution, type CumulativeDistributionOptions, type CumulativeDistribution } from './cumulativeDistribution.ts';
export { equalizeHist, type EqualizeHistOptions } from './equalizeHist.ts';
export { rescaleIntensity, type RescaleIntensityOptions, type IntensityRange, type DTypeName } from './rescaleIntensity.ts';
