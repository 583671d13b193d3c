/**
 * HOG stage 4 (scikit-image 0.19 `_hog_normalize_block`): contrast-normalize every block of
 * `cellsPerBlock` cells, sliding one cell at a time over the cell grid. Methods, with
 * `eps = 1e-5`: `L1` v/(Σ|v|+eps); `L1-sqrt` √(v/(Σ|v|+eps)); `L2` v/√(Σv²+eps²); `L2-Hys` L2,
 * then clip at 0.2, then L2 again. Output layout (nBlocksRow, nBlocksCol, bRow, bCol, orientations).
 */

export type BlockNorm = 'L1' | 'L1-sqrt' | 'L2' | 'L2-Hys';

const EPS = 1e-5;

function normalize(block: Float64Array, method: BlockNorm): void {
  const n = block.length;
  if (method === 'L1' || method === 'L1-sqrt') {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(block[i]!);
    const d = s + EPS;
    for (let i = 0; i < n; i++) block[i] = method === 'L1' ? block[i]! / d : Math.sqrt(block[i]! / d);
    return;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += block[i]! * block[i]!;
  let d = Math.sqrt(s + EPS * EPS);
  for (let i = 0; i < n; i++) block[i] = block[i]! / d;
  if (method === 'L2') return;
  s = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.min(block[i]!, 0.2);
    block[i] = v;
    s += v * v;
  }
  d = Math.sqrt(s + EPS * EPS);
  for (let i = 0; i < n; i++) block[i] = block[i]! / d;
}

/** Normalized blocks of the (nCellsRow, nCellsCol, orientations) histogram into `out`. */
export function hogBlocks(
  hist: Float64Array, nCellsRow: number, nCellsCol: number, orientations: number,
  bRow: number, bCol: number, method: BlockNorm, out: Float32Array | Float64Array,
): void {
  const nBlocksRow = nCellsRow - bRow + 1, nBlocksCol = nCellsCol - bCol + 1;
  const blockLen = bRow * bCol * orientations;
  const block = new Float64Array(blockLen);
  for (let r = 0; r < nBlocksRow; r++) {
    for (let c = 0; c < nBlocksCol; c++) {
      let k = 0;
      for (let i = 0; i < bRow; i++) {
        for (let j = 0; j < bCol; j++) {
          const base = ((r + i) * nCellsCol + (c + j)) * orientations;
          for (let o = 0; o < orientations; o++) block[k++] = hist[base + o]!;
        }
      }
      normalize(block, method);
      out.set(block, (r * nBlocksCol + c) * blockLen);
    }
  }
}
