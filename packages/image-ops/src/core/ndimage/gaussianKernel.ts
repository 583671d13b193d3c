/**
 * 1-D Gaussian kernels and their derivatives, computed as scipy's `_gaussian_kernel1d` does:
 * `phi(x) = exp(-0.5 / sigma² · x²)` on `x = -radius .. radius`, normalised by its (NumPy
 * pairwise) sum, and for `order > 0` multiplied by the polynomial q(x) obtained by applying
 * `q ← q' + q·p'` (p'(x) = -x/σ²) `order` times to q = 1. The result is the convolution kernel;
 * `gaussianFilter1d` correlates with it reversed.
 */
import { pairwiseSum } from '../../ndarray/reduce.ts';

/** `int(truncate · sigma + 0.5)`, the radius scipy uses for a Gaussian of `sigma`. */
export function gaussianRadius(sigma: number, truncate: number): number {
  return Math.trunc(truncate * sigma + 0.5);
}

/** The Gaussian kernel of `2·radius + 1` taps for `sigma` and derivative `order`. */
export function gaussianKernel1d(sigma: number, order: number, radius: number): Float64Array {
  if (!Number.isInteger(order) || order < 0) {
    throw new RangeError(`gaussianKernel1d: order must be a non-negative integer, received ${order}`);
  }
  if (!Number.isInteger(radius) || radius < 0) {
    throw new RangeError(`gaussianKernel1d: radius must be a non-negative integer, received ${radius}`);
  }
  const sigma2 = sigma * sigma;
  const n = 2 * radius + 1;
  const phi = new Float64Array(n);
  const a = -0.5 / sigma2;
  for (let i = 0; i < n; i++) {
    const x = i - radius;
    phi[i] = Math.exp(a * (x * x));
  }
  const total = pairwiseSum(phi);
  for (let i = 0; i < n; i++) phi[i] = phi[i]! / total;
  if (order === 0) return phi;

  // q ← (D + P) q, with D the derivative operator on polynomial coefficients and P the
  // multiplication by p'(x) = -x / sigma².
  let q = new Float64Array(order + 1);
  q[0] = 1;
  const pCoef = 1 / -sigma2;
  for (let it = 0; it < order; it++) {
    const next = new Float64Array(order + 1);
    for (let r = 0; r <= order; r++) {
      // Row r of D has (r+1) at column r+1; row r of P has pCoef at column r-1.
      let s = 0;
      if (r >= 1) s += pCoef * q[r - 1]!;
      if (r + 1 <= order) s += (r + 1) * q[r + 1]!;
      next[r] = s;
    }
    q = next;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i - radius;
    let s = 0;
    let xp = 1;
    for (let e = 0; e <= order; e++) {
      s += xp * q[e]!;
      xp *= x;
    }
    out[i] = s * phi[i]!;
  }
  return out;
}
