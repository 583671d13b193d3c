/**
 * The innermost loops of 1-D correlation, written for V8: each call walks `len` consecutive
 * elements and combines whole runs of rows (or of one extended line) with scalar weights,
 *
 *     dst[d+j] (=|+=) C[c+j]·w0 + (L1[l1+j] + R1[r1+j])·w1 + … + (L4[l4+j] + R4[r4+j])·w4
 *
 * so the loops are long, branch-free and monomorphic (every array is a Float64Array), and each
 * term is added in exactly the order scipy's `NI_Correlate1D` adds it (centre first, then the
 * pairs from the outermost inwards), which keeps results bit-identical to scipy's.
 *
 * Unused pair slots are filled by the caller with a zero run and weight 0.
 */

/** Symmetric kernel, up to four folded pairs per pass over the run. */
export function symmetric4(
  dst: Float64Array, d: number, init: boolean, C: Float64Array, c: number, w0: number,
  L1: Float64Array, l1: number, R1: Float64Array, r1: number, w1: number,
  L2: Float64Array, l2: number, R2: Float64Array, r2: number, w2: number,
  L3: Float64Array, l3: number, R3: Float64Array, r3: number, w3: number,
  L4: Float64Array, l4: number, R4: Float64Array, r4: number, w4: number,
  len: number,
): void {
  if (init) {
    for (let j = 0; j < len; j++) {
      dst[d + j] = C[c + j]! * w0 + (L1[l1 + j]! + R1[r1 + j]!) * w1 + (L2[l2 + j]! + R2[r2 + j]!) * w2
        + (L3[l3 + j]! + R3[r3 + j]!) * w3 + (L4[l4 + j]! + R4[r4 + j]!) * w4;
    }
  } else {
    for (let j = 0; j < len; j++) {
      dst[d + j] = dst[d + j]! + (L1[l1 + j]! + R1[r1 + j]!) * w1 + (L2[l2 + j]! + R2[r2 + j]!) * w2
        + (L3[l3 + j]! + R3[r3 + j]!) * w3 + (L4[l4 + j]! + R4[r4 + j]!) * w4;
    }
  }
}

/** Symmetric kernel, one folded pair (and the centre when `init`). */
export function symmetric1(
  dst: Float64Array, d: number, init: boolean, C: Float64Array, c: number, w0: number,
  L: Float64Array, l: number, R: Float64Array, r: number, w: number, len: number,
): void {
  if (init) for (let j = 0; j < len; j++) dst[d + j] = C[c + j]! * w0 + (L[l + j]! + R[r + j]!) * w;
  else for (let j = 0; j < len; j++) dst[d + j] = dst[d + j]! + (L[l + j]! + R[r + j]!) * w;
}

/** Antisymmetric kernel (w[-k] = -w[k]), one pair: `(L - R)·w`. */
export function antisymmetric1(
  dst: Float64Array, d: number, init: boolean, C: Float64Array, c: number, w0: number,
  L: Float64Array, l: number, R: Float64Array, r: number, w: number, len: number,
): void {
  if (init) for (let j = 0; j < len; j++) dst[d + j] = C[c + j]! * w0 + (L[l + j]! - R[r + j]!) * w;
  else for (let j = 0; j < len; j++) dst[d + j] = dst[d + j]! + (L[l + j]! - R[r + j]!) * w;
}

/** One general term: `dst (=|+=) A·w`. */
export function term1(dst: Float64Array, d: number, init: boolean, A: Float64Array, a: number, w: number, len: number): void {
  if (init) for (let j = 0; j < len; j++) dst[d + j] = A[a + j]! * w;
  else for (let j = 0; j < len; j++) dst[d + j] = dst[d + j]! + A[a + j]! * w;
}

/** Only the centre term (a symmetric kernel of one tap). */
export function centre(dst: Float64Array, d: number, C: Float64Array, c: number, w0: number, len: number): void {
  for (let j = 0; j < len; j++) dst[d + j] = C[c + j]! * w0;
}
