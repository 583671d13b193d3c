/**
 * Reductions over a flat run of elements, as NumPy computes them (bit for bit).
 *
 * - `pairwiseBlock` is NumPy's `pairwise_sum`: runs of up to 128 summed with 8 accumulators,
 *   longer runs split in halves (a multiple of 8 first) and the halves added, so the rounding
 *   error grows O(log n) instead of O(n).
 * - A whole reduction (`np.add.reduce` over a contiguous run) goes through the ufunc machinery
 *   in buffers of `BUFSIZE` (8192) elements: the result starts at 0 and each buffer's pairwise
 *   sum is added to it in order. `pairwiseSum` does exactly that, in float64.
 * - `sum`, `mean` and `variance` (`np.var`, ddof 0: the mean first, then the mean of the squared
 *   deviations) follow NumPy's dtype rules: float32 data is reduced in float32 arithmetic (every
 *   add, subtract, multiply and divide rounded to single precision, and the result is a float32
 *   value); every other dtype in float64.
 */
import type { TypedArray } from './dtype.ts';

type Numeric = ArrayLike<number>;

/** NumPy's pairwise block: at most this many elements summed with 8 accumulators. */
const BLOCK = 128;
/** NumPy's ufunc buffer size (`np.getbufsize()`): a reduction adds one buffer's pairwise sum at a time. */
const BUFSIZE = 8192;

const f = Math.fround;

/** One buffer of float32 squared deviations, reused by every float32 `variance` on this thread (no garbage per call). */
const scratch = new Float64Array(BUFSIZE);

/** NumPy's `pairwise_sum` of `a[start .. start+n)`, in float64. */
function pairwiseBlock(a: Numeric, start: number, n: number): number {
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
  const n2 = half(n);
  return pairwiseBlock(a, start, n2) + pairwiseBlock(a, start + n2, n - n2);
}

/** The same in float32 arithmetic (NumPy's `FLOAT_pairwise_sum`: single-precision accumulators). */
function pairwiseBlock32(a: Numeric, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s = f(s + a[start + i]!);
    return s;
  }
  if (n <= BLOCK) {
    let r0 = f(a[start]!), r1 = f(a[start + 1]!), r2 = f(a[start + 2]!), r3 = f(a[start + 3]!);
    let r4 = f(a[start + 4]!), r5 = f(a[start + 5]!), r6 = f(a[start + 6]!), r7 = f(a[start + 7]!);
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 = f(r0 + a[p]!); r1 = f(r1 + a[p + 1]!); r2 = f(r2 + a[p + 2]!); r3 = f(r3 + a[p + 3]!);
      r4 = f(r4 + a[p + 4]!); r5 = f(r5 + a[p + 5]!); r6 = f(r6 + a[p + 6]!); r7 = f(r7 + a[p + 7]!);
    }
    let s = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) s = f(s + a[start + i]!);
    return s;
  }
  const n2 = half(n);
  return f(pairwiseBlock32(a, start, n2) + pairwiseBlock32(a, start + n2, n - n2));
}

/** Where NumPy splits a run longer than a block: half, rounded down to a multiple of 8. */
function half(n: number): number {
  const n2 = Math.floor(n / 2);
  return n2 - (n2 % 8);
}

/** `np.add.reduce` of `a[start .. start+n)` in float64: buffers of 8192, each summed pairwise, added in order. */
export function pairwiseSum(a: Numeric, start = 0, n = a.length - start): number {
  let s = 0;
  for (let i = 0; i < n; i += BUFSIZE) s += pairwiseBlock(a, start + i, Math.min(BUFSIZE, n - i));
  return s;
}

/** `np.add.reduce` of a float32 run, in float32. */
function pairwiseSum32(a: Numeric): number {
  let s = 0;
  for (let i = 0; i < a.length; i += BUFSIZE) s = f(s + pairwiseBlock32(a, i, Math.min(BUFSIZE, a.length - i)));
  return s;
}

/**
 * NumPy's `pairwise_sum` of the squared deviations `(a[i] - mean) ** 2` over `a[start .. start+n)`,
 * in float64: the same additions as summing the materialised squares (which `np.var` does), without
 * materialising them.
 */
function pairwiseSqDevBlock(a: Numeric, mean: number, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) { const d = a[start + i]! - mean; s += d * d; }
    return s;
  }
  if (n <= BLOCK) {
    let d0 = a[start]! - mean, d1 = a[start + 1]! - mean, d2 = a[start + 2]! - mean, d3 = a[start + 3]! - mean;
    let d4 = a[start + 4]! - mean, d5 = a[start + 5]! - mean, d6 = a[start + 6]! - mean, d7 = a[start + 7]! - mean;
    let r0 = d0 * d0, r1 = d1 * d1, r2 = d2 * d2, r3 = d3 * d3, r4 = d4 * d4, r5 = d5 * d5, r6 = d6 * d6, r7 = d7 * d7;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      d0 = a[p]! - mean; d1 = a[p + 1]! - mean; d2 = a[p + 2]! - mean; d3 = a[p + 3]! - mean;
      d4 = a[p + 4]! - mean; d5 = a[p + 5]! - mean; d6 = a[p + 6]! - mean; d7 = a[p + 7]! - mean;
      r0 += d0 * d0; r1 += d1 * d1; r2 += d2 * d2; r3 += d3 * d3; r4 += d4 * d4; r5 += d5 * d5; r6 += d6 * d6; r7 += d7 * d7;
    }
    let s = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) { const d = a[start + i]! - mean; s += d * d; }
    return s;
  }
  const n2 = half(n);
  return pairwiseSqDevBlock(a, mean, start, n2) + pairwiseSqDevBlock(a, mean, start + n2, n - n2);
}

/** The float32 squared deviations of `a[start .. start+n)` into `scratch` (each difference and square rounded). */
function squaredDeviations32(a: Numeric, mean: number, start: number, n: number): void {
  for (let i = 0; i < n; i++) { const d = f(a[start + i]! - mean); scratch[i] = f(d * d); }
}

function requireNonEmpty(a: TypedArray, what: string): void {
  if (a.length === 0) throw new RangeError(`${what}: zero-size array has no ${what}`);
}

/** `np.sum(a)`: float32 data summed in float32, everything else in float64. */
export function sum(a: TypedArray): number {
  return a instanceof Float32Array ? pairwiseSum32(a) : pairwiseSum(a);
}

/** `np.mean(a)`: the sum divided by the count, in float32 for float32 data. */
export function mean(a: TypedArray): number {
  requireNonEmpty(a, 'mean');
  return a instanceof Float32Array ? f(pairwiseSum32(a) / f(a.length)) : pairwiseSum(a) / a.length;
}

/** Population variance, as `np.var(a)` (in float32 for float32 data). */
export function variance(a: TypedArray): number {
  requireNonEmpty(a, 'variance');
  const m = mean(a);
  let s = 0;
  if (a instanceof Float32Array) {
    for (let i = 0; i < a.length; i += BUFSIZE) {
      const part = Math.min(BUFSIZE, a.length - i);
      squaredDeviations32(a, m, i, part);
      s = f(s + pairwiseBlock32(scratch, 0, part));
    }
    return f(s / f(a.length));
  }
  for (let i = 0; i < a.length; i += BUFSIZE) s += pairwiseSqDevBlock(a, m, i, Math.min(BUFSIZE, a.length - i));
  return s / a.length;
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
