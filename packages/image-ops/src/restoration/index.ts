/**
 * `restoration`: denoising (scikit-image's `skimage.restoration`). TV denoising is global (each
 * iteration spreads information further, and the stopping test sums over the image).
 * denoiseTvChambolle.ts defines the op with `defineOp` (core/defineOp.ts); this index re-exports it.
 */
export { denoiseTvChambolle, type DenoiseTvChambolleOptions } from './denoiseTvChambolle.ts';
