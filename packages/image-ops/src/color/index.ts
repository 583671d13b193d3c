/**
 * `color`: colour-space conversions (scikit-image's `skimage.color`), both pointwise over pixels.
 * Each op file defines its op with `defineOp` (core/defineOp.ts); this index re-exports them.
 */
export { rgb2gray, type Rgb2grayOptions } from './rgb2gray.ts';
export { gray2rgb, type Gray2rgbOptions } from './gray2rgb.ts';
