/**
 * `color`: colour-space conversions (scikit-image's `skimage.color`). Every op is registered with
 * defineOps so `delayed(color.rgb2gray)` runs on worker threads. Both are pointwise over pixels
 * (footprint 0 on every axis).
 */
import { defineOps } from 'dusk-graph';
import { declareBlockOutput } from '../core/blockOutput.ts';
import { declareFootprint, pointwiseFootprint } from '../core/footprint.ts';
import { gray2rgb as gray2rgbFn } from './gray2rgb.ts';
import { rgb2gray as rgb2grayFn } from './rgb2gray.ts';

export type { Rgb2grayOptions } from './rgb2gray.ts';
export type { Gray2rgbOptions } from './gray2rgb.ts';

const ops = defineOps(import.meta.url, { rgb2gray: rgb2grayFn, gray2rgb: gray2rgbFn });
export const { rgb2gray, gray2rgb } = ops;

for (const f of [rgb2gray, gray2rgb]) declareFootprint(f, pointwiseFootprint);
// rgb2gray removes the channel axis (default the last); float32 stays float32, else float64.
declareBlockOutput(rgb2gray, (p: { channelAxis?: number } | undefined, [x]) => {
  const ax = p?.channelAxis ?? -1;
  const drop = ax < 0 ? ax + x!.shape.length : ax;
  return { shape: x!.shape.filter((_, i) => i !== drop), dtype: x!.dtype === 'float32' ? 'float32' : 'float64' };
});
