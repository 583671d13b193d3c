/**
 * `util`: scikit-image's `skimage.util` — dtype conversion (`imgAsFloat`, `imgAsUbyte`, ... from
 * `convert.ts`) and `viewAsWindows`. All are registered with defineOps so they run on workers.
 * The conversions are pointwise (footprint 0 on every axis); `viewAsWindows` builds windows over
 * the whole array, so its footprint is global.
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, globalFootprint, pointwiseFootprint } from '../core/footprint.ts';
import { declareOptions, NO_OPTIONS } from '../core/opOptions.ts';
import * as conv from './convert.ts';
import { viewAsWindows as viewAsWindowsFn } from './viewAsWindows.ts';

export type { ViewAsWindowsOptions } from './viewAsWindows.ts';
export { rint } from './convert.ts';

const ops = defineOps(import.meta.url, {
  imgAsFloat: conv.imgAsFloat,
  imgAsFloat32: conv.imgAsFloat32,
  imgAsFloat64: conv.imgAsFloat64,
  imgAsUbyte: conv.imgAsUbyte,
  imgAsUint: conv.imgAsUint,
  imgAsInt: conv.imgAsInt,
  imgAsBool: conv.imgAsBool,
  convert: conv.convert,
  viewAsWindows: viewAsWindowsFn,
});
export const { imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsUbyte, imgAsUint, imgAsInt, imgAsBool, convert, viewAsWindows } = ops;

for (const f of [imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsUbyte, imgAsUint, imgAsInt, imgAsBool, convert]) declareFootprint(f, pointwiseFootprint);
declareFootprint(viewAsWindows, globalFootprint('its output is a view of windows over the whole array, not an image of the same shape'));
for (const f of [imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsUbyte, imgAsUint, imgAsInt, imgAsBool]) declareOptions(f, NO_OPTIONS);
