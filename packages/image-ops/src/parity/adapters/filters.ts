/**
 * Parity adapters for `skimage.filters`: each fixture case runs the dusk op on the case's first
 * input with the case's (camelCased) params. `filters.median` fixtures pass the footprint as the
 * second input; for the edge filters and `laplace` a second input is the `mask`. The `*_h` / `*_v`
 * names map to `sobelH` / `sobelV` etc.
 */
import { registerParityAdapters } from '../adapter.ts';
import * as filters from '../../filters/index.ts';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Params = Record<string, unknown>;
const withMask = (p: Params, mask: unknown): Any => (mask ? { ...p, mask } : p);

registerParityAdapters({
  'filters.gaussian': ([img], p) => filters.gaussian(img!, p as Any),
  'filters.sobel': ([img, mask], p) => filters.sobel(img!, withMask(p, mask)),
  'filters.sobel_h': ([img, mask], p) => filters.sobelH(img!, withMask(p, mask)),
  'filters.sobel_v': ([img, mask], p) => filters.sobelV(img!, withMask(p, mask)),
  'filters.prewitt': ([img, mask], p) => filters.prewitt(img!, withMask(p, mask)),
  'filters.prewitt_h': ([img, mask], p) => filters.prewittH(img!, withMask(p, mask)),
  'filters.prewitt_v': ([img, mask], p) => filters.prewittV(img!, withMask(p, mask)),
  'filters.scharr': ([img, mask], p) => filters.scharr(img!, withMask(p, mask)),
  'filters.scharr_h': ([img, mask], p) => filters.scharrH(img!, withMask(p, mask)),
  'filters.scharr_v': ([img, mask], p) => filters.scharrV(img!, withMask(p, mask)),
  'filters.laplace': ([img, mask], p) => filters.laplace(img!, withMask(p, mask)),
  'filters.median': ([img, footprint], p) => filters.median(img!, { ...(p as Any), ...(footprint ? { footprint } : {}) }),
  'filters.threshold_otsu': ([img], p) => filters.thresholdOtsu(img!, p as Any),
  'filters.threshold_local': ([img], p) => filters.thresholdLocal(img!, p as Any),
});
