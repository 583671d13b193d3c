/**
 * Order statistics for the rank filters.
 *
 * `select` is scipy's `NI_Select` (Hoare partition around the first element, recursing into the
 * side that holds `rank`), so ties and NaNs come out as scipy's do. `median9Rows` is the fast
 * exact 3×3 median for NaN-free data: sort each column of three, then
 * median = med3(max of column minima, med3 of column medians, min of column maxima).
 */

/** The element of rank `rank` (0-based) among `buf[0 .. n)`; reorders `buf`. */
export function select(buf: Float64Array, n: number, rank: number): number {
  let min = 0, max = n - 1;
  for (;;) {
    if (min === max) return buf[min]!;
    const x = buf[min]!;
    let ii = min - 1, jj = max + 1;
    for (;;) {
      do jj--; while (buf[jj]! > x);
      do ii++; while (buf[ii]! < x);
      if (ii < jj) {
        const t = buf[ii]!;
        buf[ii] = buf[jj]!;
        buf[jj] = t;
      } else break;
    }
    const left = jj - min + 1;
    if (rank < left) max = jj;
    else { rank -= left; min = jj + 1; }
  }
}

/**
 * 3×3 medians of one output row: rows `p0`, `p0 + stride`, `p0 + 2·stride` of the padded `src`
 * (width ≥ `width + 2`), written to `out[o .. o + width)`. `lo/mid/hi` are scratch of ≥ width + 2.
 */
export function median9Row(
  src: ArrayLike<number>, p0: number, stride: number, width: number,
  out: { [i: number]: number }, o: number, lo: Float64Array, mid: Float64Array, hi: Float64Array,
): void {
  const p1 = p0 + stride, p2 = p1 + stride;
  for (let j = 0; j < width + 2; j++) {
    let a = src[p0 + j]!, b = src[p1 + j]!, c = src[p2 + j]!, t: number;
    if (a > b) { t = a; a = b; b = t; }
    if (b > c) { t = b; b = c; c = t; }
    if (a > b) { t = a; a = b; b = t; }
    lo[j] = a; mid[j] = b; hi[j] = c;
  }
  for (let x = 0; x < width; x++) {
    let a = lo[x]!, b = lo[x + 1]!, c = lo[x + 2]!;
    const mxLo = a > b ? (a > c ? a : c) : (b > c ? b : c);
    a = hi[x]!; b = hi[x + 1]!; c = hi[x + 2]!;
    const mnHi = a < b ? (a < c ? a : c) : (b < c ? b : c);
    a = mid[x]!; b = mid[x + 1]!; c = mid[x + 2]!;
    const md = a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
    a = mxLo; b = md; c = mnHi;
    out[o + x] = a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
  }
}
