/**
 * Reductions over a flat run of elements, as NumPy computes them.
 *
 * `pairwiseSum` follows NumPy's pairwise summation (blocks of 128 summed with 8 accumulators,
 * halves combined recursively), so sums and means of large images carry O(log n) rounding error
 * instead of O(n). `variance` is population variance (`np.var`, ddof 0): the mean first, then the
 * mean of squared deviations, in float64.
 */
import type { TypedArray } from './dtype.ts';

type Numeric = ArrayLike<number>;

const BLOCK = 128;

/** Sum of `a[start .. start+n)` by pairwise summation. */
export function pairwiseSum(a: Numeric, start = 0, n = a.length - start): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[start + i]!;
    return s;
  }
  if (n <= BLOCK) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let s = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) s += a[start + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Sum of squared deviations from `mean`, pairwise, over `a[start .. start+n)`. */
function pairwiseSqDev(a: Numeric, mean: number, start: number, n: number): number {
  if (n <= BLOCK) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const p = start + i;
      const d0 = a[p]! - mean, d1 = a[p + 1]! - mean, d2 = a[p + 2]! - mean, d3 = a[p + 3]! - mean;
      s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3;
    }
    for (; i < n; i++) {
      const d = a[start + i]! - mean;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSqDev(a, mean, start, n2) + pairwiseSqDev(a, mean, start + n2, n - n2);
}

function requireNonEmpty(a: TypedArray, what: string): void {
  if (a.length === 0) throw new RangeError(`${what}: zero-size array has no ${what}`);
}

export function sum(a: TypedArray): number {
  return pairwiseSum(a);
}

export function mean(a: TypedArray): number {
  requireNonEmpty(a, 'mean');
  return pairwiseSum(a) / a.length;
}

/** Population variance, as `np.var(a)`. */
export function variance(a: TypedArray): number {
  requireNonEmpty(a, 'variance');
  const m = pairwiseSum(a) / a.length;
  return pairwiseSqDev(a, m, 0, a.length) / a.length;
}

export function min(a: TypedArray): number {
  requireNonEmpty(a, 'min');
  let m = a[0]!;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v !== v) return NaN; // NaN propagates, as in NumPy
    if (v < m) m = v;
  }
  return m;
}

export function max(a: TypedArray): number {
  requireNonEmpty(a, 'max');
  let m = a[0]!;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v !== v) return NaN; // NaN propagates, as in NumPy
    if (v > m) m = v;
  }
  return m;
}
