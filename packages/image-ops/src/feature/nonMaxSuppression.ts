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

/** Local maxima (0/1) of `mag` along the gradient direction, within `mask`. */
export function nonMaxSuppression(
  gi: ArrayLike<number>, gj: ArrayLike<number>, mag: ArrayLike<number>, mask: Uint8Array,
  h: number, w: number, f32: boolean, out: Uint8Array,
): void {
  const f = f32 ? Math.fround : (x: number) => x;
  /** `c2·wt + c1·(1 − wt) <= m` in the gradients' precision. */
  const below = (c1: number, c2: number, wt: number, m: number) => f(f(c2 * wt) + f(c1 * f(1 - wt))) <= m;
  for (let r = 1; r < h - 1; r++) {
    for (let c = 1; c < w - 1; c++) {
      const p = r * w + c;
      const m = mag[p]!;
      if (!mask[p] || !(m > 0)) continue;
      const i = gi[p]!, j = gj[p]!, ai = Math.abs(i), aj = Math.abs(j);
      const horizontal = ai >= aj, vertical = ai <= aj;
      const upRight = (i >= 0 && j >= 0) || (i <= 0 && j <= 0);
      const downRight = (i <= 0 && j >= 0) || (i >= 0 && j <= 0);
      const wH = horizontal ? f(aj / ai) : 0, wV = vertical ? f(ai / aj) : 0;
      const up = p - w, down = p + w;
      let result = -1;
      // The four sectors in scikit-image's order; c1 = axis neighbour, c2 = diagonal neighbour.
      if (horizontal && upRight) {
        result = below(mag[down]!, mag[down + 1]!, wH, m) && below(mag[up]!, mag[up - 1]!, wH, m) ? 1 : 0;
      }
      if (vertical && upRight) {
        result = below(mag[p + 1]!, mag[down + 1]!, wV, m) && below(mag[p - 1]!, mag[up - 1]!, wV, m) ? 1 : 0;
      }
      if (vertical && downRight) {
        result = below(mag[p + 1]!, mag[up + 1]!, wV, m) && below(mag[p - 1]!, mag[down - 1]!, wV, m) ? 1 : 0;
      }
      if (horizontal && downRight) {
        result = below(mag[up]!, mag[up + 1]!, wH, m) && below(mag[down]!, mag[down - 1]!, wH, m) ? 1 : 0;
      }
      if (result >= 0) out[p] = result;
    }
  }
}
