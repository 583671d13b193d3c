/**
 * `util`: scikit-image's `skimage.util` — dtype conversion (`imgAsFloat`, `imgAsUbyte`, ... from
 * `convert.ts`, pointwise) and `viewAsWindows` (global: windows over the whole array). Each op
 * file defines its ops with `defineOp` (core/defineOp.ts); this index re-exports them.
 *
 * `convert(image, dtype)` takes a dtype, not an options object, so it is no block op: it is only
 * registered for workers here (and declared pointwise), without an options schema or a fixture.
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, pointwiseFootprint } from '../core/footprint.ts';
import { convert as convertFn } from './convert.ts';

export { imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsUbyte, imgAsUint, imgAsInt, imgAsBool, rint } from './convert.ts';
export { viewAsWindows, type ViewAsWindowsOptions } from './viewAsWindows.ts';

export const { convert } = defineOps(import.meta.url, { convert: convertFn });
declareFootprint(convert, pointwiseFootprint);
