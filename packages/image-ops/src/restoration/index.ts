/**
 * `restoration`: denoising (scikit-image's `skimage.restoration`). Registered with defineOps so
 * `delayed(restoration.denoiseTvChambolle)` runs on worker threads. TV denoising is global: no
 * footprint is declared.
 */
import { defineOps } from '@dusk/graph';
import { denoiseTvChambolle as denoiseTvChambolleFn } from './denoiseTvChambolle.ts';

export type { DenoiseTvChambolleOptions } from './denoiseTvChambolle.ts';

const ops = defineOps(import.meta.url, { denoiseTvChambolle: denoiseTvChambolleFn });
export const { denoiseTvChambolle } = ops;
