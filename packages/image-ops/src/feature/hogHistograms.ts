/**
 * HOG stage 2-3 (scikit-image 0.19 `_hog_channel_gradient` and `_hoghistogram.hog_histograms`):
 * central-difference gradients and per-cell orientation histograms.
 *
 * Gradients are `x[r+1] - x[r-1]` along rows and columns (0 on the border rows/columns), in the
 * image's float type. Each pixel votes its gradient magnitude (glibc `hypot`) into the bin of its
 * unsigned orientation `deg(atan2(g_row, g_col)) mod 180`; bin `i` holds `[i·180/n, (i+1)·180/n)`.
 * As in scikit-image's Cython, a cell's sum is accumulated in a single-precision `float` and
 * divided by the cell's pixel count in single precision; pixels beyond the last whole cell are
 * ignored.
 */
import { hypot } from './hypot.ts';

type Floats = Float32Array | Float64Array;

/** Row and column gradients of a (h, w) channel stored at `src[off + (r*w + c) * step]`. */
export function channelGradient(src: ArrayLike<number>, h: number, w: number, gRow: Floats, gCol: Floats, step = 1, off = 0): void {
  const f = gRow instanceof Float32Array ? Math.fround : (x: number) => x;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c, s = off + i * step;
      gRow[i] = r > 0 && r < h - 1 ? f(src[s + w * step]! - src[s - w * step]!) : 0;
      gCol[i] = c > 0 && c < w - 1 ? f(src[s + step]! - src[s - step]!) : 0;
    }
  }
}

const RAD2DEG = 180 / Math.PI;

/**
 * Orientation histograms, shape (nCellsRow, nCellsCol, orientations), float64 values of
 * single-precision sums.
 */
export function hogHistograms(
  gRow: ArrayLike<number>, gCol: ArrayLike<number>, h: number, w: number,
  cellRows: number, cellCols: number, orientations: number,
): { hist: Float64Array; nCellsRow: number; nCellsCol: number } {
  const nCellsRow = Math.floor(h / cellRows), nCellsCol = Math.floor(w / cellCols);
  const hist = new Float64Array(nCellsRow * nCellsCol * orientations);
  const per180 = 180 / orientations;
  const edges = new Float64Array(orientations + 1);
  for (let i = 0; i <= orientations; i++) edges[i] = per180 * i;
  const acc = new Float32Array(orientations);
  const area = cellRows * cellCols;
  for (let ri = 0; ri < nCellsRow; ri++) {
    for (let ci = 0; ci < nCellsCol; ci++) {
      acc.fill(0);
      for (let r = ri * cellRows; r < (ri + 1) * cellRows; r++) {
        for (let c = ci * cellCols; c < (ci + 1) * cellCols; c++) {
          const i = r * w + c;
          const gr = gRow[i]!, gc = gCol[i]!;
          const o = (Math.atan2(gr, gc) * RAD2DEG) % 180;
          const deg = o < 0 ? o + 180 : o;
          let b = Math.min(Math.max(Math.floor(deg / per180), 0), orientations - 1);
          while (b > 0 && deg < edges[b]!) b--;
          while (b < orientations - 1 && deg >= edges[b + 1]!) b++;
          if (!(deg >= edges[b]! && deg < edges[b + 1]!)) continue; // NaN, or past the last edge
          acc[b] = acc[b]! + hypot(gc, gr);
        }
      }
      const base = (ri * nCellsCol + ci) * orientations;
      for (let b = 0; b < orientations; b++) hist[base + b] = Math.fround(acc[b]! / area);
    }
  }
  return { hist, nCellsRow, nCellsCol };
}
