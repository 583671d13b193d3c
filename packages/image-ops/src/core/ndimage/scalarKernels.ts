/**
 * The correlation kernels as scalar JavaScript loops over a float64 workspace `ws`: the fallback
 * when WebAssembly SIMD is unavailable (see `lineKernels.ts` for the workspace conventions and
 * `simdKernels.ts` for the fast path; both give the same bits).
 *
 * Each loop walks `len` consecutive elements,
 *
 *     ws[d+j] (=|+=) ws[c+j]·w0 + (ws[c-k·s+j] + ws[c+k·s+j])·w_k + …
 *
 * adding terms in the order scipy's `NI_Correlate1D` does (centre first, then the pairs from the
 * outermost inwards), four folded pairs per loop. Indices are written `(a + j) | 0` so TurboFan
 * drops the int32 overflow check on every load (measured 1.5×).
 */

/**
 * Apply `w` (symmetry `sym`, see `kernelSymmetry`) to `len` outputs at `ws[d..]`: tap t reads
 * `ws[c + (t - h)·s + j]`, h = len(w) // 2.
 */
export function applyScalar(ws: Float64Array, d: number, c: number, s: number, w: Float64Array, sym: number, len: number): void {
  const fs = w.length, h = fs >> 1;
  if (sym !== 0) {
    if (h === 0) { term1(ws, d, true, c, w[0]!, len); return; }
    if (sym < 0) {
      for (let k = h; k >= 1; k--) pair1(ws, d, k === h, c, s, k, w, h, len, -1);
      return;
    }
    let k = h;
    if (k >= 4) {
      sym4First(ws, d, c, s, k, w, h, len);
      for (k -= 4; k >= 4; k -= 4) sym4Add(ws, d, c, s, k, w, h, len);
      for (; k >= 1; k--) pair1(ws, d, false, c, s, k, w, h, len, 1);
    } else {
      pair1(ws, d, true, c, s, k, w, h, len, 1);
      for (k--; k >= 1; k--) pair1(ws, d, false, c, s, k, w, h, len, 1);
    }
    return;
  }
  // General kernel: last tap first, then the others in order (scipy's order).
  const last = fs - 1;
  term1(ws, d, true, c + (last - h) * s, w[last]!, len);
  for (let t = 0; t < last; t++) term1(ws, d, false, c + (t - h) * s, w[t]!, len);
}

/** Symmetric kernel: centre plus four folded pairs at distances k, k-1, k-2, k-3 (times `s`). */
function sym4First(ws: Float64Array, d: number, c: number, s: number, k: number, w: Float64Array, h: number, len: number): void {
  const w0 = w[h]!, w1 = w[h - k]!, w2 = w[h - k + 1]!, w3 = w[h - k + 2]!, w4 = w[h - k + 3]!;
  const l1 = c - k * s, r1 = c + k * s, l2 = l1 + s, r2 = r1 - s, l3 = l2 + s, r3 = r2 - s, l4 = l3 + s, r4 = r3 - s;
  for (let j = 0; j < len; j++) {
    ws[(d + j) | 0] = ws[(c + j) | 0]! * w0 + (ws[(l1 + j) | 0]! + ws[(r1 + j) | 0]!) * w1 + (ws[(l2 + j) | 0]! + ws[(r2 + j) | 0]!) * w2
      + (ws[(l3 + j) | 0]! + ws[(r3 + j) | 0]!) * w3 + (ws[(l4 + j) | 0]! + ws[(r4 + j) | 0]!) * w4;
  }
}

/** Symmetric kernel: add four folded pairs at distances k, k-1, k-2, k-3 (times `s`). */
function sym4Add(ws: Float64Array, d: number, c: number, s: number, k: number, w: Float64Array, h: number, len: number): void {
  const w1 = w[h - k]!, w2 = w[h - k + 1]!, w3 = w[h - k + 2]!, w4 = w[h - k + 3]!;
  const l1 = c - k * s, r1 = c + k * s, l2 = l1 + s, r2 = r1 - s, l3 = l2 + s, r3 = r2 - s, l4 = l3 + s, r4 = r3 - s;
  for (let j = 0; j < len; j++) {
    ws[(d + j) | 0] = ws[(d + j) | 0]! + (ws[(l1 + j) | 0]! + ws[(r1 + j) | 0]!) * w1 + (ws[(l2 + j) | 0]! + ws[(r2 + j) | 0]!) * w2
      + (ws[(l3 + j) | 0]! + ws[(r3 + j) | 0]!) * w3 + (ws[(l4 + j) | 0]! + ws[(r4 + j) | 0]!) * w4;
  }
}

/** Symmetric (`sign` 1: `(L + R)·w`) or antisymmetric (`sign` -1: `(L - R)·w`) pair at distance k. */
function pair1(ws: Float64Array, d: number, init: boolean, c: number, s: number, k: number, w: Float64Array, h: number, len: number, sign: number): void {
  const w0 = init ? w[h]! : 0, w1 = w[h - k]!;
  const l = c - k * s, r = c + k * s;
  if (sign > 0) {
    if (init) for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(c + j) | 0]! * w0 + (ws[(l + j) | 0]! + ws[(r + j) | 0]!) * w1;
    else for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(d + j) | 0]! + (ws[(l + j) | 0]! + ws[(r + j) | 0]!) * w1;
  } else {
    if (init) for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(c + j) | 0]! * w0 + (ws[(l + j) | 0]! - ws[(r + j) | 0]!) * w1;
    else for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(d + j) | 0]! + (ws[(l + j) | 0]! - ws[(r + j) | 0]!) * w1;
  }
}

/** One general term: `ws[d+j] (=|+=) ws[a+j]·wk`. */
function term1(ws: Float64Array, d: number, init: boolean, a: number, wk: number, len: number): void {
  if (init) for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(a + j) | 0]! * wk;
  else for (let j = 0; j < len; j++) ws[(d + j) | 0] = ws[(d + j) | 0]! + ws[(a + j) | 0]! * wk;
}

