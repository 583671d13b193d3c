/**
 * Canny's final stage (scikit-image 0.19): hysteresis thresholding and its helpers.
 *
 * `hysteresis` keeps every 8-connected group of candidate pixels with magnitude ≥ `low` that
 * contains at least one pixel ≥ `high` (scikit-image labels the low mask with `ndimage.label`
 * and keeps labels present in the high mask). `percentile` is NumPy's default ('linear')
 * percentile, used when thresholds are quantiles. (The mask's erosion is filters/mask.ts's.)
 */
import { connectedComponents } from '../measure/connectedComponents.ts';

/** Pixels of `candidates` linked to a strong pixel through pixels above `low`. */
export function hysteresis(
  candidates: Uint8Array, mag: ArrayLike<number>, low: number, high: number, h: number, w: number, out: Uint8Array,
): void {
  const lowMask = new Uint8Array(h * w);
  for (let i = 0; i < lowMask.length; i++) lowMask[i] = candidates[i] && mag[i]! >= low ? 1 : 0;
  const labels = new Int32Array(h * w);
  const count = connectedComponents(lowMask, [h, w], 0, 2, labels);
  if (count === 0) return;
  const good = new Uint8Array(count + 1);
  for (let i = 0; i < lowMask.length; i++) if (lowMask[i] && mag[i]! >= high) good[labels[i]!] = 1;
  good[0] = 0;
  for (let i = 0; i < lowMask.length; i++) out[i] = good[labels[i]!]!;
}

/** `np.percentile(values, q)` with linear interpolation (values are not modified). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile: no values');
  if (Number.isNaN(sorted[n - 1]!)) return NaN;
  const vi = (n - 1) * (q / 100);
  if (vi >= n - 1) return sorted[n - 1]!;
  if (vi < 0) return sorted[0]!;
  const prev = Math.floor(vi);
  const a = sorted[prev]!, b = sorted[prev + 1]!, t = vi - prev;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

