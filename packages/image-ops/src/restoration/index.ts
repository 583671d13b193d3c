/**
 * `restoration`: denoising (scikit-image's `skimage.restoration`). Registered with defineOps so
 * `delayed(restoration.denoiseTvChambolle)` runs on worker threads. TV denoising is global (each
 * iteration spreads information further, and the stopping test sums over the image), and so is
 * its declared footprint.
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, globalFootprint } from '../core/footprint.ts';
import { denoiseTvChambolle as denoiseTvChambolleFn } from './denoiseTvChambolle.ts';

export type { DenoiseTvChambolleOptions } from './denoiseTvChambolle.ts';

const ops = defineOps(import.meta.url, { denoiseTvChambolle: denoiseTvChambolleFn });
export const { denoiseTvChambolle } = ops;

declareFootprint(denoiseTvChambolle, globalFootprint('each iteration spreads information further and the stopping test sums over the whole image'));
