/**
 * Removing overlapping blobs (scikit-image 0.19 `_prune_blobs` / `_blob_overlap`).
 *
 * Candidate pairs are blobs whose centres lie within `2·σmax·√ndim` (scipy's `query_pairs`);
 * for each pair whose overlap fraction exceeds `overlap`, the blob with the smaller σ (the first
 * of the pair on a tie) is dropped. Coordinates are rescaled by `σ·√ndim` of the larger blob so
 * both become spheres of radius ≤ 1; overlap is the lens area (2-D) or volume (3-D) over the
 * smaller disk/sphere; above 3-D it is 0. Pairs are visited in the iteration order of the Python
 * set scikit-image builds (`pythonSetOrder.ts`), since that order decides chains (A⊃B, B⊃C).
 */
import { pythonPairSetOrder } from './pythonSetOrder.ts';

function diskOverlap(d: number, r1: number, r2: number): number {
  const clip = (x: number) => Math.min(Math.max(x, -1), 1);
  const acos1 = Math.acos(clip((d ** 2 + r1 ** 2 - r2 ** 2) / (2 * d * r1)));
  const acos2 = Math.acos(clip((d ** 2 + r2 ** 2 - r1 ** 2) / (2 * d * r2)));
  const a = -d + r2 + r1, b = d - r2 + r1, c = d + r2 - r1, e = d + r2 + r1;
  const area = r1 ** 2 * acos1 + r2 ** 2 * acos2 - 0.5 * Math.sqrt(Math.abs(a * b * c * e));
  return area / (Math.PI * Math.min(r1, r2) ** 2);
}

function sphereOverlap(d: number, r1: number, r2: number): number {
  const vol = (Math.PI / (12 * d)) * (r1 + r2 - d) ** 2 * (d ** 2 + 2 * d * (r1 + r2) - 3 * (r1 ** 2 + r2 ** 2) + 6 * r1 * r2);
  return vol / ((4 / 3) * Math.PI * Math.min(r1, r2) ** 3);
}

/** Overlap fraction of two blobs (rows of coordinates followed by `sigmaDim` sigmas). */
export function blobOverlap(b1: readonly number[], b2: readonly number[], sigmaDim: number): number {
  const ndim = b1.length - sigmaDim;
  if (ndim > 3) return 0;
  const s1 = b1[b1.length - 1]!, s2 = b2[b2.length - 1]!;
  if (s1 === 0 && s2 === 0) return 0;
  const big = s1 > s2 ? b1 : b2;
  const r1 = s1 > s2 ? 1 : s1 / s2, r2 = s1 > s2 ? s2 / s1 : 1;
  const root = Math.sqrt(ndim);
  let sq = 0;
  for (let k = 0; k < ndim; k++) {
    const scale = big[big.length - sigmaDim + (sigmaDim === 1 ? 0 : k)]! * root;
    const diff = b2[k]! / scale - b1[k]! / scale;
    sq += diff * diff;
  }
  const d = Math.sqrt(sq);
  if (d > r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return 1;
  return ndim === 2 ? diskOverlap(d, r1, r2) : sphereOverlap(d, r1, r2);
}

/** Blobs (rows) with overlapping smaller blobs removed, in their original order. */
export function pruneBlobs(blobs: number[][], overlap: number, sigmaDim: number): number[][] {
  if (blobs.length === 0) return blobs;
  const cols = blobs[0]!.length, ndim = cols - sigmaDim;
  let sigmaMax = -Infinity;
  for (const b of blobs) for (let k = ndim; k < cols; k++) sigmaMax = Math.max(sigmaMax, b[k]!);
  const distance = 2 * sigmaMax * Math.sqrt(ndim);
  const bound = distance * distance; // scipy compares squared distances for p = 2
  const pairs: [number, number][] = [];
  for (let i = 0; i < blobs.length; i++) {
    for (let j = i + 1; j < blobs.length; j++) {
      let sq = 0;
      for (let k = 0; k < ndim; k++) sq += (blobs[i]![k]! - blobs[j]![k]!) ** 2;
      if (sq <= bound) pairs.push([i, j]);
    }
  }
  for (const [i, j] of pythonPairSetOrder(pairs)) {
    const b1 = blobs[i]!, b2 = blobs[j]!;
    if (blobOverlap(b1, b2, sigmaDim) > overlap) {
      if (b1[cols - 1]! > b2[cols - 1]!) b2[cols - 1] = 0;
      else b1[cols - 1] = 0;
    }
  }
  return blobs.filter((b) => b[cols - 1]! > 0);
}
