/**
 * `feature`: feature detectors and descriptors (scikit-image's `skimage.feature`). canny reaches
 * a few pixels beyond its Gaussian; hog and blobLog return descriptors and blob lists of the whole
 * image, so their footprint is global. Each op file defines its op with `defineOp`
 * (core/defineOp.ts); this index re-exports them.
 */
export { hog, type HogOptions, type HogFeatures } from './hog.ts';
export type { BlockNorm } from './hogBlocks.ts';
export { canny, type CannyOptions } from './canny.ts';
export { blobLog, type BlobLogOptions } from './blobLog.ts';
