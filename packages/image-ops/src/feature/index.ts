/**
 * `feature`: feature detectors and descriptors (scikit-image's `skimage.feature`). Every op is
 * registered with defineOps so `delayed(feature.hog)` runs on worker threads.
 */
import { defineOps } from '@dusk/graph';
import { hog as hogFn } from './hog.ts';

export type { HogOptions, HogFeatures } from './hog.ts';
export type { BlockNorm } from './hogBlocks.ts';

const ops = defineOps(import.meta.url, { hog: hogFn });
export const { hog } = ops;
