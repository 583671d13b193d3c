/**
 * HOG visualization (scikit-image 0.19 `hog(..., visualize=True)`): for each cell and orientation
 * bin, a line through the cell centre perpendicular to the bin's mid-angle, of radius
 * `min(cellRows, cellCols) // 2 - 1`, whose pixels are incremented by the bin's value. Lines are
 * drawn with scikit-image's Bresenham (`draw.line`), endpoints truncated toward zero as Python's
 * `int()` does.
 */

/** Pixels of `skimage.draw.line(r0, c0, r1, c1)`, passed to `visit(r, c)` in order. */
export function drawLine(r0: number, c0: number, r1: number, c1: number, visit: (r: number, c: number) => void): void {
  let r = r0, c = c0;
  let dr = Math.abs(r1 - r0), dc = Math.abs(c1 - c0);
  let sc = c1 - c > 0 ? 1 : -1, sr = r1 - r > 0 ? 1 : -1;
  let steep = false;
  if (dr > dc) {
    steep = true;
    [c, r] = [r, c];
    [dc, dr] = [dr, dc];
    [sc, sr] = [sr, sc];
  }
  let d = 2 * dr - dc;
  for (let i = 0; i < dc; i++) {
    if (steep) visit(c, r);
    else visit(r, c);
    while (d >= 0) {
      r += sr;
      d -= 2 * dc;
    }
    c += sc;
    d += 2 * dr;
  }
  visit(r1, c1);
}

/** The (h, w) HOG image of a (nCellsRow, nCellsCol, orientations) histogram, into `out`. */
export function hogImage(
  hist: Float64Array, nCellsRow: number, nCellsCol: number, orientations: number,
  cellRows: number, cellCols: number, w: number, out: Float32Array | Float64Array,
): void {
  const radius = Math.floor(Math.min(cellRows, cellCols) / 2) - 1;
  const dr = new Float64Array(orientations), dc = new Float64Array(orientations);
  for (let o = 0; o < orientations; o++) {
    const mid = (Math.PI * (o + 0.5)) / orientations;
    dr[o] = radius * Math.sin(mid);
    dc[o] = radius * Math.cos(mid);
  }
  for (let r = 0; r < nCellsRow; r++) {
    for (let c = 0; c < nCellsCol; c++) {
      const cr = r * cellRows + Math.floor(cellRows / 2), cc = c * cellCols + Math.floor(cellCols / 2);
      for (let o = 0; o < orientations; o++) {
        const v = hist[(r * nCellsCol + c) * orientations + o]!;
        drawLine(Math.trunc(cr - dc[o]!), Math.trunc(cc + dr[o]!), Math.trunc(cr + dc[o]!), Math.trunc(cc - dr[o]!), (y, x) => {
          out[y * w + x] = out[y * w + x]! + v;
        });
      }
    }
  }
}
