/**
 * Connected-component labelling kernel: union-find over one raster scan, then one relabelling
 * scan, as scikit-image's `_ccomp` (Fiorio & Gustedt). Two pixels join when they are neighbours
 * within `connectivity` orthogonal hops and hold the same value; pixels equal to `background` get
 * label 0. Every tree's root is its raster-first pixel, so labels 1..n are numbered in the raster
 * order of each component's first pixel.
 *
 * Neighbours are the raster-earlier half of the 3^nd block. The scan walks rows along the last
 * axis: which neighbours exist along the leading axes is fixed for a row, so the inner loop only
 * checks the column.
 */

/** Labels (int32, C order) of `values` with `shape`; returns the number of components. */
export function connectedComponents(
  values: ArrayLike<number>, shape: readonly number[], background: number, connectivity: number, out: Int32Array,
): number {
  const nd = shape.length, n = values.length;
  if (n === 0) return 0;
  const strides = new Array<number>(nd);
  for (let ax = nd - 1, s = 1; ax >= 0; ax--) { strides[ax] = s; s *= shape[ax]!; }
  // Raster-earlier neighbour offsets: first nonzero component is -1.
  const deltas: number[][] = [];
  const offsets: number[] = [];
  const total = 3 ** nd;
  for (let code = 0; code < total; code++) {
    const d: number[] = [];
    let c = code, hops = 0, first = 0;
    for (let ax = nd - 1; ax >= 0; ax--) { d[ax] = (c % 3) - 1; c = Math.floor(c / 3); }
    for (const x of d) { if (x !== 0) { hops++; if (first === 0) first = x; } }
    if (hops === 0 || hops > connectivity || first !== -1) continue;
    deltas.push(d);
    offsets.push(d.reduce((s, x, ax) => s + x * strides[ax]!, 0));
  }
  const m = offsets.length;
  const lastDelta = deltas.map((d) => d[nd - 1]!);
  const rowOk = new Uint8Array(m);
  const parent = new Int32Array(n);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) { const next = parent[i]!; parent[i] = r; i = next; }
    return r;
  };
  const last = shape[nd - 1]!, rows = n / last;
  const coord = new Array<number>(nd).fill(0);
  for (let row = 0; row < rows; row++) {
    let rem = row;
    for (let ax = nd - 2; ax >= 0; ax--) { coord[ax] = rem % shape[ax]!; rem = Math.floor(rem / shape[ax]!); }
    for (let k = 0; k < m; k++) {
      let ok = 1;
      for (let ax = 0; ax < nd - 1; ax++) {
        const c = coord[ax]! + deltas[k]![ax]!;
        if (c < 0 || c >= shape[ax]!) { ok = 0; break; }
      }
      rowOk[k] = ok;
    }
    for (let j = 0, i = row * last; j < last; j++, i++) {
      parent[i] = i;
      const v = values[i]!;
      if (v === background) continue;
      for (let k = 0; k < m; k++) {
        if (!rowOk[k]) continue;
        const dj = lastDelta[k]!;
        if ((dj < 0 && j === 0) || (dj > 0 && j === last - 1)) continue;
        const q = i + offsets[k]!;
        if (values[q] !== v) continue;
        const a = find(i), b = find(q);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === background) { out[i] = 0; continue; }
    const r = find(i);
    out[i] = r === i ? ++count : out[r]!;
  }
  return count;
}
