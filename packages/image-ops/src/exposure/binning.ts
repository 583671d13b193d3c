/**
 * NumPy's binning rules, reproduced bit for bit for `exposure`: `linspace`, uniform-bin
 * `np.histogram` (bin i holds `edges[i] <= x < edges[i+1]`, the last bin also holds its right edge,
 * values outside the edges are dropped) and `np.interp`.
 *
 * Edges are computed in float64 as `i * step + first` with the last edge set to `last` exactly,
 * then rounded to float32 when the image is float32 (NumPy's `linspace(..., dtype=float32)`); a
 * value is compared against those stored edges, so ties land where NumPy puts them.
 */
import { allocate } from '../ndarray/dtype.ts';

/** `np.linspace(first, last, n)` in float64 (`n >= 2`). */
export function linspace(first: number, last: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const div = n - 1;
  const delta = last - first;
  const step = delta / div;
  if (step === 0) for (let i = 0; i < n; i++) out[i] = (i / div) * delta + first;
  else for (let i = 0; i < n; i++) out[i] = i * step + first;
  if (n > 1) out[n - 1] = last;
  return out;
}

/** Bin edges for `nbins` uniform bins over `[first, last]`, rounded to float32 when `f32`. */
export function binEdges(first: number, last: number, nbins: number, f32: boolean): Float64Array {
  const e = linspace(first, last, nbins + 1);
  if (f32) for (let i = 0; i < e.length; i++) e[i] = Math.fround(e[i]!);
  return e;
}

/**
 * Count `values[i]` into the uniform bins `edges` (as `np.histogram`), adding into `counts`. The
 * estimate `(x - first) * nbins / (last - first)` is corrected by one bin either way against the
 * stored edges, as NumPy does.
 */
export function countUniform(values: ArrayLike<number>, edges: Float64Array, counts: Float64Array | Int32Array): void {
  const nb = edges.length - 1;
  const first = edges[0]!, last = edges[nb]!;
  const norm = nb / (last - first);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!(x >= first && x <= last)) continue;
    let k = Math.trunc((x - first) * norm);
    if (k >= nb) k = nb - 1;
    if (x < edges[k]!) k--;
    else if (k !== nb - 1 && x >= edges[k + 1]!) k++;
    counts[k]!++;
  }
}

/** `(edges[:-1] + edges[1:]) / 2`, rounded to float32 when `f32`. */
export function binCenters(edges: Float64Array, f32: boolean): Float32Array | Float64Array {
  const n = edges.length - 1;
  const out = allocate(f32 ? 'float32' : 'float64', n);
  for (let i = 0; i < n; i++) out[i] = f32 ? Math.fround(edges[i]! + edges[i + 1]!) / 2 : (edges[i]! + edges[i + 1]!) / 2;
  return out;
}

/**
 * `np.interp(x, xp, fp)` into `out`: `xp` strictly increasing; below/above the ends take
 * `fp[0]` / `fp[-1]`; an exact hit on `xp[j]` takes `fp[j]`; NaN propagates.
 */
export function interp(x: ArrayLike<number>, xp: ArrayLike<number>, fp: ArrayLike<number>, out: Float64Array | Float32Array): void {
  const n = xp.length;
  const slopes = new Float64Array(Math.max(n - 1, 0));
  for (let j = 0; j + 1 < n; j++) slopes[j] = (fp[j + 1]! - fp[j]!) / (xp[j + 1]! - xp[j]!);
  const lo = xp[0]!, hi = xp[n - 1]!;
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== v) { out[i] = NaN; continue; }
    if (v < lo) { out[i] = fp[0]!; continue; }
    if (v >= hi) { out[i] = fp[n - 1]!; continue; }
    // Find j with xp[j] <= v < xp[j+1], starting from the previous answer.
    if (!(xp[j]! <= v && v < xp[j + 1]!)) {
      let a = 0, b = n - 1;
      while (b - a > 1) {
        const m = (a + b) >> 1;
        if (xp[m]! <= v) a = m;
        else b = m;
      }
      j = a;
    }
    if (xp[j] === v) { out[i] = fp[j]!; continue; }
    let r = slopes[j]! * (v - xp[j]!) + fp[j]!;
    if (r !== r) {
      r = slopes[j]! * (v - xp[j + 1]!) + fp[j + 1]!;
      if (r !== r && fp[j] === fp[j + 1]) r = fp[j]!;
    }
    out[i] = r;
  }
}
