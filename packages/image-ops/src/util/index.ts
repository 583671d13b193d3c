/**
 * `util`: scikit-image's `skimage.util` — dtype conversion (`imgAsFloat`, `imgAsUbyte`, ... from
 * `convert.ts`) and `viewAsWindows`. All are registered with defineOps so they run on workers.
 */
import { defineOps } from '@dusk/graph';
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
