/**
 * Canny's edge thinning (scikit-image 0.19 `_get_local_maxima`): keep a pixel when its gradient
 * magnitude is at least the magnitude interpolated at the two neighbours along the gradient.
 *
 * Pixels in `mask` with non-zero magnitude are sorted into four sectors by the signs and relative
 * sizes of the row gradient `gi` and column gradient `gj`; each sector interpolates between an
 * axis neighbour and a diagonal neighbour with weight `w = |gj|/|gi|` (or `|gi|/|gj|`), on both
 * sides. scikit-image evaluates the sectors in a fixed order and a later sector overwrites an
 * earlier one where they overlap (ties such as |gi| = |gj| or gi = 0); this does the same per
 * pixel. Arithmetic is in the gradients' precision (float32 rounding when `f32`). `mask` never
 * includes border pixels, so the neighbours always exist.
 */

/** One sector: which pixels, the weight ratio, and the neighbour offsets [dr, dc] on each side. */
interface Sector {
  horizontal: boolean;
  plusUpRight: boolean;
  plus: [[number, number], [number, number]];
  minus: [[number, number], [number, number]];
}

// Order and offsets derived from scikit-image's slice tuples (c1 = axis neighbour, c2 = diagonal).
const SECTORS: Sector[] = [
  { horizontal: true, plusUpRight: true, plus: [[1, 0], [1, 1]], minus: [[-1, 0], [-1, -1]] },
  { horizontal: false, plusUpRight: true, plus: [[0, 1], [1, 1]], minus: [[0, -1], [-1, -1]] },
  { horizontal: false, plusUpRight: false, plus: [[0, 1], [-1, 1]], minus: [[0, -1], [1, -1]] },
  { horizontal: true, plusUpRight: false, plus: [[-1, 0], [-1, 1]], minus: [[1, 0], [1, -1]] },
];

/** Local maxima (0/1) of `mag` along the gradient direction, within `mask`. */
export function nonMaxSuppression(
  gi: ArrayLike<number>, gj: ArrayLike<number>, mag: ArrayLike<number>, mask: Uint8Array,
  h: number, w: number, f32: boolean, out: Uint8Array,
): void {
  const f = f32 ? Math.fround : (x: number) => x;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const p = r * w + c;
      const m = mag[p]!;
      if (!mask[p] || !(m > 0)) continue;
      const i = gi[p]!, j = gj[p]!, ai = Math.abs(i), aj = Math.abs(j);
      const upRight = (i >= 0 && j >= 0) || (i <= 0 && j <= 0);
      const downRight = (i <= 0 && j >= 0) || (i >= 0 && j <= 0);
      let result = -1;
      for (const s of SECTORS) {
        if (s.horizontal ? !(ai >= aj) : !(ai <= aj)) continue;
        if (s.plusUpRight ? !upRight : !downRight) continue;
        const wt = s.horizontal ? f(aj / ai) : f(ai / aj);
        const one = f(1 - wt);
        const side = ([[r1, c1], [r2, c2]]: [[number, number], [number, number]]) => {
          const v1 = mag[(r + r1) * w + c + c1]!, v2 = mag[(r + r2) * w + c + c2]!;
          return f(f(v2 * wt) + f(v1 * one)) <= m;
        };
        result = side(s.plus) && side(s.minus) ? 1 : 0;
      }
      if (result >= 0) out[p] = result;
    }
  }
}
