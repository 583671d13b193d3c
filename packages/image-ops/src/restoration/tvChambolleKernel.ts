/**
 * Chambolle's projection algorithm for total-variation denoising on one n-D float channel: the
 * loop of scikit-image 0.19's `_denoise_tv_chambolle_nd`, without temporaries.
 *
 * State per iteration, for a C-ordered image of N pixels and `nd` axes: the dual field `p` (nd
 * arrays of N), the image estimate `out = image + d`, where `d` is minus the divergence of `p`.
 * Each iteration (1) forms `d` and `out` from `p` and the energy `E = Σd²`, (2) takes forward
 * differences `g` of `out` (0 on the last slice of each axis), adds `weight·Σ|g|` to `E`, and
 * updates `p ← (p − τg) / (1 + |g|·τ/weight)` with `τ = 1/(2nd)`. It stops when the normalized
 * energy changes by less than `eps·E₀` and returns the `out` of its last iteration. The energy
 * sums use NumPy's pairwise summation so the stopping iteration matches scikit-image's.
 *
 * Pixels are visited row by row along the last axis; whether a pixel has a predecessor or a
 * successor along the other axes is constant within a row, so the inner loop only tests the
 * last coordinate. float32 images keep float32 state (values rounded on every store).
 */
import { pairwiseSum } from '../ndarray/reduce.ts';

type Floats = Float32Array | Float64Array;

/** Denoise `image` (C order, `shape`) into `result`; returns the number of iterations run. */
export function tvChambolle(
  image: Floats,
  shape: readonly number[],
  weight: number,
  eps: number,
  maxNumIter: number,
  result: Floats,
): number {
  const nd = shape.length, n = image.length;
  const f32 = image instanceof Float32Array;
  const make = (len: number): Floats => (f32 ? new Float32Array(len) : new Float64Array(len));
  const p = Array.from({ length: nd }, () => make(n));
  const out = make(n);
  const scratch = new Float64Array(n);
  const tau = 1 / (2 * nd), k = tau / weight;
  const step: Step = nd === 2
    ? makeStep2d(shape[0]!, shape[1]!, image, out, p[0]!, p[1]!, scratch, tau, k, f32)
    : makeStepNd(shape, image, out, p, scratch, tau, k, f32);
  let eInit = 0, ePrev = 0, it = 0;
  for (it = 0; it < maxNumIter; it++) {
    let e = step.divergence(it > 0);
    step.update();
    e += weight * pairwiseSum(scratch);
    e /= n;
    if (it === 0) {
      eInit = e;
      ePrev = e;
    } else if (Math.abs(ePrev - e) < eps * eInit) {
      it++;
      break;
    } else {
      ePrev = e;
    }
  }
  result.set(out);
  return it;
}

/** The two passes of one iteration. */
interface Step {
  /** `d` and `out = image + d` from `p`; returns `Σd²` (0 and `out = image` on the first pass). */
  divergence(hasP: boolean): number;
  /** Forward differences of `out`, their norms into `scratch`, and the update of `p`. */
  update(): void;
}

/** Any number of axes: rows along the last axis, predecessor/successor flags per row. */
function makeStepNd(shape: readonly number[], image: Floats, out: Floats, p: Floats[], scratch: Float64Array, tau: number, k: number, f32: boolean): Step {
  const nd = shape.length, n = image.length;
  const strides = new Array<number>(nd);
  for (let ax = nd - 1, s = 1; ax >= 0; ax--) { strides[ax] = s; s *= shape[ax]!; }
  const last = shape[nd - 1]!, rows = n / last;
  const hasPrev = new Uint8Array(nd), hasNext = new Uint8Array(nd);
  const gl = new Float64Array(nd);
  const rowFlags = (r: number) => {
    let rem = r;
    for (let ax = nd - 2; ax >= 0; ax--) {
      const c = rem % shape[ax]!;
      rem = (rem - c) / shape[ax]!;
      hasPrev[ax] = c > 0 ? 1 : 0;
      hasNext[ax] = c < shape[ax]! - 1 ? 1 : 0;
    }
  };
  return {
    divergence(hasP) {
      if (!hasP) {
        out.set(image);
        return 0;
      }
      for (let r = 0; r < rows; r++) {
        rowFlags(r);
        for (let j = 0, x = r * last; j < last; j++, x++) {
          let s = p[0]![x]!;
          for (let ax = 1; ax < nd; ax++) s += p[ax]![x]!;
          let d = -s;
          for (let ax = 0; ax < nd - 1; ax++) if (hasPrev[ax]) d += p[ax]![x - strides[ax]!]!;
          if (j > 0) d += p[nd - 1]![x - 1]!;
          if (f32) d = Math.fround(d);
          out[x] = image[x]! + d;
          scratch[x] = d * d;
        }
      }
      return pairwiseSum(scratch);
    },
    update() {
      for (let r = 0; r < rows; r++) {
        rowFlags(r);
        for (let j = 0, x = r * last; j < last; j++, x++) {
          const o = out[x]!;
          let sq = 0;
          for (let ax = 0; ax < nd - 1; ax++) {
            const g = hasNext[ax] ? out[x + strides[ax]!]! - o : 0;
            gl[ax] = g;
            sq += g * g;
          }
          const g = j < last - 1 ? out[x + 1]! - o : 0;
          gl[nd - 1] = g;
          sq += g * g;
          const norm = Math.sqrt(sq);
          scratch[x] = norm;
          const denom = norm * k + 1;
          for (let ax = 0; ax < nd; ax++) p[ax]![x] = (p[ax]![x]! - tau * gl[ax]!) / denom;
        }
      }
    },
  };
}

/**
 * 2-D images, with the axis loops unrolled and the two passes fused row by row: row r's
 * divergence (which reads the old p of row r-1) runs before row r-1's update (which needs the
 * new `out` of row r), so one sweep over memory does both. `Σd²` goes through its own buffer.
 */
function makeStep2d(h: number, w: number, image: Floats, out: Floats, p0: Floats, p1: Floats, scratch: Float64Array, tau: number, k: number, f32: boolean): Step {
  const d2 = new Float64Array(h * w);
  let fused = false;
  const divergenceRow = (r: number) => {
    const row = r * w;
    for (let j = 0, x = row; j < w; j++, x++) {
      let d = -(p0[x]! + p1[x]!);
      if (r > 0) d += p0[x - w]!;
      if (j > 0) d += p1[x - 1]!;
      if (f32) d = Math.fround(d);
      out[x] = image[x]! + d;
      d2[x] = d * d;
    }
  };
  const updateRow = (r: number) => {
    const row = r * w, down = r < h - 1;
    for (let j = 0, x = row; j < w; j++, x++) {
      const o = out[x]!;
      const g0 = down ? out[x + w]! - o : 0;
      const g1 = j < w - 1 ? out[x + 1]! - o : 0;
      const norm = Math.sqrt(g0 * g0 + g1 * g1);
      scratch[x] = norm;
      const denom = norm * k + 1;
      p0[x] = (p0[x]! - tau * g0) / denom;
      p1[x] = (p1[x]! - tau * g1) / denom;
    }
  };
  return {
    divergence(hasP) {
      if (!hasP) {
        out.set(image);
        fused = false;
        return 0;
      }
      for (let r = 0; r < h; r++) {
        divergenceRow(r);
        if (r > 0) updateRow(r - 1);
      }
      updateRow(h - 1);
      fused = true;
      return pairwiseSum(d2);
    },
    update() {
      if (fused) return;
      for (let r = 0; r < h; r++) updateRow(r);
    },
  };
}
