/**
 * The 3^n box maximum with zero padding (`scipy.ndimage.maximum_filter(a, size=3,
 * mode='constant')`), as three-wide running maxima along one axis after another. Maxima are
 * exact, so the separable form gives the same values as the direct 3^n footprint, in O(n·ndim)
 * instead of O(n·3^ndim) — the scale-space cube of `blobLog` has 27 neighbours per voxel.
 */

/** Box maximum of `src` (C order, `shape`) into a new Float64Array. */
export function maxFilter3(src: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const n = src.length;
  let cur = Float64Array.from(src as ArrayLike<number>);
  let next = new Float64Array(n);
  let inner = 1;
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    const len = shape[ax]!, outer = n / (len * inner);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < inner; k++) {
        const base = o * len * inner + k;
        for (let j = 0; j < len; j++) {
          const p = base + j * inner;
          let m = cur[p]!;
          const a = j > 0 ? cur[p - inner]! : 0, b = j < len - 1 ? cur[p + inner]! : 0;
          if (a > m) m = a;
          if (b > m) m = b;
          next[p] = m;
        }
      }
    }
    [cur, next] = [next, cur];
    inner *= len;
  }
  return cur;
}
