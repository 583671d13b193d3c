/**
 * The mask rule of scikit-image's edge filters (`_mask_filter_result`): the mask is eroded with
 * a full-connectivity structure (3^ndim ones) and `border_value=0`, so a pixel survives only when
 * it and all its neighbours (diagonals included) are inside the mask and it is not on the image
 * border.
 */
import type { NDArray } from '../ndarray/ndarray.ts';

/** 1 where the eroded mask is true, 0 elsewhere (C order). */
export function erodedMask(mask: NDArray): Uint8Array {
  const v = mask.contiguous().values();
  const shape = mask.shape, nd = shape.length;
  let m = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) m[i] = v[i] ? 1 : 0;
  // A full 3^nd box erosion is separable: a min over {-1, 0, +1} along each axis in turn,
  // with positions outside the array counting as 0.
  let inner = 1;
  for (let ax = nd - 1; ax >= 0; ax--) {
    const n = shape[ax]!, outer = v.length / (n * inner || 1);
    const r = new Uint8Array(v.length);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < n; i++) {
        const base = (o * n + i) * inner;
        for (let k = 0; k < inner; k++) {
          const p = base + k;
          r[p] = m[p]! && i > 0 && m[p - inner]! && i < n - 1 && m[p + inner]! ? 1 : 0;
        }
      }
    }
    m = r;
    inner *= n;
  }
  return m;
}
