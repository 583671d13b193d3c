/**
 * `feature`: feature detectors and descriptors (scikit-image's `skimage.feature`). Every op is
 * registered with defineOps so `delayed(feature.hog)` runs on worker threads. canny declares its
 * reach (canny.ts); hog and blobLog return descriptors and blob lists of the whole image, so
 * their footprint is global.
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, globalFootprint } from '../core/footprint.ts';
import { blobLog as blobLogFn } from './blobLog.ts';
import { canny as cannyFn } from './canny.ts';
import { hog as hogFn } from './hog.ts';

export type { BlobLogOptions } from './blobLog.ts';
export type { CannyOptions } from './canny.ts';
export type { HogOptions, HogFeatures } from './hog.ts';
export type { BlockNorm } from './hogBlocks.ts';

const ops = defineOps(import.meta.url, { hog: hogFn, canny: cannyFn, blobLog: blobLogFn });
export const { hog, canny, blobLog } = ops;

declareFootprint(hog, globalFootprint('it returns one descriptor for the whole image, laid out by its cell grid'));
declareFootprint(blobLog, globalFootprint('it returns a list of blobs found and pruned over the whole image'));
