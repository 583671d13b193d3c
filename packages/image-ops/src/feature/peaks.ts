/**
 * Local maxima as scikit-image 0.19's `peak_local_max` finds them with a full 3^n footprint and
 * `min_distance=1` (the configuration `blob_log` uses): a pixel is a peak when it equals the
 * maximum of its 3^n neighbourhood (outside the array counts as 0, as scipy's
 * `maximum_filter(..., mode='constant')`; computed separably in `maxFilter3.ts`), is above the
 * threshold and lies outside the excluded border. An image whose every pixel equals its neighbourhood maximum has no peaks. Peaks come
 * back highest first (ties in raster order); with `min_distance=1` scikit-image's spacing step
 * removes nothing, so none is needed.
 */
import type { NDArray } from '../ndarray/ndarray.ts';
import { maxFilter3 } from './maxFilter3.ts';

export interface PeakOptions {
  /** Absolute threshold; `null` uses the image minimum. */
  thresholdAbs: number | null;
  /** Relative threshold (fraction of the image maximum); `null` for none. */
  thresholdRel: number | null;
  /** Pixels within this distance of each edge, per axis, are not peaks. */
  borderWidth: readonly number[];
}

/** Coordinates (one row of `ndim` indices per peak), highest value first. */
export function localPeaks(image: NDArray, o: PeakOptions): number[][] {
  const v = image.values();
  const n = v.length, nd = image.ndim;
  if (n === 0) return [];
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { if (v[i]! < lo) lo = v[i]!; if (v[i]! > hi) hi = v[i]!; }
  let threshold = o.thresholdAbs ?? lo;
  if (o.thresholdRel !== null) threshold = Math.max(threshold, o.thresholdRel * hi);
  const isPeak = new Uint8Array(n);
  if (n === 1) isPeak[0] = v[0]! > threshold ? 1 : 0;
  else {
    const mx = maxFilter3(v, image.shape);
    let all = true;
    for (let i = 0; i < n; i++) { isPeak[i] = v[i] === mx[i] ? 1 : 0; if (!isPeak[i]) all = false; }
    if (all) return [];
    for (let i = 0; i < n; i++) if (!(v[i]! > threshold)) isPeak[i] = 0;
  }
  const coords: number[][] = [];
  const idx = new Array<number>(nd).fill(0);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    let inside = isPeak[i] === 1;
    for (let ax = 0; ax < nd && inside; ax++) {
      const b = o.borderWidth[ax]!;
      if (b > 0 && (idx[ax]! < b || idx[ax]! >= image.shape[ax]! - b)) inside = false;
    }
    if (inside) { coords.push([...idx]); order.push(i); }
    for (let ax = nd - 1; ax >= 0; ax--) { if (++idx[ax]! < image.shape[ax]!) break; idx[ax] = 0; }
  }
  const rank = coords.map((_, k) => k).sort((a, b) => v[order[b]!]! - v[order[a]!]! || a - b);
  return rank.map((k) => coords[k]!);
}
