/**
 * Parity adapters for `skimage.filters`: each fixture case runs the dusk op on the case's first
 * input with the case's (camelCased) params. `filters.median` fixtures pass the footprint as the
 * second input. The edge filters' `*_h` / `*_v` names map to `sobelH` / `sobelV` etc.
 */
import { registerParityAdapters } from '../adapter.ts';
import * as filters from '../../filters/index.ts';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

registerParityAdapters({
  'filters.gaussian': ([img], p) => filters.gaussian(img!, p as Any),
  'filters.sobel': ([img], p) => filters.sobel(img!, p as Any),
  'filters.sobel_h': ([img], p) => filters.sobelH(img!, p as Any),
  'filters.sobel_v': ([img], p) => filters.sobelV(img!, p as Any),
  'filters.prewitt': ([img], p) => filters.prewitt(img!, p as Any),
  'filters.prewitt_h': ([img], p) => filters.prewittH(img!, p as Any),
  'filters.prewitt_v': ([img], p) => filters.prewittV(img!, p as Any),
  'filters.scharr': ([img], p) => filters.scharr(img!, p as Any),
  'filters.scharr_h': ([img], p) => filters.scharrH(img!, p as Any),
  'filters.scharr_v': ([img], p) => filters.scharrV(img!, p as Any),
  'filters.laplace': ([img], p) => filters.laplace(img!, p as Any),
  'filters.median': ([img, footprint], p) => filters.median(img!, { ...(p as Any), ...(footprint ? { footprint } : {}) }),
  'filters.threshold_otsu': ([img], p) => filters.thresholdOtsu(img!, p as Any),
  'filters.threshold_local': ([img], p) => filters.thresholdLocal(img!, p as Any),
});
