/**
 * `feature.blobLog` (scikit-image 0.19 `blob_log`): blobs as scale-space maxima of the
 * scale-normalized Laplacian of Gaussian.
 *
 * For `numSigma` sigmas spaced linearly (or logarithmically with `logScale`) between `minSigma`
 * and `maxSigma` (one value, or one per axis), the image (`img_as_float`; float32 stays float32)
 * is filtered with `-σ̄²·gaussian_laplace(image, σ)` from core/ndimage; the stack's 3^(n+1) local
 * maxima above `threshold` (and `thresholdRel`·max) are blobs (`peaks.ts`), and blobs overlapping
 * a larger one by more than `overlap` are removed (`blobPrune.ts`). Returns an (n, ndim + 1)
 * array of rows (coordinates…, σ) — (n, 2·ndim) when a sigma is given per axis — float64 (float32
 * for float32 images). `excludeBorder` (an int, or one int per axis: scikit-image 0.19 rejects
 * the per-axis form by mistake; dusk implements the documented behaviour) drops maxima that
 * close to the edges.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { gaussianLaplace } from '../core/ndimage/index.ts';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';
import { requireArray } from '../util/checks.ts';
import { pruneBlobs } from './blobPrune.ts';
import { localPeaks } from './peaks.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface BlobLogOptions {
  /** Smallest Gaussian sigma (one value or one per axis). @default 1 */
  minSigma?: number | readonly number[];
  /** Largest Gaussian sigma (one value or one per axis). @default 50 */
  maxSigma?: number | readonly number[];
  /** Number of sigmas between minSigma and maxSigma. @default 10 */
  numSigma?: number;
  /** Absolute lower bound for scale-space maxima; `null` uses the minimum. @default 0.2 */
  threshold?: number | null;
  /** Minimum maximum as a fraction of the largest response; `null` for none. @default null */
  thresholdRel?: number | null;
  /** Blobs overlapping a larger blob by more than this fraction are removed. @default 0.5 */
  overlap?: number;
  /** Space sigmas logarithmically. @default false */
  logScale?: boolean;
  /** Ignore maxima within this many pixels of the edges: false, one int, or one int per axis. @default false */
  excludeBorder?: false | number | readonly number[];
}

const sigmaSchema = z.union([z.number().positive(), z.array(z.number().positive())]);
const schema = z.strictObject({
  minSigma: sigmaSchema.default(1),
  maxSigma: sigmaSchema.default(50),
  numSigma: z.number().int().min(1).default(10),
  threshold: z.number().nullable().default(0.2),
  thresholdRel: z.number().min(0).max(1).nullable().default(null),
  overlap: z.number().min(0).max(1).default(0.5),
  logScale: z.boolean().default(false),
  excludeBorder: z.union([z.literal(false), z.number().int().min(0), z.array(z.number().int().min(0))]).default(false),
});

/** `np.linspace` (or `np.logspace`) over per-axis sigmas, rounded as the image's float type. */
function sigmaList(lo: number[], hi: number[], num: number, log: boolean, f: (x: number) => number): number[][] {
  const [a, b] = log ? [lo.map((x) => f(Math.log10(x))), hi.map((x) => f(Math.log10(x)))] : [lo, hi];
  const div = num - 1;
  const delta = a.map((start, k) => f(b[k]! - start));
  const step = delta.map((d) => (div > 0 ? f(d / div) : NaN));
  const anyStepZero = step.some((s) => s === 0); // NumPy then uses (i / div) * delta on every axis
  return Array.from({ length: num }, (_, i) => a.map((start, k) => {
    let y: number;
    if (div > 0 && i === div) y = b[k]!;
    else if (div <= 0) y = f(f(i * delta[k]!) + start);
    else if (anyStepZero) y = f(f(f(i / div) * delta[k]!) + start);
    else y = f(f(i * step[k]!) + start);
    return log ? f(10 ** y) : y;
  }));
}

/** Blobs of a grey image as rows (coordinates…, sigma). */
export function blobLog(image: NDArray, options?: BlobLogOptions): NDArray<'float32' | 'float64'> {
  requireArray('blobLog', 'image', image);
  const o = parseOptions('blobLog', schema, options);
  const img = imgAsFloat(image);
  const nd = img.ndim;
  if (nd < 1) throw new RangeError('blobLog: image must have at least one axis, received a 0-d array');
  const f32 = img.dtype === 'float32';
  const f = f32 ? Math.fround : (x: number) => x;
  const perAxis = (field: string, v: number | readonly number[]) => {
    if (typeof v === 'number') return new Array<number>(nd).fill(f(v));
    if (v.length !== nd) throw new RangeError(`blobLog: option '${field}' must have one value per axis (${nd}), received ${v.length}`);
    return v.map(f);
  };
  const scalarSigma = typeof o.minSigma === 'number' && typeof o.maxSigma === 'number';
  const sigmas = sigmaList(perAxis('minSigma', o.minSigma), perAxis('maxSigma', o.maxSigma), o.numSigma, o.logScale, f);
  const border = o.excludeBorder === false ? new Array<number>(nd).fill(0) : perAxis('excludeBorder', o.excludeBorder);

  // Scale-space cube, sigma index last: (…image shape, numSigma).
  const n = img.size, ns = sigmas.length;
  const cube = allocate(img.dtype, n * ns);
  for (let s = 0; s < ns; s++) {
    const sig = sigmas[s]!;
    let mean = sig[0]!;
    for (let k = 1; k < nd; k++) mean = f(mean + sig[k]!);
    mean = f(mean / nd);
    const scale = f(mean ** 2);
    const lap = gaussianLaplace(img, sig).values();
    for (let i = 0; i < n; i++) cube[i * ns + s] = -lap[i]! * scale;
  }
  const peaks = localPeaks(new NDArray(cube, [...img.shape, ns], { dtype: img.dtype }), {
    thresholdAbs: o.threshold, thresholdRel: o.thresholdRel, borderWidth: [...border, 0],
  });
  const sigmaDim = scalarSigma ? 1 : nd;
  const rows = peaks.map((p) => {
    const sig = sigmas[p[nd]!]!;
    return [...p.slice(0, nd), ...(scalarSigma ? [sig[0]!] : sig)];
  });
  const kept = pruneBlobs(rows, o.overlap, sigmaDim);
  const cols = nd + sigmaDim;
  const dtype = kept.length === 0 ? 'float64' : img.dtype;
  const out = allocate(dtype, kept.length * cols);
  kept.forEach((r, i) => out.set(r, i * cols));
  return new NDArray(out, [kept.length, cols], { dtype });
}

defineOp(import.meta.url, { name: 'blobLog', fn: blobLog, schema, footprint: globalFootprint('it returns a list of blobs found and pruned over the whole image') });
